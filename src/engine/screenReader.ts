import type { PaneScreenApi } from '../terminal/types.js';

/** The visible rows of a worker's screen as plain text, and where its cursor stands. */
export interface ScreenText {
  rows: string[];
  cursorY: number;
}

/** An agent adapter's view of a worker's screen (see src/agents). */
export interface ScreenReader {
  promptDelivery: 'paste' | 'type';
  permissionKeys: { allow: string; deny: string; denyEndsTurn: boolean } | null;
  detect(screen: {
    rows: readonly string[];
    cursorY: number;
  }): { state: 'working' | 'waiting' | 'idle'; reason: string } | null;
  echoed(screen: { rows: readonly string[]; cursorY: number }, text: string): boolean;
}

export function screenText(screen: PaneScreenApi): ScreenText {
  const rows: string[] = [];
  for (let y = 0; y < screen.rows; y++) rows.push(screen.rowText(y));
  return { rows, cursorY: screen.cursor().y };
}

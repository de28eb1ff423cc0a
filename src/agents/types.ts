/**
 * The seam between the engine and one kind of agent. An adapter only reads:
 * it gets plain text rows of the emulated screen and answers questions about
 * them, so it can be tested on captured fixtures without a pty or a terminal.
 */
import type { ScreenState } from '../orchestrator/statusSignals.js';

export type AgentKind = 'demo' | 'claude' | 'shell';

/** The emulated screen as plain text: the visible rows, top to bottom, and the cursor row. */
export interface ScreenText {
  rows: readonly string[];
  /** 0-based row of the cursor within `rows`. */
  cursorY: number;
}

/** What the screen says the agent is doing, and why, for the status line. */
export interface ScreenReading {
  state: ScreenState;
  reason: string;
}

export interface AgentAdapter {
  kind: AgentKind;
  /**
   * Reads the emulated screen and says what the agent is doing, or null when
   * it cannot tell (still starting, an unknown screen): null is never a guess.
   */
  detect(screen: ScreenText): ScreenReading | null;
  /** The text shows on screen, so a delivered prompt arrived. */
  echoed(screen: ScreenText, text: string): boolean;
  /** How prompts are sent when the profile does not say. */
  promptDelivery: 'paste' | 'type';
  /**
   * The keys that answer its permission prompt, when it has one (null: it has
   * none), and whether a denial ends its turn without a Stop hook (so the
   * control room must end the worker's task itself).
   */
  permissionKeys: { allow: string; deny: string; denyEndsTurn: boolean } | null;
}

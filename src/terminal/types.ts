import type { Disposable } from '../util/disposable.js';

export type MouseTracking = 'none' | 'x10' | 'vt200' | 'drag' | 'any';

/** The terminal modes a worker switched on, which decide how input is encoded for it. */
export interface PaneModes {
  applicationCursorKeys: boolean;
  bracketedPaste: boolean;
  mouseTracking: MouseTracking;
  /** SGR (1006) mouse encoding; otherwise the default X10-style bytes. */
  sgrMouse: boolean;
}

export interface CursorState {
  /** Column and row inside the visible screen, 0-based. */
  x: number;
  y: number;
  visible: boolean;
}

/**
 * A worker's emulated screen. Rows are read from the current view, which is the
 * live bottom unless the pane is scrolled back into its scrollback.
 */
export interface PaneScreenApi extends Disposable {
  readonly cols: number;
  readonly rows: number;
  /** Feed pty output; `onParsed` runs once the emulator has consumed it (flow-control ack). */
  write(data: string, onParsed?: () => void): void;
  /** Replies the emulator produces for the application (DA, DSR, cursor position). */
  onReply(listener: (data: string) => void): Disposable;
  /** Fires after parsed output changed the screen (coalesce before rendering). */
  onChange(listener: () => void): Disposable;
  resize(cols: number, rows: number): void;
  modes(): PaneModes;
  /** Cursor of the live screen; `visible` is false while scrolled back. */
  cursor(): CursorState;
  /**
   * Scroll the view; positive = older lines. Returns the new offset from the bottom. The
   * rows of the new view may follow a moment later (the threaded screen gets them from its
   * worker); onChange fires when they land.
   */
  scrollBy(lines: number): number;
  scrollToBottom(): void;
  /** Lines between the view and the live bottom; 0 when following output. */
  scrollOffset(): number;
  /**
   * Row `y` of the view as ANSI: exactly `cols` cells wide (or columns [start, end)
   * when given), starting from a reset SGR.
   */
  renderRow(y: number, start?: number, end?: number): string;
  /** Row `y` of the view as plain text (trailing blanks trimmed). */
  rowText(y: number): string;
}

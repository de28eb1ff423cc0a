/*
 * Messages between the main thread's screen mirrors (threadedScreen.ts) and the screen
 * worker (screenWorkerCore.ts), which owns the @xterm/headless terminals. Plain data
 * only: they cross a MessagePort by structured clone.
 */
import type { PaneModes } from './types.js';

/** Main thread → worker. `seq` numbers the view changes a mirror predicted (see below). */
export type ToWorker =
  | { t: 'open'; id: number; cols: number; rows: number; scrollback: number }
  | { t: 'write'; id: number; data: string }
  | { t: 'resize'; id: number; seq: number; cols: number; rows: number }
  | { t: 'scroll'; id: number; seq: number; lines: number }
  | { t: 'bottom'; id: number; seq: number }
  | { t: 'close'; id: number };

/** Worker → main thread. Replies go at once; screen state goes in coalesced batches. */
export type FromWorker =
  { t: 'reply'; id: number; data: string } | { t: 'batch'; panes: PaneUpdate[] };

export interface RowUpdate {
  y: number;
  /** The row as PaneScreen.renderRow renders it, whole. */
  ansi: string;
  /** As PaneScreen.rowText. */
  text: string;
  /** Column starts in `ansi` (rowToAnsi's `starts`), for cutting column ranges. */
  starts: Uint32Array;
}

/** One pane's state as of a flush: the rows that changed since the last one, and the rest whole. */
export interface PaneUpdate {
  id: number;
  /** The last view change (resize, scroll) the worker had applied. */
  seq: number;
  /** Writes parsed so far, counted from the first: the flow-control acks. */
  parsed: number;
  cols: number;
  rows: number;
  /** Lines of scrollback above the live screen. */
  history: number;
  /** Lines between the view and the live bottom. */
  offset: number;
  cursorX: number;
  cursorY: number;
  cursorHidden: boolean;
  modes: PaneModes;
  /** Rows whose ANSI differs from what was last sent; every row after a resize. */
  changed: RowUpdate[];
}

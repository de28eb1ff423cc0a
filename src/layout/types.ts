import type { LayoutMode } from '../engine/commands.js';

/** A rectangle of terminal cells; x and y are 0-based from the top-left. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A pane as drawn: its frame (border included) and its interior (the emulated screen). */
export interface PaneRect {
  id: string;
  frame: Rect;
  interior: Rect;
}

export interface LayoutInput {
  cols: number;
  rows: number;
  /** Worker ids in display order. */
  paneIds: readonly string[];
  /** A worker id or MASTER_PANE_ID. */
  focus: string;
  zoom: boolean;
  mode: LayoutMode;
}

export type Layout =
  | {
      kind: 'tiled';
      cols: number;
      rows: number;
      /** Visible worker panes only (zoom hides the others). */
      panes: PaneRect[];
      /** The master pane, or null when a zoomed worker hides it. */
      master: PaneRect | null;
      /** The one-row status bar at the bottom. */
      statusBar: Rect;
    }
  | { kind: 'tooSmall'; cols: number; rows: number; minCols: number; minRows: number };

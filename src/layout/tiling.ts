/**
 * The one tiling function. Ink draws the borders at these rectangles and the
 * compositor paints the workers' screens into the interiors, so both must ask
 * the same pure function — never recompute a rectangle anywhere else.
 *
 * Rules:
 * - The last row is the status bar.
 * - The master pane is a full-width band above it, `max(8, round(30% of rows))`
 *   tall, shrunk (down to its minimum) when the workers would not fit above it.
 * - Workers tile the area above the master. `columns`: one row; `rows`: one
 *   column; `grid`: c = ceil(sqrt(n)) columns, then — because terminal panes are
 *   more useful wide than tall — fewer rows and more columns while every pane
 *   stays at least PREFERRED_PANE_WIDTH wide (n=3 on a 120+ column screen is
 *   three columns, otherwise 2 + 1). A last row with fewer panes stretches them.
 * - Frames tile the area exactly; remainders go to the first columns and rows.
 *   Every interior is its frame shrunk by the 1-cell border.
 * - Zoom: the focused pane alone fills everything above the status bar.
 */
import { MASTER_PANE_ID, type Direction, type LayoutMode } from '../engine/commands.js';
import type { Layout, LayoutInput, PaneRect, Rect } from './types.js';

export const STATUS_BAR_HEIGHT = 1;
export const BORDER = 1;
/** The smallest useful worker interior: anything less cannot show a prompt. */
export const MIN_WORKER_INTERIOR = { cols: 10, rows: 3 } as const;
export const MIN_MASTER_INTERIOR = { cols: 20, rows: 3 } as const;
export const MIN_SCREEN = { cols: 40, rows: 12 } as const;
export const MASTER_PREFERRED_HEIGHT = 8;
export const MASTER_HEIGHT_RATIO = 0.3;
/** The grid trades a row for more columns only while panes stay this wide. */
export const PREFERRED_PANE_WIDTH = 40;

const MIN_WORKER_FRAME = {
  cols: MIN_WORKER_INTERIOR.cols + 2 * BORDER,
  rows: MIN_WORKER_INTERIOR.rows + 2 * BORDER,
};
const MIN_MASTER_FRAME = {
  cols: MIN_MASTER_INTERIOR.cols + 2 * BORDER,
  rows: MIN_MASTER_INTERIOR.rows + 2 * BORDER,
};

interface Grid {
  columns: number;
  rows: number;
}

export function computeLayout(input: LayoutInput): Layout {
  const { cols, rows, paneIds } = input;
  const statusBar: Rect = { x: 0, y: rows - STATUS_BAR_HEIGHT, width: cols, height: 1 };
  const areaHeight = rows - STATUS_BAR_HEIGHT;
  const zoomed = input.zoom ? zoomTarget(input) : null;

  const min = minimumSize(input, zoomed);
  if (cols < min.cols || rows < min.rows) {
    return { kind: 'tooSmall', cols, rows, minCols: min.cols, minRows: min.rows };
  }

  const whole: Rect = { x: 0, y: 0, width: cols, height: areaHeight };
  if (zoomed === MASTER_PANE_ID || paneIds.length === 0) {
    return { kind: 'tiled', cols, rows, panes: [], master: pane(MASTER_PANE_ID, whole), statusBar };
  }
  if (zoomed !== null) {
    return { kind: 'tiled', cols, rows, panes: [pane(zoomed, whole)], master: null, statusBar };
  }

  const base = baseGrid(paneIds.length, input.mode);
  const grid = input.mode === 'grid' ? widenGrid(base, paneIds.length, cols) : base;
  // minimumSize guarantees room for the master's minimum plus every worker row's minimum.
  const masterHeight = Math.max(
    MIN_MASTER_FRAME.rows,
    Math.min(preferredMasterHeight(rows), areaHeight - grid.rows * MIN_WORKER_FRAME.rows),
  );
  const workerArea: Rect = { x: 0, y: 0, width: cols, height: areaHeight - masterHeight };
  const master = pane(MASTER_PANE_ID, {
    x: 0,
    y: workerArea.height,
    width: cols,
    height: masterHeight,
  });
  return { kind: 'tiled', cols, rows, panes: tile(paneIds, grid, workerArea), master, statusBar };
}

/** The worker pane whose interior holds the cell (x, y), with the cell relative to it. */
export function paneAt(
  layout: Layout,
  x: number,
  y: number,
): { id: string; col: number; row: number } | null {
  if (layout.kind !== 'tiled') return null;
  const hit = layout.panes.find((p) => contains(p.interior, x, y));
  return hit ? { id: hit.id, col: x - hit.interior.x, row: y - hit.interior.y } : null;
}

/** The pane (worker or master) whose frame, border included, holds the cell — for click-to-focus. */
export function frameAt(layout: Layout, x: number, y: number): string | null {
  if (layout.kind !== 'tiled') return null;
  return visiblePanes(layout).find((p) => contains(p.frame, x, y))?.id ?? null;
}

/**
 * The pane to focus when moving from `fromId` in `direction`: among the panes
 * lying beyond that edge and sharing some span on the other axis, the nearest,
 * then the one with the largest shared span, then the first in display order.
 */
export function neighbour(layout: Layout, fromId: string, direction: Direction): string | null {
  if (layout.kind !== 'tiled') return null;
  const panes = visiblePanes(layout);
  const from = panes.find((p) => p.id === fromId)?.frame;
  if (!from) return null;
  let best: { id: string; distance: number; overlap: number } | null = null;
  for (const candidate of panes) {
    if (candidate.id === fromId) continue;
    const distance = gapBeyond(from, candidate.frame, direction);
    const overlap = sharedSpan(from, candidate.frame, direction);
    if (distance < 0 || overlap <= 0) continue;
    if (
      !best ||
      distance < best.distance ||
      (distance === best.distance && overlap > best.overlap)
    ) {
      best = { id: candidate.id, distance, overlap };
    }
  }
  return best?.id ?? null;
}

/** The smallest screen on which this pane count, mode and zoom still tile. */
export function minimumSize(
  input: Pick<LayoutInput, 'paneIds' | 'mode'>,
  zoomed: string | null = null,
): { cols: number; rows: number } {
  const n = input.paneIds.length;
  if (zoomed === MASTER_PANE_ID || n === 0) {
    return fitScreen(MIN_MASTER_FRAME.cols, MIN_MASTER_FRAME.rows);
  }
  if (zoomed !== null) return fitScreen(MIN_WORKER_FRAME.cols, MIN_WORKER_FRAME.rows);
  // The widened grid is only chosen on screens wide enough for it, so the base grid decides.
  const grid = baseGrid(n, input.mode);
  return fitScreen(
    Math.max(MIN_MASTER_FRAME.cols, grid.columns * MIN_WORKER_FRAME.cols),
    grid.rows * MIN_WORKER_FRAME.rows + MIN_MASTER_FRAME.rows,
  );
}

function fitScreen(areaCols: number, areaRows: number): { cols: number; rows: number } {
  return {
    cols: Math.max(MIN_SCREEN.cols, areaCols),
    rows: Math.max(MIN_SCREEN.rows, areaRows + STATUS_BAR_HEIGHT),
  };
}

/** Zoom applies to the focused pane when it exists; a stale focus means no zoom. */
function zoomTarget(input: LayoutInput): string | null {
  if (input.focus === MASTER_PANE_ID) return MASTER_PANE_ID;
  return input.paneIds.includes(input.focus) ? input.focus : null;
}

function preferredMasterHeight(rows: number): number {
  return Math.max(MASTER_PREFERRED_HEIGHT, Math.round(rows * MASTER_HEIGHT_RATIO));
}

function baseGrid(n: number, mode: LayoutMode): Grid {
  switch (mode) {
    case 'columns':
      return { columns: n, rows: 1 };
    case 'rows':
      return { columns: 1, rows: n };
    case 'grid': {
      const columns = Math.ceil(Math.sqrt(n));
      return { columns, rows: Math.ceil(n / columns) };
    }
  }
}

function widenGrid(grid: Grid, n: number, width: number): Grid {
  let result = grid;
  while (result.rows > 1) {
    const rows = result.rows - 1;
    const columns = Math.ceil(n / rows);
    if (Math.floor(width / columns) < PREFERRED_PANE_WIDTH) break;
    result = { columns, rows: Math.ceil(n / columns) };
  }
  return result;
}

function tile(ids: readonly string[], grid: Grid, area: Rect): PaneRect[] {
  const heights = split(area.height, grid.rows);
  const panes: PaneRect[] = [];
  let y = area.y;
  for (let row = 0; row < grid.rows; row++) {
    const rowIds = ids.slice(row * grid.columns, (row + 1) * grid.columns);
    const widths = split(area.width, rowIds.length);
    const height = heights[row] ?? 0;
    let x = area.x;
    rowIds.forEach((id, column) => {
      const width = widths[column] ?? 0;
      panes.push(pane(id, { x, y, width, height }));
      x += width;
    });
    y += height;
  }
  return panes;
}

/** `total` cells in `parts` sizes that differ by at most one, larger ones first. */
function split(total: number, parts: number): number[] {
  const size = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => size + (i < extra ? 1 : 0));
}

function pane(id: string, frame: Rect): PaneRect {
  return {
    id,
    frame,
    interior: {
      x: frame.x + BORDER,
      y: frame.y + BORDER,
      width: frame.width - 2 * BORDER,
      height: frame.height - 2 * BORDER,
    },
  };
}

function visiblePanes(layout: Extract<Layout, { kind: 'tiled' }>): PaneRect[] {
  return layout.master ? [...layout.panes, layout.master] : layout.panes;
}

function contains(rect: Rect, x: number, y: number): boolean {
  return x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
}

/** Cells between `from`'s edge and `to`, or -1 when `to` does not lie beyond that edge. */
function gapBeyond(from: Rect, to: Rect, direction: Direction): number {
  switch (direction) {
    case 'right':
      return to.x >= from.x + from.width ? to.x - (from.x + from.width) : -1;
    case 'left':
      return to.x + to.width <= from.x ? from.x - (to.x + to.width) : -1;
    case 'down':
      return to.y >= from.y + from.height ? to.y - (from.y + from.height) : -1;
    case 'up':
      return to.y + to.height <= from.y ? from.y - (to.y + to.height) : -1;
  }
}

/** Cells shared on the axis across the direction of travel. */
function sharedSpan(a: Rect, b: Rect, direction: Direction): number {
  if (direction === 'left' || direction === 'right') {
    return Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  }
  return Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
}

import { MASTER_PANE_ID, type LayoutMode } from '../engine/commands.js';
import { computeLayout } from '../layout/tiling.js';
import type { LayoutEntry, Manifest } from '../recording/manifest.js';

/** When nothing tells the recorded screen's size: roomy enough for four panes and a board. */
export const DEFAULT_SCREEN = { cols: 160, rows: 48 } as const;
const SEARCH = { minCols: 40, maxCols: 320, minRows: 12, maxRows: 120 } as const;

interface Constraint {
  layout: LayoutEntry;
  id: string;
  cols: number;
  rows: number;
}

/**
 * The size of the host screen a session was recorded on, which the manifest does not
 * store: each pane starts with its tile's interior as its pty size, so the screen is
 * the size whose tiling (the one pure function) gives those interiors. The size that
 * explains the most pane starts wins; null when none does (a manifest without layout,
 * or panes started before a resize settled).
 */
export function inferScreenSize(
  manifest: Manifest,
  mode: LayoutMode,
): { cols: number; rows: number } | null {
  const constraints = manifest.panes.flatMap((entry): Constraint[] => {
    const layout = layoutWith(manifest.layout, entry.id, entry.startMs);
    return layout ? [{ layout, id: entry.id, cols: entry.cols, rows: entry.rows }] : [];
  });
  const first = constraints[0];
  if (!first) return null;
  let best: { cols: number; rows: number; score: number } | null = null;
  for (let cols = SEARCH.minCols; cols <= SEARCH.maxCols; cols += 1) {
    for (let rows = SEARCH.minRows; rows <= SEARCH.maxRows; rows += 1) {
      // The first pane narrows the search at once; the others rank what is left.
      if (!fits(first, cols, rows, mode)) continue;
      const score = constraints.filter((c) => fits(c, cols, rows, mode)).length;
      if (!best || score > best.score) best = { cols, rows, score };
    }
  }
  return best ? { cols: best.cols, rows: best.rows } : null;
}

/** The first layout holding the pane, from the one in force when it started on. */
function layoutWith(
  layouts: readonly LayoutEntry[],
  id: string,
  startMs: number,
): LayoutEntry | null {
  let inForce: LayoutEntry | null = null;
  for (const layout of layouts) {
    if (layout.t <= startMs) inForce = layout;
  }
  const candidates = [...(inForce ? [inForce] : []), ...layouts.filter((l) => l.t > startMs)];
  return candidates.find((layout) => layout.panes.includes(id)) ?? null;
}

function fits(constraint: Constraint, cols: number, rows: number, mode: LayoutMode): boolean {
  const { layout } = constraint;
  const grid = computeLayout({
    cols,
    rows,
    paneIds: layout.panes,
    focus: layout.zoom ?? layout.focus ?? MASTER_PANE_ID,
    zoom: layout.zoom !== null,
    mode,
  });
  if (grid.kind !== 'tiled') return false;
  const pane = grid.panes.find((candidate) => candidate.id === constraint.id);
  return pane?.interior.width === constraint.cols && pane.interior.height === constraint.rows;
}

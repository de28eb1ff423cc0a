import { describe, expect, it } from 'vitest';
import { MASTER_PANE_ID, type LayoutMode } from '../../../src/engine/commands.js';
import {
  MIN_MASTER_INTERIOR,
  MIN_SCREEN,
  MIN_WORKER_INTERIOR,
  PREFERRED_PANE_WIDTH,
  computeLayout,
  frameAt,
  minimumSize,
  neighbour,
  paneAt,
} from '../../../src/layout/tiling.js';
import type { Layout, LayoutInput, PaneRect, Rect } from '../../../src/layout/types.js';

type Tiled = Extract<Layout, { kind: 'tiled' }>;

const MODES: readonly LayoutMode[] = ['grid', 'columns', 'rows'];
const SCREENS = [
  { cols: 40, rows: 12 },
  { cols: 80, rows: 24 },
  { cols: 100, rows: 30 },
  { cols: 120, rows: 40 },
  { cols: 161, rows: 47 },
  { cols: 240, rows: 70 },
] as const;
const MAX_WORKERS = 12;

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `w${i + 1}`);

function input(patch: Partial<LayoutInput> & { n?: number }): LayoutInput {
  const { n = 0, ...rest } = patch;
  return {
    cols: 100,
    rows: 30,
    paneIds: ids(n),
    focus: MASTER_PANE_ID,
    zoom: false,
    mode: 'grid',
    ...rest,
  };
}

function tiled(layoutInput: LayoutInput): Tiled {
  const layout = computeLayout(layoutInput);
  if (layout.kind !== 'tiled') throw new Error(`expected tiled, got ${JSON.stringify(layout)}`);
  return layout;
}

function visible(layout: Tiled): PaneRect[] {
  return layout.master ? [...layout.panes, layout.master] : layout.panes;
}

function shrunk(frame: Rect): Rect {
  return { x: frame.x + 1, y: frame.y + 1, width: frame.width - 2, height: frame.height - 2 };
}

/** Every cell above the status bar, counted once per frame covering it. */
function coverage(layout: Tiled): number[][] {
  const grid = Array.from({ length: layout.rows - 1 }, () =>
    new Array<number>(layout.cols).fill(0),
  );
  for (const { frame } of visible(layout)) {
    for (let y = frame.y; y < frame.y + frame.height; y++) {
      for (let x = frame.x; x < frame.x + frame.width; x++) {
        const row = grid[y];
        if (row === undefined || x < 0 || x >= layout.cols)
          throw new Error(`(${x},${y}) off screen`);
        row[x] = (row[x] ?? 0) + 1;
      }
    }
  }
  return grid;
}

function* everyCase(): Generator<LayoutInput> {
  for (const screen of SCREENS) {
    for (const mode of MODES) {
      for (let n = 0; n <= MAX_WORKERS; n++) {
        const paneIds = ids(n);
        for (const focus of [MASTER_PANE_ID, ...paneIds.slice(0, 1), ...paneIds.slice(-1)]) {
          for (const zoom of [false, true]) {
            yield { ...screen, mode, paneIds, focus, zoom };
          }
        }
      }
    }
  }
}

describe('computeLayout properties', () => {
  it('tiles the area above the status bar exactly, without overlap, or reports tooSmall', () => {
    let tiledCount = 0;
    for (const layoutInput of everyCase()) {
      const layout = computeLayout(layoutInput);
      const min = minimumSize(layoutInput, zoomedId(layoutInput));
      const fits = layoutInput.cols >= min.cols && layoutInput.rows >= min.rows;
      expect(layout.kind, JSON.stringify(layoutInput)).toBe(fits ? 'tiled' : 'tooSmall');
      if (layout.kind !== 'tiled') continue;
      tiledCount++;

      expect(layout.statusBar).toEqual({
        x: 0,
        y: layoutInput.rows - 1,
        width: layoutInput.cols,
        height: 1,
      });
      const cells = coverage(layout).flat();
      expect(
        cells.every((c) => c === 1),
        JSON.stringify(layoutInput),
      ).toBe(true);
      for (const pane of visible(layout)) expect(pane.interior).toEqual(shrunk(pane.frame));
    }
    // The property must not pass vacuously.
    expect(tiledCount).toBeGreaterThan(300);
  });

  it('gives every visible pane at least its minimum interior', () => {
    for (const layoutInput of everyCase()) {
      const layout = computeLayout(layoutInput);
      if (layout.kind !== 'tiled') continue;
      for (const pane of layout.panes) {
        expect(pane.interior.width).toBeGreaterThanOrEqual(MIN_WORKER_INTERIOR.cols);
        expect(pane.interior.height).toBeGreaterThanOrEqual(MIN_WORKER_INTERIOR.rows);
      }
      if (layout.master) {
        expect(layout.master.interior.width).toBeGreaterThanOrEqual(MIN_MASTER_INTERIOR.cols);
        expect(layout.master.interior.height).toBeGreaterThanOrEqual(MIN_MASTER_INTERIOR.rows);
      }
    }
  });

  it('shows every worker in display order, or only the zoomed pane', () => {
    for (const layoutInput of everyCase()) {
      const layout = computeLayout(layoutInput);
      if (layout.kind !== 'tiled') continue;
      const zoomed = zoomedId(layoutInput);
      if (zoomed === null) {
        expect(layout.panes.map((p) => p.id)).toEqual(layoutInput.paneIds);
        expect(layout.master?.id).toBe(MASTER_PANE_ID);
      } else if (zoomed === MASTER_PANE_ID) {
        expect(layout.panes).toEqual([]);
        expect(layout.master?.frame).toEqual(wholeArea(layoutInput));
      } else {
        expect(layout.panes.map((p) => p.id)).toEqual([zoomed]);
        expect(layout.panes[0]?.frame).toEqual(wholeArea(layoutInput));
        expect(layout.master).toBeNull();
      }
    }
  });

  it('reports a minimum that is honest: tiled at the minimum, tooSmall one cell below', () => {
    for (const mode of MODES) {
      for (let n = 0; n <= MAX_WORKERS; n++) {
        const base = input({ n, mode });
        const min = minimumSize(base);
        expect(computeLayout({ ...base, ...min }).kind).toBe('tiled');
        const narrower = computeLayout({ ...base, cols: min.cols - 1, rows: min.rows });
        const shorter = computeLayout({ ...base, cols: min.cols, rows: min.rows - 1 });
        expect(narrower).toMatchObject({ kind: 'tooSmall', minCols: min.cols });
        expect(shorter).toMatchObject({ kind: 'tooSmall', minRows: min.rows });
      }
    }
  });
});

describe('computeLayout rules', () => {
  it('puts the master in a band above the status bar, max(8, 30% of rows) tall', () => {
    expect(tiled(input({ n: 2, rows: 24 })).master?.frame).toEqual({
      x: 0,
      y: 15,
      width: 100,
      height: 8,
    });
    expect(tiled(input({ n: 2, rows: 40 })).master?.frame.height).toBe(12);
  });

  it('shrinks the master rather than the workers on short screens', () => {
    const layout = tiled(input({ n: 4, rows: 16 }));
    expect(layout.master?.interior.height).toBe(MIN_MASTER_INTERIOR.rows);
    expect(layout.panes.every((p) => p.interior.height === MIN_WORKER_INTERIOR.rows)).toBe(true);
  });

  it('gives the master the whole area when there are no workers', () => {
    const layout = tiled(input({ n: 0 }));
    expect(layout.panes).toEqual([]);
    expect(layout.master?.frame).toEqual({ x: 0, y: 0, width: 100, height: 29 });
  });

  it('puts two workers side by side in a grid', () => {
    const [a, b] = tiled(input({ n: 2 })).panes;
    expect(a?.frame).toMatchObject({ x: 0, y: 0, width: 50 });
    expect(b?.frame).toMatchObject({ x: 50, y: 0, width: 50 });
  });

  it(`uses three columns for three workers only when each is ${PREFERRED_PANE_WIDTH} wide`, () => {
    const wide = tiled(input({ n: 3, cols: 3 * PREFERRED_PANE_WIDTH }));
    expect(new Set(wide.panes.map((p) => p.frame.y)).size).toBe(1);

    const narrow = tiled(input({ n: 3, cols: 3 * PREFERRED_PANE_WIDTH - 1 }));
    const [a, b, c] = narrow.panes;
    expect(a?.frame.y).toBe(b?.frame.y);
    // The last row stretches its lone pane over the full width.
    expect(c?.frame).toMatchObject({ x: 0, width: narrow.cols });
    expect(c?.frame.y).toBe((a?.frame.y ?? 0) + (a?.frame.height ?? 0));
  });

  it('tiles four workers 2×2 on an ordinary screen', () => {
    const frames = tiled(input({ n: 4 })).panes.map((p) => p.frame);
    expect(frames.map((f) => [f.x, f.y])).toEqual([
      [0, 0],
      [50, 0],
      [0, frames[0]?.height],
      [50, frames[0]?.height],
    ]);
  });

  it('puts all workers side by side in columns mode and stacked in rows mode', () => {
    const columns = tiled(input({ n: 4, mode: 'columns' })).panes;
    expect(new Set(columns.map((p) => p.frame.y))).toEqual(new Set([0]));
    expect(columns.map((p) => p.frame.width)).toEqual([25, 25, 25, 25]);

    const rows = tiled(input({ n: 3, mode: 'rows', rows: 40 })).panes;
    expect(new Set(rows.map((p) => p.frame.x))).toEqual(new Set([0]));
    // 39 rows above the status bar, 12 for the master: 27 = 9 + 9 + 9.
    expect(rows.map((p) => p.frame.height)).toEqual([9, 9, 9]);
  });

  it('gives remainders to the first columns and rows', () => {
    const panes = tiled(input({ n: 3, cols: 101, mode: 'columns' })).panes;
    expect(panes.map((p) => p.frame.width)).toEqual([34, 34, 33]);
  });

  it('zooms a worker over everything above the status bar, hiding the master', () => {
    const layout = tiled(input({ n: 4, focus: 'w3', zoom: true }));
    expect(layout.panes).toEqual([
      { id: 'w3', frame: wholeArea(layout), interior: shrunk(wholeArea(layout)) },
    ]);
    expect(layout.master).toBeNull();
  });

  it('zooms the master alone', () => {
    const layout = tiled(input({ n: 4, focus: MASTER_PANE_ID, zoom: true }));
    expect(layout.panes).toEqual([]);
    expect(layout.master?.frame).toEqual(wholeArea(layout));
  });

  it('ignores zoom when the focus names no pane', () => {
    expect(tiled(input({ n: 2, focus: 'gone', zoom: true })).panes).toHaveLength(2);
  });

  it('reports tooSmall below the absolute minimum screen', () => {
    expect(computeLayout(input({ cols: MIN_SCREEN.cols - 1 }))).toEqual({
      kind: 'tooSmall',
      cols: MIN_SCREEN.cols - 1,
      rows: 30,
      minCols: MIN_SCREEN.cols,
      minRows: MIN_SCREEN.rows,
    });
    expect(computeLayout(input({ rows: MIN_SCREEN.rows - 1 })).kind).toBe('tooSmall');
  });

  it('computes the minimum for the pane count and mode', () => {
    // 12 workers in a 4×3 grid: 4 frames of 12 columns; 3 rows of 5 + master 5 + status 1.
    expect(minimumSize(input({ n: 12 }))).toEqual({ cols: 48, rows: 21 });
    expect(minimumSize(input({ n: 12, mode: 'columns' }))).toEqual({ cols: 144, rows: 12 });
    expect(minimumSize(input({ n: 12, mode: 'rows' }))).toEqual({ cols: 40, rows: 66 });
    expect(computeLayout(input({ n: 12, mode: 'columns' }))).toMatchObject({
      kind: 'tooSmall',
      minCols: 144,
    });
  });
});

describe('paneAt', () => {
  const layout = tiled(input({ n: 2 }));
  const [left, right] = layout.panes as [PaneRect, PaneRect];

  it('maps a cell in a worker interior to the worker and the cell inside it', () => {
    expect(paneAt(layout, left.interior.x, left.interior.y)).toEqual({ id: 'w1', col: 0, row: 0 });
    expect(paneAt(layout, right.interior.x + 5, right.interior.y + 2)).toEqual({
      id: 'w2',
      col: 5,
      row: 2,
    });
  });

  it('misses borders, the master and the status bar', () => {
    expect(paneAt(layout, left.frame.x, left.frame.y)).toBeNull();
    expect(paneAt(layout, right.frame.x + right.frame.width - 1, 3)).toBeNull();
    const master = layout.master as PaneRect;
    expect(paneAt(layout, master.interior.x, master.interior.y)).toBeNull();
    expect(paneAt(layout, 0, layout.rows - 1)).toBeNull();
  });

  it('finds nothing on a too-small screen', () => {
    expect(paneAt(computeLayout(input({ cols: 20 })), 1, 1)).toBeNull();
  });
});

describe('frameAt', () => {
  it('finds the pane under a border cell, including the master, but not the status bar', () => {
    const layout = tiled(input({ n: 2 }));
    expect(frameAt(layout, 0, 0)).toBe('w1');
    expect(frameAt(layout, 50, 0)).toBe('w2');
    expect(frameAt(layout, 0, layout.rows - 2)).toBe(MASTER_PANE_ID);
    expect(frameAt(layout, 0, layout.rows - 1)).toBeNull();
  });
});

describe('neighbour', () => {
  // w1 w2
  // w3 w4
  // master
  const grid = tiled(input({ n: 4 }));

  it('moves within a 2×2 grid', () => {
    expect(neighbour(grid, 'w1', 'right')).toBe('w2');
    expect(neighbour(grid, 'w1', 'down')).toBe('w3');
    expect(neighbour(grid, 'w4', 'up')).toBe('w2');
    expect(neighbour(grid, 'w4', 'left')).toBe('w3');
  });

  it('stops at the screen edges', () => {
    expect(neighbour(grid, 'w1', 'left')).toBeNull();
    expect(neighbour(grid, 'w1', 'up')).toBeNull();
    expect(neighbour(grid, 'w2', 'right')).toBeNull();
    expect(neighbour(grid, MASTER_PANE_ID, 'down')).toBeNull();
  });

  it('reaches the master going down from the bottom row, and a bottom-row worker going up', () => {
    expect(neighbour(grid, 'w3', 'down')).toBe(MASTER_PANE_ID);
    expect(neighbour(grid, 'w4', 'down')).toBe(MASTER_PANE_ID);
    expect(neighbour(grid, MASTER_PANE_ID, 'up')).toBe('w3');
  });

  it('prefers the pane sharing the most of the edge', () => {
    // 100 columns, 3 workers: w1 w2 over a stretched w3; w3 is 100 wide, w1 and w2 50 each.
    const layout = tiled(input({ n: 3 }));
    expect(neighbour(layout, 'w3', 'up')).toBe('w1');
    expect(neighbour(layout, 'w2', 'down')).toBe('w3');
    // Five columns of 20, 20, 20, 20, 20 over nothing: left from w5 is w4, not w1.
    const columns = tiled(input({ n: 5, mode: 'columns' }));
    expect(neighbour(columns, 'w5', 'left')).toBe('w4');
  });

  it('has nowhere to go when zoomed, from an unknown pane, or on a too-small screen', () => {
    const zoomed = tiled(input({ n: 4, focus: 'w2', zoom: true }));
    expect(neighbour(zoomed, 'w2', 'down')).toBeNull();
    expect(neighbour(grid, 'nope', 'down')).toBeNull();
    expect(neighbour(computeLayout(input({ n: 4, cols: 20 })), 'w1', 'right')).toBeNull();
  });
});

function zoomedId(layoutInput: LayoutInput): string | null {
  if (!layoutInput.zoom) return null;
  if (layoutInput.focus === MASTER_PANE_ID) return MASTER_PANE_ID;
  return layoutInput.paneIds.includes(layoutInput.focus) ? layoutInput.focus : null;
}

function wholeArea(screen: { cols: number; rows: number }): Rect {
  return { x: 0, y: 0, width: screen.cols, height: screen.rows - 1 };
}

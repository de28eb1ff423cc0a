import { describe, expect, it } from 'vitest';
import type { Layout, Rect } from '../../../src/layout/types.js';
import { Compositor } from '../../../src/render/compositor.js';
import { FakeScreen } from '../../helpers/fakeScreen.js';

const LAYOUT: Layout = {
  kind: 'tiled',
  cols: 40,
  rows: 10,
  panes: [
    {
      id: 'a',
      frame: { x: 0, y: 0, width: 20, height: 5 },
      interior: { x: 1, y: 1, width: 18, height: 3 },
    },
    {
      id: 'b',
      frame: { x: 20, y: 0, width: 20, height: 5 },
      interior: { x: 21, y: 1, width: 18, height: 3 },
    },
  ],
  master: null,
  statusBar: { x: 0, y: 9, width: 40, height: 1 },
};

/** Cursor moves in the output, as 0-based [x, y]. */
const moves = (out: string): [number, number][] =>
  [...out.matchAll(/\x1b\[(\d+);(\d+)H/g)].map((m) => [Number(m[2]) - 1, Number(m[1]) - 1]);

function setup() {
  const screens = new Map([
    ['a', new FakeScreen(18, 3)],
    ['b', new FakeScreen(18, 3)],
  ]);
  const compositor = new Compositor();
  const compose = (
    panes: ReadonlySet<string> | 'all',
    chrome: string | null = null,
    cursorPane: string | null = null,
    occlusion: Rect | null = null,
  ) =>
    compositor.compose({
      layout: LAYOUT,
      chrome,
      panes,
      screenOf: (id) => screens.get(id),
      cursorPane,
      occlusion,
    });
  return { screens, compose };
}

describe('Compositor', () => {
  it('paints every row of every pane at its interior on the first frame', () => {
    const { compose } = setup();
    const out = compose('all');
    expect(moves(out)).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [21, 1],
      [21, 2],
      [21, 3],
    ]);
  });

  it('paints only rows that changed, and nothing when nothing did', () => {
    const { screens, compose } = setup();
    compose('all');
    screens.get('a')!.setRow(1, 'hello');
    const out = compose(new Set(['a']));
    expect(moves(out)).toEqual([[1, 2]]);
    expect(out).toContain('hello');
    expect(compose(new Set(['a']))).toBe('');
  });

  it('writes changed chrome lines and repaints the pane rows those lines crossed', () => {
    const { compose } = setup();
    compose('all', 'top\nrow1\nrow2\nrow3\nbottom');
    const out = compose(new Set(), 'top\nrow1 changed\nrow2\nrow3\nbottom');
    // The chrome line 1 is rewritten whole, then both panes' row 0 (screen row 1).
    expect(moves(out)).toEqual([
      [0, 1],
      [1, 1],
      [21, 1],
    ]);
  });

  it('shows the cursor inside the cursor pane and hides it otherwise', () => {
    const { screens, compose } = setup();
    screens.get('b')!.cursorState = { x: 4, y: 2, visible: true };
    const out = compose('all', null, 'b');
    expect(out.endsWith('\x1b[4;26H\x1b[?25h')).toBe(true);
    const hidden = compose(new Set(), null, null);
    expect(hidden).toBe('\x1b[?25l');
  });

  it('waits for a pending resize rather than spilling a wider screen over the border', () => {
    const { screens, compose } = setup();
    screens.get('a')!.cols = 30;
    const out = compose('all');
    expect(moves(out).filter(([x]) => x === 1)).toEqual([]);
  });

  it('never emits anything a worker wrote: only the screen rendering', () => {
    const { screens, compose } = setup();
    screens.get('a')!.write('\x1b]0;evil title\x07\x1b]52;c;ZXZpbA==\x07');
    const out = compose('all');
    expect(out).not.toContain('\x1b]');
  });

  it('paints around a dialog, never over it, and whole rows again once it closes', () => {
    const { screens, compose } = setup();
    screens.get('a')!.setRow(1, 'aaaaaaaaaaaaaaaaaa');
    screens.get('b')!.setRow(1, 'bbbbbbbbbbbbbbbbbb');
    // A dialog over screen rows 2..3, columns 10..29: the right of pane a, the left of b.
    const dialog: Rect = { x: 10, y: 2, width: 20, height: 2 };
    const out = compose('all', null, null, dialog);
    const row2 = moves(out).filter(([, y]) => y === 2);
    expect(row2).toEqual([
      [1, 2],
      [30, 2],
    ]);
    expect(out).toContain('\x1b[3;2H\x1b[0maaaaaaaaa\x1b');
    expect(out).toContain('\x1b[3;31H\x1b[0mbbbbbbbbb\x1b');
    // Closed: the chrome under it changes, and those rows are painted whole.
    const closed = compose(new Set(), 'x\nx\ny\ny');
    expect(moves(closed).filter(([, y]) => y === 2)).toEqual([
      [0, 2],
      [1, 2],
      [21, 2],
    ]);
  });
});

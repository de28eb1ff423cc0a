import { describe, expect, it } from 'vitest';
import type { Layout } from '../../../src/layout/types.js';
import { Renderer } from '../../../src/render/renderer.js';
import { FakeClock } from '../../helpers/fakeClock.js';

const LAYOUT: Layout = {
  kind: 'tiled',
  cols: 20,
  rows: 3,
  panes: [],
  master: null,
  statusBar: { x: 0, y: 2, width: 20, height: 1 },
};

function setup() {
  const clock = new FakeClock();
  const writes: string[] = [];
  const renderer = new Renderer({
    clock,
    write: (data) => writes.push(data),
    source: {
      layout: () => LAYOUT,
      screenOf: () => undefined,
      cursorPane: () => null,
      focusedPane: () => null,
      occlusion: () => null,
    },
  });
  return { clock, writes, renderer };
}

describe('Renderer', () => {
  it('paints a chrome frame that changed, line by line', () => {
    const { clock, writes, renderer } = setup();
    renderer.chromeFrame('top\nmiddle\nbottom');
    clock.advance(0);
    renderer.chromeFrame('top\nMIDDLE\nbottom');
    clock.advance(100);
    expect(writes).toHaveLength(2);
    expect(writes[1]).toContain('MIDDLE');
    expect(writes[1]).not.toContain('top');
  });

  it('does not even schedule a frame for a chrome frame equal to the last one', () => {
    const { clock, writes, renderer } = setup();
    renderer.chromeFrame('top\nmiddle\nbottom');
    clock.advance(0);
    renderer.chromeFrame('top\nmiddle\nbottom');
    expect(clock.pending).toBe(0);
    clock.advance(100);
    expect(writes).toHaveLength(1);
  });

  it('paints the last chrome frame when one in between went back to what is on screen', () => {
    const { clock, writes, renderer } = setup();
    renderer.chromeFrame('a\nb\nc');
    clock.advance(0);
    renderer.chromeFrame('a\nX\nc');
    renderer.chromeFrame('a\nb\nc');
    clock.advance(100);
    // Nothing differs from the screen: no write, and the next change is diffed against "b".
    expect(writes).toHaveLength(1);
    renderer.chromeFrame('a\nY\nc');
    clock.advance(100);
    expect(writes).toHaveLength(2);
    expect(writes[1]).toContain('Y');
  });
});

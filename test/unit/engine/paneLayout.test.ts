import { describe, expect, it } from 'vitest';
import { PaneLayout, layoutInputsChanged } from '../../../src/engine/paneLayout.js';
import { newWorkerInfo } from '../../../src/engine/workerInfo.js';
import { shellWorkerSpec } from '../../../src/engine/workerSpec.js';
import { createAppStore } from '../../../src/store/store.js';

function setup() {
  const store = createAppStore();
  store.getState().setLayout({ screen: { cols: 120, rows: 40 } });
  for (const id of ['a', 'b']) {
    store
      .getState()
      .addWorker(newWorkerInfo(shellWorkerSpec({ id, name: id, commandLine: 'x', cwd: '/' })));
  }
  store.getState().setLayout({ focus: 'a' });
  return { store, panes: new PaneLayout(store) };
}

const ids = (layout: ReturnType<PaneLayout['current']>) =>
  layout.kind === 'tiled' ? layout.panes.map((pane) => pane.id) : [];

describe('PaneLayout', () => {
  it('computes the tiling once until its inputs change', () => {
    const { store, panes } = setup();
    const first = panes.current();
    store.getState().setUi({ notice: { text: 'unrelated', level: 'info' } });
    expect(panes.current()).toBe(first);
    store.getState().setLayout({ mode: 'rows' });
    expect(panes.current()).not.toBe(first);
  });

  it('still sees every pane while one is zoomed', () => {
    const { store, panes } = setup();
    store.getState().setLayout({ zoom: true });
    expect(ids(panes.current())).toEqual(['a']);
    expect(ids(panes.unzoomed())).toEqual(['a', 'b']);
  });

  it("gives a worker its tile's interior size, and none to a hidden or unknown one", () => {
    const { store, panes } = setup();
    const layout = panes.current();
    if (layout.kind !== 'tiled') throw new Error('expected a tiled layout');
    const interior = layout.panes[1]!.interior;
    expect(panes.interiorSize('b')).toEqual({ cols: interior.width, rows: interior.height });
    expect(panes.interiorSize('nobody')).toBeNull();
    store.getState().setLayout({ zoom: true });
    expect(panes.interiorSize('b')).toBeNull();
  });
});

describe('layoutInputsChanged', () => {
  it('sees the screen, the mode, zoom, focus and the worker order, and nothing else', () => {
    const { store } = setup();
    const before = store.getState();
    store.getState().setUi({ notice: { text: 'unrelated', level: 'info' } });
    expect(layoutInputsChanged(store.getState(), before)).toBe(false);
    store.getState().setLayout({ focus: 'b' });
    expect(layoutInputsChanged(store.getState(), before)).toBe(true);
  });
});

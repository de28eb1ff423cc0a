import { computeLayout } from '../layout/tiling.js';
import type { Layout, LayoutInput } from '../layout/types.js';
import type { AppState, AppStore } from '../store/store.js';

const LAYOUT_KEYS = ['screen', 'mode', 'zoom', 'focus'] as const;

function layoutInput(state: AppState): LayoutInput {
  const { layout, workerOrder } = state;
  return {
    cols: layout.screen.cols,
    rows: layout.screen.rows,
    paneIds: workerOrder,
    focus: layout.focus,
    zoom: layout.zoom,
    mode: layout.mode,
  };
}

/** Whether the tiling may have changed between two states (then ptys are sized again). */
export function layoutInputsChanged(state: AppState, previous: AppState): boolean {
  return (
    state.workerOrder !== previous.workerOrder ||
    LAYOUT_KEYS.some((key) => state.layout[key] !== previous.layout[key])
  );
}

/** The tiling of the current state, computed by the same pure function Ink uses. */
export class PaneLayout {
  private cached: { key: string; layout: Layout } | null = null;

  constructor(private readonly store: AppStore) {}

  current(): Layout {
    const state = this.store.getState();
    const { layout, workerOrder } = state;
    const key = `${layout.screen.cols}x${layout.screen.rows}|${layout.mode}|${layout.zoom}|${layout.focus}|${workerOrder.join(',')}`;
    if (this.cached?.key !== key) this.cached = { key, layout: computeLayout(layoutInput(state)) };
    return this.cached.layout;
  }

  /** The tiling as if nothing were zoomed: moving focus by direction goes by it. */
  unzoomed(): Layout {
    const state = this.store.getState();
    return state.layout.zoom
      ? computeLayout({ ...layoutInput(state), zoom: false })
      : this.current();
  }

  /** The size of a worker's screen in its tile; null when it has no tile. */
  interiorSize(id: string): { cols: number; rows: number } | null {
    const layout = this.current();
    if (layout.kind !== 'tiled') return null;
    const pane = layout.panes.find((candidate) => candidate.id === id);
    return pane ? { cols: pane.interior.width, rows: pane.interior.height } : null;
  }
}

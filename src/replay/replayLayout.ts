import { MASTER_PANE_ID } from '../engine/commands.js';
import { computeLayout } from '../layout/tiling.js';
import type { Layout, PaneRect, Rect } from '../layout/types.js';
import type { ReplayState } from './replayStore.js';

/** The timeline takes one row above the status bar, so it stays visible when zoomed. */
export const TIMELINE_ROWS = 1;

export interface ReplayLayout {
  /**
   * The live room's tiling (the same function, so tiles sit where they sat), its bottom
   * band one row shorter for the timeline.
   */
  grid: Layout;
  timeline: Rect;
  statusBar: Rect;
  /** Panes tiled, in order; the focused and zoomed one (worker id, 'master' or null). */
  paneIds: string[];
  focus: string | null;
  zoomed: string | null;
}

type LayoutInputs = Pick<ReplayState, 'screen' | 'mode' | 'panes' | 'layout' | 'focus' | 'zoom'>;

/**
 * The panes in the room at the position: the recorded order, else (no layout
 * recorded) every pane that had started, in the order they first started.
 */
export function tiledPaneIds(state: Pick<ReplayState, 'panes' | 'layout'>): string[] {
  const known = new Set(state.panes.map((pane) => pane.id));
  const recorded = state.layout?.panes.filter((id) => known.has(id)) ?? [];
  if (recorded.length > 0) return recorded;
  return state.panes.filter((pane) => pane.started).map((pane) => pane.id);
}

/** The viewer's focus when still in the room, else the recorded one, else the first pane. */
export function effectiveFocus(state: LayoutInputs, paneIds = tiledPaneIds(state)): string | null {
  const inRoom = (id: string | null | undefined): id is string =>
    !!id && (id === MASTER_PANE_ID || paneIds.includes(id));
  if (inRoom(state.focus)) return state.focus;
  if (inRoom(state.layout?.focus)) return state.layout.focus;
  return paneIds[0] ?? null;
}

export function zoomedPane(state: LayoutInputs, paneIds = tiledPaneIds(state)): string | null {
  switch (state.zoom) {
    case 'off':
      return null;
    case 'on':
      return effectiveFocus(state, paneIds);
    case 'recorded': {
      const zoom = state.layout?.zoom ?? null;
      return zoom && (zoom === MASTER_PANE_ID || paneIds.includes(zoom)) ? zoom : null;
    }
  }
}

export function replayLayout(state: LayoutInputs): ReplayLayout {
  const { cols, rows } = state.screen;
  const paneIds = tiledPaneIds(state);
  const zoomed = zoomedPane(state, paneIds);
  const focus = zoomed ?? effectiveFocus(state, paneIds);
  const grid = computeLayout({
    cols,
    rows,
    paneIds,
    focus: focus ?? MASTER_PANE_ID,
    zoom: zoomed !== null,
    mode: state.mode,
  });
  const statusBar = { x: 0, y: Math.max(0, rows - 1), width: cols, height: 1 };
  const timeline = { x: 0, y: Math.max(0, rows - 1 - TIMELINE_ROWS), width: cols, height: 1 };
  if (grid.kind !== 'tiled') {
    return {
      grid: { ...grid, minRows: grid.minRows + TIMELINE_ROWS },
      timeline,
      statusBar,
      paneIds,
      focus,
      zoomed,
    };
  }
  // The row comes off the bottom band — the master, or a zoomed pane filling the room —
  // so worker tiles keep the sizes they had live and nothing is clipped on the same screen.
  const master = grid.master ? shorten(grid.master) : null;
  const panes = master ? grid.panes : grid.panes.map(shorten);
  return { grid: { ...grid, panes, master }, timeline, statusBar, paneIds, focus, zoomed };
}

function shorten(pane: PaneRect): PaneRect {
  return {
    id: pane.id,
    frame: { ...pane.frame, height: pane.frame.height - TIMELINE_ROWS },
    interior: { ...pane.interior, height: Math.max(0, pane.interior.height - TIMELINE_ROWS) },
  };
}

import type { StateCreator } from 'zustand/vanilla';
import type { LayoutMode } from '../engine/commands.js';
import { changesNothing } from './patch.js';
import type { AppState } from './store.js';

export interface LayoutState {
  mode: LayoutMode;
  /** A worker id, or MASTER_PANE_ID. */
  focus: string;
  zoom: boolean;
  screen: { cols: number; rows: number };
}

export interface LayoutSlice {
  layout: LayoutState;
  setLayout: (patch: Partial<LayoutState>) => void;
}

export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = (set) => ({
  layout: { mode: 'grid', focus: 'master', zoom: false, screen: { cols: 80, rows: 24 } },
  setLayout: (patch) =>
    set((state) =>
      changesNothing(state.layout, patch) ? state : { layout: { ...state.layout, ...patch } },
    ),
});

import type { StateCreator } from 'zustand/vanilla';
import type { Command, InputMode } from '../engine/commands.js';
import { changesNothing } from './patch.js';
import type { AppState } from './store.js';

export type Overlay =
  | { kind: 'help' }
  /**
   * The new-task dialog: the first line is the title; `role:`, `after:` and
   * `priority:` lines set those; everything else is the brief.
   */
  | { kind: 'taskDialog'; text: string; cursor: number }
  /** A question the human answers with y (runs `command`) or n / Esc. */
  | { kind: 'confirm'; title: string; message: string; command: Command };

export interface UiState {
  inputMode: InputMode;
  /** The prefix key was pressed; the next key is read as a command key. */
  prefixPending: boolean;
  /** How the prefix key is written in hints, e.g. "Ctrl-b". */
  prefixLabel: string;
  overlay: Overlay | null;
  /** A short message for the status bar; cleared by the next one. */
  notice: { text: string; level: 'info' | 'warn' | 'error' } | null;
  /** The master pane's command line (`/task …`, `/assign …`). */
  commandLine: { text: string; cursor: number };
}

export interface UiSlice {
  ui: UiState;
  setUi: (patch: Partial<UiState>) => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  ui: {
    inputMode: 'navigate',
    prefixPending: false,
    prefixLabel: 'Ctrl-b',
    overlay: null,
    notice: null,
    commandLine: { text: '', cursor: 0 },
  },
  setUi: (patch) =>
    set((state) => (changesNothing(state.ui, patch) ? state : { ui: { ...state.ui, ...patch } })),
});

import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './store.js';

export interface LogEntry {
  /** Milliseconds since the epoch. */
  at: number;
  kind: string;
  text: string;
  workerId?: string;
}

/** The log keeps the newest entries only; the recorder keeps everything. */
export const LOG_LIMIT = 500;

export interface LogSlice {
  log: readonly LogEntry[];
  appendLog: (entry: LogEntry) => void;
}

export const createLogSlice: StateCreator<AppState, [], [], LogSlice> = (set) => ({
  log: [],
  appendLog: (entry) => set((state) => ({ log: [...state.log, entry].slice(-LOG_LIMIT) })),
});

import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './store.js';

import type { MessageType } from '../orchestrator/types.js';

/**
 * decision: the dispatcher assigned or held something (with its reason);
 * override: the human changed a decision; status: a worker's status changed;
 * message: master↔worker traffic (TASK_ASSIGNMENT, QUESTION, …).
 */
export type LogKind =
  'decision' | 'override' | 'status' | 'message' | 'task' | 'worker' | 'app' | 'warning';

export interface LogEntry {
  /** Milliseconds since the epoch. */
  at: number;
  kind: LogKind | (string & {});
  text: string;
  workerId?: string;
  taskId?: string;
  message?: MessageType;
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

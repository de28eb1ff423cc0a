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

/**
 * Saved log entries that still have the shape the master pane shows: the
 * state file keeps the log loosely typed, so an entry from an older or
 * damaged file is dropped rather than drawn wrong.
 */
export function validLogEntries(entries: readonly unknown[] | undefined): LogEntry[] {
  return (entries ?? []).filter(
    (entry): entry is LogEntry =>
      !!entry &&
      typeof entry === 'object' &&
      typeof (entry as LogEntry).at === 'number' &&
      typeof (entry as LogEntry).text === 'string' &&
      typeof (entry as LogEntry).kind === 'string',
  );
}

export interface LogSlice {
  log: readonly LogEntry[];
  appendLog: (entry: LogEntry) => void;
}

export const createLogSlice: StateCreator<AppState, [], [], LogSlice> = (set) => ({
  log: [],
  appendLog: (entry) => set((state) => ({ log: [...state.log, entry].slice(-LOG_LIMIT) })),
});

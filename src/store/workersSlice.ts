import type { StateCreator } from 'zustand/vanilla';
import type { WorkerStatus } from '../orchestrator/types.js';
import { changesNothing } from './patch.js';
import type { AppState } from './store.js';

/** The process side of a worker, as the pane title shows it. */
export type ProcessState = 'starting' | 'running' | 'paused' | 'exited';

/** A worktree's changes against the session's base, for the pane title. */
export interface DiffSummary {
  files: number;
  insertions: number;
  deletions: number;
  commitsAhead: number;
  uncommitted: number;
}

export interface WorkerCost {
  usd: number;
  inputTokens: number;
  outputTokens: number;
  /** Tokens in the agent's context at its latest answer. */
  contextTokens: number | null;
}

export interface WorkerInfo {
  id: string;
  name: string;
  /** The config profile it was started from; null for `--worker NAME=COMMAND`. */
  profile: string | null;
  /** Its git worktree and branch; null when it runs in the repository itself. */
  worktree: string | null;
  branch: string | null;
  diff: DiffSummary | null;
  /** The human killed it: it stays ended when the session is resumed. */
  killed: boolean;
  /** The agent's own conversation id (e.g. Claude Code's session id), for resuming it. */
  agentSessionId: string | null;
  /** The role it plays (coder, tester, …); tasks with a role go to workers with that role. */
  role: string | null;
  /** What it is doing, and which signal says so: `waiting · permission prompt (hook)`. */
  status: WorkerStatus;
  /** False once the circuit breaker took it out of dispatch, until the human reinstates it. */
  dispatchable: boolean;
  /** The task it works on, if any. */
  currentTask: string | null;
  /** A question it asked the human (QUESTION report), until answered. */
  question: string | null;
  /** Prompts queued for it, and whether they wait because the human is typing into it. */
  queuedPrompts: number;
  waitingForHuman: boolean;
  /** A permission its agent is asking for, until answered (the inbox). */
  permission: { tool: string; detail: string; since: number } | null;
  /** What its agent has spent so far (from its transcript), when it can be known. */
  cost: WorkerCost | null;
  /** The command as the user wrote it, for titles. */
  commandLine: string;
  cwd: string;
  process: ProcessState;
  pid: number | null;
  exitCode: number | null;
  exitSignal: string | null;
  /** Why it ended, in words ("command not found", "killed"), when known. */
  exitReason: string | null;
  cols: number;
  rows: number;
  /** Lines scrolled back from the live bottom; 0 follows new output. */
  scrollOffset: number;
  restarts: number;
}

export interface WorkersSlice {
  workers: Readonly<Record<string, WorkerInfo>>;
  /** Display order: worker N in the keys is workerOrder[N-1]. */
  workerOrder: readonly string[];
  addWorker: (info: WorkerInfo) => void;
  patchWorker: (id: string, patch: Partial<Omit<WorkerInfo, 'id'>>) => void;
  removeWorker: (id: string) => void;
}

export const createWorkersSlice: StateCreator<AppState, [], [], WorkersSlice> = (set) => ({
  workers: {},
  workerOrder: [],
  addWorker: (info) =>
    set((state) => ({
      workers: { ...state.workers, [info.id]: info },
      workerOrder: state.workerOrder.includes(info.id)
        ? state.workerOrder
        : [...state.workerOrder, info.id],
    })),
  patchWorker: (id, patch) =>
    set((state) => {
      const current = state.workers[id];
      if (!current || changesNothing(current, patch)) return state;
      return { workers: { ...state.workers, [id]: { ...current, ...patch } } };
    }),
  removeWorker: (id) =>
    set((state) => {
      const rest = { ...state.workers };
      delete rest[id];
      return { workers: rest, workerOrder: state.workerOrder.filter((w) => w !== id) };
    }),
});

/**
 * The task and worker-status model of the master pane, as plain data: it is
 * stored, saved, sent over the control socket and replayed.
 */

export type TaskStatus = 'pending' | 'assigned' | 'running' | 'done' | 'failed' | 'cancelled';

export interface TaskBrief {
  objective: string;
  expectedOutput: string | null;
  boundaries: string | null;
}

export interface Task {
  /** T1, T2, … in order of creation. */
  id: string;
  title: string;
  brief: TaskBrief;
  /** The role a worker needs (coder, tester, reviewer, …); null = anyone. */
  role: string | null;
  /** Higher runs first. */
  priority: number;
  /** Ids of tasks that must be done first (a DAG: cycles are rejected). */
  dependsOn: string[];
  status: TaskStatus;
  assignee: string | null;
  attempts: number;
  maxAttempts: number;
  /** Workers this task failed on; a retry prefers others. */
  failedOn: string[];
  /** Not before this time (ms since epoch): backoff after a failure. */
  notBefore: number | null;
  result: string | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Where a worker's status came from, most authoritative first. */
export type StatusSignal = 'hook' | 'screen' | 'activity' | 'process' | 'human';

export type WorkerStatusState =
  'starting' | 'idle' | 'working' | 'waiting' | 'paused' | 'stalled' | 'exited' | 'failed';

export interface WorkerStatus {
  state: WorkerStatusState;
  signal: StatusSignal;
  /** Why, in a few words: "permission prompt", "prompt submitted", "no output for 90 s". */
  reason: string;
  since: number;
}

export type DispatchStrategy = 'capability' | 'least-loaded' | 'round-robin';

/** The message vocabulary between master and workers, kept as event types. */
export type MessageType =
  | 'TASK_ASSIGNMENT'
  | 'STATUS_REQUEST'
  | 'TERMINATE'
  | 'CONTEXT_UPDATE'
  | 'STATUS_UPDATE'
  | 'QUESTION'
  | 'TASK_COMPLETE'
  | 'ERROR';

import { assertNever } from './exhaustive.js';
import { formatDuration } from './duration.js';
import { readyTasks } from './taskGraph.js';
import type { DispatchStrategy, Task, WorkerStatusState } from './types.js';

/**
 * Which ready task goes to which idle worker, and why, as a pure plan: the
 * engine applies the assignments and logs each reason as a decision event.
 *
 * Rules every strategy shares:
 * - only idle, dispatchable (circuit breaker closed) workers with no active
 *   task take work, one task each per plan;
 * - a task with a role only goes to a worker with that role or capability —
 *   a tester task never lands on a coder, whatever the strategy;
 * - a task avoids the workers it failed on while another fitting worker could
 *   take it (idle now, or busy but alive and dispatchable: then it waits);
 * - tasks are served highest priority first, then oldest.
 * The strategies only differ in which of the fitting idle workers is chosen.
 */

export interface DispatchWorker {
  id: string;
  name: string;
  role: string | null;
  capabilities: readonly string[];
  status: WorkerStatusState;
  /** False while the circuit breaker holds it out of dispatch. */
  dispatchable: boolean;
  activeTasks: number;
  completed: number;
}

export interface Assignment {
  taskId: string;
  workerId: string;
  reason: string;
}

export interface DispatchInput {
  tasks: readonly Task[];
  workers: readonly DispatchWorker[];
  strategy: DispatchStrategy;
  /** Auto-dispatch held by the human: plan nothing. */
  held: boolean;
  now: number;
  /** Round-robin position: index in `workers` of the next worker to consider. */
  cursor: number;
}

export interface DispatchPlan {
  assignments: Assignment[];
  cursor: number;
}

export interface WaitContext {
  held?: boolean;
  now?: number;
}

type Fit = 'role' | 'capability' | 'any';

interface Candidate {
  worker: DispatchWorker;
  index: number;
  fit: Fit;
}

export function planDispatch(input: DispatchInput): DispatchPlan {
  const { workers, strategy } = input;
  let cursor = normalizeCursor(input.cursor, workers.length);
  if (input.held) return { assignments: [], cursor };

  const taken = new Set<string>();
  const assignments: Assignment[] = [];
  for (const task of readyTasks(input.tasks, input.now)) {
    const free = workers
      .map((worker, index) => ({ worker, index, fit: fitOf(task, worker) }))
      .filter((c): c is Candidate => c.fit !== null && isFree(c.worker) && !taken.has(c.worker.id));
    const { pool, avoided, forcedBack } = avoidFailedOn(task, free, workers);
    if (pool.length === 0) continue;

    const picked = pick(strategy, pool, cursor, workers.length);
    if (strategy === 'round-robin') cursor = (picked.index + 1) % workers.length;
    taken.add(picked.worker.id);
    const notes = [
      fitNote(task, picked),
      strategyNote(strategy, picked),
      ...(avoided.length > 0 ? [`avoids ${avoided.join(', ')} (failed there)`] : []),
      ...(forcedBack ? ['failed here before, no other fitting worker'] : []),
    ];
    assignments.push({
      taskId: task.id,
      workerId: picked.worker.id,
      reason: `${task.id} → ${picked.worker.name}: ${notes.join('; ')}`,
    });
  }
  return { assignments, cursor };
}

/**
 * Why a ready task is not assigned, for the board and the log: the first
 * obstacle found, from the most general (held, backoff) to the most specific.
 */
export function explainWait(
  task: Task,
  workers: readonly DispatchWorker[],
  context: WaitContext = {},
): string {
  if (context.held) return 'auto-dispatch is held';
  if (context.now !== undefined && task.notBefore !== null && task.notBefore > context.now) {
    return `backing off, retry in ${formatDuration(task.notBefore - context.now)}`;
  }
  const wanted = task.role === null ? 'worker' : `worker with role ${task.role}`;
  const fitting = workers.filter((w) => fitOf(task, w) !== null);
  if (fitting.length === 0) return `no ${wanted}`;
  const inDispatch = fitting.filter((w) => w.dispatchable);
  if (inDispatch.length === 0) {
    return `every ${wanted} is out of dispatch (circuit breaker): ${names(fitting)}`;
  }
  const free = inDispatch.filter(isFree);
  if (free.length === 0) {
    const busy = inDispatch.map((w) => `${w.name} ${w.activeTasks > 0 ? 'busy' : w.status}`);
    return `no idle ${wanted} (${busy.join(', ')})`;
  }
  if (free.every((w) => task.failedOn.includes(w.id))) {
    const others = inDispatch.filter((w) => !task.failedOn.includes(w.id) && couldTakeLater(w));
    if (others.length > 0) {
      return `waits for a worker it has not failed on (${names(others)}); failed on ${names(free)}`;
    }
  }
  return 'an idle worker fits; it goes at the next dispatch unless a higher-priority task takes it';
}

/** How a worker fits a task's role, or null when it does not. */
function fitOf(task: Task, worker: DispatchWorker): Fit | null {
  if (task.role === null) return 'any';
  if (worker.role === task.role) return 'role';
  if (worker.capabilities.includes(task.role)) return 'capability';
  return null;
}

function isFree(worker: DispatchWorker): boolean {
  return worker.status === 'idle' && worker.dispatchable && worker.activeTasks === 0;
}

/**
 * A worker that is not free now but will likely be soon: alive, in dispatch,
 * and not parked by the human (paused) or suspected hung (stalled). Only such
 * a worker is worth waiting for instead of retrying where the task failed.
 */
function couldTakeLater(worker: DispatchWorker): boolean {
  if (!worker.dispatchable) return false;
  switch (worker.status) {
    case 'idle':
    case 'starting':
    case 'working':
    case 'waiting':
      return true;
    case 'paused':
    case 'stalled':
    case 'exited':
    case 'failed':
      return false;
  }
}

function avoidFailedOn(
  task: Task,
  free: Candidate[],
  workers: readonly DispatchWorker[],
): { pool: Candidate[]; avoided: string[]; forcedBack: boolean } {
  if (task.failedOn.length === 0) return { pool: free, avoided: [], forcedBack: false };
  const fresh = free.filter((c) => !task.failedOn.includes(c.worker.id));
  const avoided = free.filter((c) => task.failedOn.includes(c.worker.id)).map((c) => c.worker.name);
  if (fresh.length > 0) return { pool: fresh, avoided, forcedBack: false };
  const otherFitting = workers.some(
    (w) => fitOf(task, w) !== null && !task.failedOn.includes(w.id) && couldTakeLater(w),
  );
  // Another fitting worker is busy but alive: wait for it rather than retry
  // where the task already failed (explainWait says so).
  if (otherFitting) return { pool: [], avoided, forcedBack: false };
  return { pool: free, avoided: [], forcedBack: free.length > 0 };
}

function pick(
  strategy: DispatchStrategy,
  pool: readonly Candidate[],
  cursor: number,
  workerCount: number,
): Candidate {
  const sorted = [...pool];
  switch (strategy) {
    case 'capability':
      sorted.sort((a, b) => fitRank(a) - fitRank(b) || byLoad(a, b));
      break;
    case 'least-loaded':
      sorted.sort(byLoad);
      break;
    case 'round-robin':
      // Distance from the cursor, walking the worker list in a circle.
      sorted.sort(
        (a, b) =>
          ((a.index - cursor + workerCount) % workerCount) -
          ((b.index - cursor + workerCount) % workerCount),
      );
      break;
    default:
      return assertNever(strategy, 'dispatch strategy');
  }
  const first = sorted[0];
  if (!first) throw new Error('pick() needs at least one candidate');
  return first;
}

/**
 * Capability ranking: the worker whose role is the task's role, then one that
 * merely has it as a capability; a task without a role prefers a worker
 * without one, keeping specialists free for the tasks only they can take.
 */
function fitRank(candidate: Candidate): number {
  switch (candidate.fit) {
    case 'role':
      return 0;
    case 'capability':
      return 1;
    case 'any':
      return candidate.worker.role === null ? 0 : 1;
  }
}

function load(worker: DispatchWorker): number {
  return worker.completed + worker.activeTasks;
}

/** Fewest tasks done or active first; list order breaks ties, so plans are stable. */
function byLoad(a: Candidate, b: Candidate): number {
  return load(a.worker) - load(b.worker) || a.index - b.index;
}

function fitNote(task: Task, picked: Candidate): string {
  switch (picked.fit) {
    case 'role':
      return `role ${task.role ?? ''} matches`;
    case 'capability':
      return `capability ${task.role ?? ''} matches`;
    case 'any':
      return 'any role';
  }
}

function strategyNote(strategy: DispatchStrategy, picked: Candidate): string {
  const done = `${picked.worker.completed} done`;
  switch (strategy) {
    case 'capability':
      return `best fit (${done})`;
    case 'least-loaded':
      return `least loaded (${done})`;
    case 'round-robin':
      return 'next in rotation';
    default:
      return assertNever(strategy, 'dispatch strategy');
  }
}

function names(workers: readonly DispatchWorker[]): string {
  return workers.map((w) => w.name).join(', ');
}

function normalizeCursor(cursor: number, count: number): number {
  if (count === 0 || !Number.isInteger(cursor)) return 0;
  return ((cursor % count) + count) % count;
}

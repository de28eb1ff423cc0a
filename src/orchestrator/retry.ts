import { formatDuration } from './duration.js';
import type { Task } from './types.js';

/**
 * What happens after a task fails (retry with backoff, elsewhere when
 * possible, or give up) and the per-worker circuit breaker that takes a
 * worker out of dispatch after K failures in a row. Pure: the engine stores
 * the results and turns the reasons into events.
 */

export interface RetryPolicy {
  /**
   * Attempts for a task that carries no usable limit of its own (a state saved
   * before the field existed). A task's own `maxAttempts` wins: it was set from
   * this default at creation, or on purpose by the human.
   */
  maxAttempts: number;
  /** Wait before attempt `attempt + 1`, given the 1-based number of the attempt that failed. */
  backoffMs: (attempt: number) => number;
}

export interface FailureOutcome {
  task: Task;
  /** True when the task is pending again; false when it failed for good. */
  retrying: boolean;
  reason: string;
}

export type TaskOutcome = 'done' | 'failed';

export interface BreakerState {
  consecutiveFailures: number;
  dispatchable: boolean;
}

export const INITIAL_BREAKER: BreakerState = { consecutiveFailures: 0, dispatchable: true };

/** Doubling backoff from `baseMs`, capped at `maxMs`; no jitter, so runs and tests repeat. */
export function exponentialBackoff(options: {
  baseMs: number;
  maxMs: number;
}): (attempt: number) => number {
  return (attempt) => Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Counts an attempt as started: the engine calls this when it assigns a task
 * (by the dispatcher or by hand), so `attempts` is "attempts made", the
 * number the board shows as 2/3.
 */
export function startAttempt(task: Task, workerId: string, now: number): Task {
  return {
    ...task,
    status: 'assigned',
    assignee: workerId,
    attempts: task.attempts + 1,
    notBefore: null,
    error: null,
    updatedAt: now,
  };
}

/**
 * The task after its attempt on `workerId` failed: pending again after a
 * backoff, remembering the worker so the dispatcher prefers another, or failed
 * for good once its attempts are used up. Dependants of a task that failed for
 * good are not run; the engine reports them with `dependantsOf`.
 */
export function onTaskFailed(
  task: Task,
  workerId: string,
  now: number,
  policy: RetryPolicy,
  error: string | null = null,
): FailureOutcome {
  // An assignment that bypassed startAttempt still counts as one attempt.
  const attempt = Math.max(task.attempts, 1);
  const limit = task.maxAttempts >= 1 ? task.maxAttempts : policy.maxAttempts;
  const failedOn = task.failedOn.includes(workerId) ? task.failedOn : [...task.failedOn, workerId];
  const base = { ...task, attempts: attempt, assignee: null, failedOn, error, updatedAt: now };
  const what = `attempt ${attempt}/${limit} of ${task.id} failed on ${workerId}`;

  if (attempt >= limit) {
    return {
      task: { ...base, status: 'failed', notBefore: null },
      retrying: false,
      reason: `${what}; failed for good`,
    };
  }
  const wait = Math.max(0, policy.backoffMs(attempt));
  return {
    task: { ...base, status: 'pending', notBefore: now + wait },
    retrying: true,
    reason: `${what}; retry in ${formatDuration(wait)}, preferring another worker`,
  };
}

/**
 * `/retry T` by the human: pending again at once, with one more attempt when
 * its attempts are used up. The workers it failed on stay remembered.
 */
export function retryByHand(task: Task, now: number): Task {
  return {
    ...task,
    status: 'pending',
    assignee: null,
    notBefore: null,
    error: null,
    maxAttempts: Math.max(task.maxAttempts, task.attempts + 1),
    updatedAt: now,
  };
}

/**
 * The breaker after a task outcome on this worker. K failures in a row open
 * it (not dispatchable); a success resets the count but does not close an
 * open breaker — only the human does that (`resetBreaker`), because a worker
 * that failed K times needs looking at even if it then finished a task the
 * human gave it by hand.
 */
export function recordOutcome(
  state: BreakerState,
  outcome: TaskOutcome,
  threshold: number,
): BreakerState {
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`breaker threshold must be a whole number ≥ 1, not ${threshold}`);
  }
  switch (outcome) {
    case 'done':
      return { consecutiveFailures: 0, dispatchable: state.dispatchable };
    case 'failed': {
      const consecutiveFailures = state.consecutiveFailures + 1;
      return {
        consecutiveFailures,
        dispatchable: state.dispatchable && consecutiveFailures < threshold,
      };
    }
  }
}

/** The human puts the worker back into dispatch. */
export function resetBreaker(): BreakerState {
  return { ...INITIAL_BREAKER };
}

/** True when this outcome is the one that opened the breaker: the engine logs it once. */
export function breakerOpened(before: BreakerState, after: BreakerState): boolean {
  return before.dispatchable && !after.dispatchable;
}

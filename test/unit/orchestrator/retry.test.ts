import { describe, expect, it } from 'vitest';
import {
  breakerOpened,
  exponentialBackoff,
  INITIAL_BREAKER,
  onTaskFailed,
  recordOutcome,
  resetBreaker,
  retryByHand,
  startAttempt,
  type BreakerState,
  type RetryPolicy,
  type TaskOutcome,
} from '../../../src/orchestrator/retry.js';
import { readyTasks } from '../../../src/orchestrator/taskGraph.js';
import { makeTask } from '../../helpers/tasks.js';

const NOW = 50_000;
const BASE_MS = 5_000;
const MAX_MS = 60_000;
const BREAKER_THRESHOLD = 3;
const POLICY: RetryPolicy = {
  maxAttempts: 3,
  backoffMs: exponentialBackoff({ baseMs: BASE_MS, maxMs: MAX_MS }),
};

describe('exponentialBackoff', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map(POLICY.backoffMs)).toEqual([
      5_000, 10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
  });
});

describe('onTaskFailed', () => {
  it('puts the task back with a backoff, remembering the worker', () => {
    const task = startAttempt(makeTask({ id: 'T1' }), 'w1', NOW - 1_000);
    expect(task).toMatchObject({ status: 'assigned', assignee: 'w1', attempts: 1 });

    const outcome = onTaskFailed(task, 'w1', NOW, POLICY, 'tests failed');
    expect(outcome.retrying).toBe(true);
    expect(outcome.task).toMatchObject({
      status: 'pending',
      assignee: null,
      attempts: 1,
      failedOn: ['w1'],
      notBefore: NOW + BASE_MS,
      error: 'tests failed',
      updatedAt: NOW,
    });
    expect(outcome.reason).toBe(
      'attempt 1/3 of T1 failed on w1; retry in 5 s, preferring another worker',
    );
    expect(readyTasks([outcome.task], NOW + BASE_MS - 1)).toEqual([]);
    expect(readyTasks([outcome.task], NOW + BASE_MS)).toHaveLength(1);
  });

  it('backs off longer after each failure and gives up after the last attempt', () => {
    let task = makeTask({ id: 'T1' });
    const waits: (number | null)[] = [];
    const reasons: string[] = [];
    let retrying = true;
    for (const w of ['w1', 'w2', 'w1']) {
      const outcome = onTaskFailed(startAttempt(task, w, NOW), w, NOW, POLICY);
      task = outcome.task;
      retrying = outcome.retrying;
      reasons.push(outcome.reason);
      waits.push(task.notBefore === null ? null : task.notBefore - NOW);
    }
    expect(waits).toEqual([5_000, 10_000, null]);
    expect(retrying).toBe(false);
    expect(task).toMatchObject({ status: 'failed', attempts: 3, failedOn: ['w1', 'w2'] });
    expect(reasons.at(-1)).toBe('attempt 3/3 of T1 failed on w1; failed for good');
  });

  it("uses the task's own limit over the policy default", () => {
    const task = startAttempt(makeTask({ id: 'T1', maxAttempts: 1 }), 'w1', NOW);
    expect(onTaskFailed(task, 'w1', NOW, POLICY).retrying).toBe(false);
  });

  it('counts an assignment that skipped startAttempt as one attempt', () => {
    const outcome = onTaskFailed(makeTask({ id: 'T1', status: 'running' }), 'w1', NOW, POLICY);
    expect(outcome.task.attempts).toBe(1);
    expect(outcome.retrying).toBe(true);
  });

  it('lets the human retry a task that failed for good, with one more attempt', () => {
    const failed = makeTask({ id: 'T1', status: 'failed', attempts: 3, failedOn: ['w1'] });
    expect(retryByHand(failed, NOW)).toMatchObject({
      status: 'pending',
      maxAttempts: 4,
      notBefore: null,
      failedOn: ['w1'],
    });
  });
});

describe('circuit breaker', () => {
  const run = (outcomes: TaskOutcome[], start: BreakerState = INITIAL_BREAKER): BreakerState =>
    outcomes.reduce((state, outcome) => recordOutcome(state, outcome, BREAKER_THRESHOLD), start);

  it('opens after K failures in a row', () => {
    expect(run(['failed', 'failed'])).toEqual({ consecutiveFailures: 2, dispatchable: true });
    const before = run(['failed', 'failed']);
    const after = recordOutcome(before, 'failed', BREAKER_THRESHOLD);
    expect(after).toEqual({ consecutiveFailures: 3, dispatchable: false });
    expect(breakerOpened(before, after)).toBe(true);
    expect(breakerOpened(after, recordOutcome(after, 'failed', BREAKER_THRESHOLD))).toBe(false);
  });

  it('counts only failures in a row', () => {
    expect(run(['failed', 'failed', 'done', 'failed', 'failed'])).toEqual({
      consecutiveFailures: 2,
      dispatchable: true,
    });
  });

  it('stays open after a success until the human resets it', () => {
    const open = run(['failed', 'failed', 'failed', 'done']);
    expect(open).toEqual({ consecutiveFailures: 0, dispatchable: false });
    expect(resetBreaker()).toEqual(INITIAL_BREAKER);
  });

  it('refuses a threshold below one as a bug', () => {
    expect(() => recordOutcome(INITIAL_BREAKER, 'failed', 0)).toThrow(RangeError);
  });
});

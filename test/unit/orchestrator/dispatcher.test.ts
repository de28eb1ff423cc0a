import { describe, expect, it } from 'vitest';
import {
  explainWait,
  planDispatch,
  type DispatchInput,
  type DispatchWorker,
} from '../../../src/orchestrator/dispatcher.js';
import type { Task } from '../../../src/orchestrator/types.js';
import { makeTask } from '../../helpers/tasks.js';

const NOW = 10_000;
const TESTER = 'tester';
const CODER = 'coder';

function worker(id: string, overrides: Partial<DispatchWorker> = {}): DispatchWorker {
  return {
    id,
    name: id,
    role: null,
    capabilities: [],
    status: 'idle',
    dispatchable: true,
    activeTasks: 0,
    completed: 0,
    ...overrides,
  };
}

function plan(
  tasks: Task[],
  workers: DispatchWorker[],
  overrides: Partial<DispatchInput> = {},
): ReturnType<typeof planDispatch> {
  return planDispatch({
    tasks,
    workers,
    strategy: 'capability',
    held: false,
    now: NOW,
    cursor: 0,
    ...overrides,
  });
}

const pairs = (result: ReturnType<typeof planDispatch>): string[] =>
  result.assignments.map((a) => `${a.taskId}:${a.workerId}`);

describe('planDispatch, rules for every strategy', () => {
  it('assigns nothing while dispatch is held', () => {
    const result = plan([makeTask({ id: 'T1' })], [worker('w1')], { held: true, cursor: 1 });
    expect(result).toEqual({ assignments: [], cursor: 0 });
  });

  it('only gives work to idle, dispatchable workers without an active task', () => {
    const tasks = ['T1', 'T2', 'T3', 'T4'].map((id) => makeTask({ id }));
    const workers = [
      worker('busy', { status: 'working' }),
      worker('asking', { status: 'waiting' }),
      worker('broken', { dispatchable: false }),
      worker('loaded', { activeTasks: 1 }),
      worker('free'),
    ];
    expect(pairs(plan(tasks, workers))).toEqual(['T1:free']);
  });

  it('gives each worker at most one task per plan, highest priority first', () => {
    const tasks = [makeTask({ id: 'T1' }), makeTask({ id: 'T2', priority: 9 })];
    expect(pairs(plan(tasks, [worker('w1')]))).toEqual(['T2:w1']);
  });

  it('never assigns a task whose dependencies are not done', () => {
    const tasks = [
      makeTask({ id: 'T1', status: 'running' }),
      makeTask({ id: 'T2', dependsOn: ['T1'] }),
    ];
    expect(pairs(plan(tasks, [worker('w1')]))).toEqual([]);
  });

  it.each(['capability', 'least-loaded', 'round-robin'] as const)(
    'sends a role task only to a worker with that role or capability (%s)',
    (strategy) => {
      const tasks = [makeTask({ id: 'T1', role: TESTER })];
      const coder = worker('w1', { role: CODER });
      expect(pairs(plan(tasks, [coder], { strategy }))).toEqual([]);
      const byCapability = worker('w2', { role: CODER, capabilities: [TESTER] });
      expect(pairs(plan(tasks, [coder, byCapability], { strategy }))).toEqual(['T1:w2']);
    },
  );
});

describe('strategies', () => {
  it('capability: the exact role beats a mere capability, generalists take role-less tasks', () => {
    const tasks = [makeTask({ id: 'T1' }), makeTask({ id: 'T2', role: TESTER, createdAt: 1 })];
    const workers = [
      worker('w1', { role: CODER, capabilities: [TESTER] }),
      worker('w2', { role: TESTER, completed: 5 }),
      worker('w3'),
    ];
    const result = plan(tasks, workers);
    expect(pairs(result)).toEqual(['T1:w3', 'T2:w2']);
    expect(result.assignments[1]?.reason).toBe('T2 → w2: role tester matches; best fit (5 done)');
  });

  it('least-loaded: the worker with the fewest tasks done, with a reason', () => {
    const tasks = [makeTask({ id: 'T3', role: TESTER })];
    const workers = [
      worker('w1', { role: TESTER, completed: 4 }),
      worker('w2', { role: TESTER, completed: 1 }),
      worker('w3', { role: TESTER, completed: 2 }),
    ];
    const result = plan(tasks, workers, { strategy: 'least-loaded' });
    expect(result.assignments).toEqual([
      {
        taskId: 'T3',
        workerId: 'w2',
        reason: 'T3 → w2: role tester matches; least loaded (1 done)',
      },
    ]);
  });

  it('round-robin: rotates through the workers across plans with the cursor', () => {
    const workers = [worker('w1'), worker('w2'), worker('w3')];
    let cursor = 0;
    const picked: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const result = plan([makeTask({ id: `T${i}` })], workers, {
        strategy: 'round-robin',
        cursor,
      });
      picked.push(...result.assignments.map((a) => a.workerId));
      cursor = result.cursor;
    }
    expect(picked).toEqual(['w1', 'w2', 'w3', 'w1']);
  });

  it('round-robin: skips workers that are not free and keeps rotating from the one chosen', () => {
    const workers = [worker('w1'), worker('w2', { status: 'working' }), worker('w3')];
    const result = plan([makeTask({ id: 'T1' })], workers, { strategy: 'round-robin', cursor: 1 });
    expect(pairs(result)).toEqual(['T1:w3']);
    expect(result.cursor).toBe(0);
    expect(result.assignments[0]?.reason).toBe('T1 → w3: any role; next in rotation');
  });
});

describe('failedOn avoidance', () => {
  const retried = makeTask({ id: 'T1', failedOn: ['w1'], attempts: 1 });

  it('prefers a worker the task has not failed on', () => {
    const result = plan([retried], [worker('w1'), worker('w2', { completed: 3 })], {
      strategy: 'least-loaded',
    });
    expect(pairs(result)).toEqual(['T1:w2']);
    expect(result.assignments[0]?.reason).toContain('avoids w1 (failed there)');
  });

  it('waits for another fitting worker that is busy rather than retry where it failed', () => {
    const workers = [worker('w1'), worker('w2', { status: 'working' })];
    expect(pairs(plan([retried], workers))).toEqual([]);
    expect(explainWait(retried, workers)).toBe(
      'waits for a worker it has not failed on (w2); failed on w1',
    );
  });

  it('goes back to the worker it failed on when no other could ever take it', () => {
    const workers = [worker('w1'), worker('w2', { status: 'exited' })];
    const result = plan([retried], workers);
    expect(pairs(result)).toEqual(['T1:w1']);
    expect(result.assignments[0]?.reason).toContain('failed here before, no other fitting worker');
  });
});

describe('explainWait', () => {
  const testerTask = makeTask({ id: 'T2', role: TESTER });

  it('names the missing role', () => {
    expect(explainWait(testerTask, [worker('w1', { role: CODER })])).toBe(
      'no worker with role tester',
    );
  });

  it('says when every fitting worker is busy', () => {
    const workers = [
      worker('w2', { role: TESTER, status: 'working' }),
      worker('w3', { role: TESTER, activeTasks: 1 }),
    ];
    expect(explainWait(testerTask, workers)).toBe(
      'no idle worker with role tester (w2 working, w3 busy)',
    );
  });

  it('points at the circuit breaker', () => {
    expect(explainWait(testerTask, [worker('w2', { role: TESTER, dispatchable: false })])).toBe(
      'every worker with role tester is out of dispatch (circuit breaker): w2',
    );
  });

  it('says when dispatch is held or the task is backing off', () => {
    expect(explainWait(testerTask, [], { held: true })).toBe('auto-dispatch is held');
    const backingOff = makeTask({ id: 'T3', notBefore: NOW + 30_000 });
    expect(explainWait(backingOff, [worker('w1')], { now: NOW })).toBe(
      'backing off, retry in 30 s',
    );
  });
});

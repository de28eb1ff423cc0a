import { describe, expect, it } from 'vitest';
import {
  addTask,
  blockedBy,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_PRIORITY,
  dependantsOf,
  findCycle,
  isDeadBlocker,
  nextTaskId,
  readyTasks,
  setDependencies,
  wouldCycle,
  type NewTaskInput,
} from '../../../src/orchestrator/taskGraph.js';
import type { Task } from '../../../src/orchestrator/types.js';
import { makeTask } from '../../helpers/tasks.js';

const NOW = 1_000;

/** Adds tasks one after another, failing the test on any rejection. */
function build(inputs: NewTaskInput[], start: readonly Task[] = []): Task[] {
  let tasks = [...start];
  inputs.forEach((input, i) => {
    const result = addTask(tasks, input, NOW + i);
    if (!result.ok) throw new Error(result.error);
    tasks = result.tasks;
  });
  return tasks;
}

function withStatus(tasks: Task[], status: Record<string, Task['status']>): Task[] {
  return tasks.map((t) => ({ ...t, status: status[t.id] ?? t.status }));
}

describe('addTask', () => {
  it('numbers tasks T1, T2, … and fills the defaults', () => {
    const tasks = build([{ title: ' write the parser ' }, { title: 'test it', role: 'tester' }]);
    expect(tasks.map((t) => t.id)).toEqual(['T1', 'T2']);
    expect(tasks[0]).toMatchObject({
      title: 'write the parser',
      brief: { objective: 'write the parser', expectedOutput: null, boundaries: null },
      role: null,
      priority: DEFAULT_PRIORITY,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      status: 'pending',
      attempts: 0,
      failedOn: [],
      createdAt: NOW,
    });
    expect(tasks[1]?.role).toBe('tester');
  });

  it('continues after the highest id, so ids are never reused', () => {
    const existing = [makeTask({ id: 'T1' }), makeTask({ id: 'T7' })];
    expect(nextTaskId(existing)).toBe('T8');
    expect(nextTaskId([])).toBe('T1');
  });

  it('takes a brief as a plain objective or as its three parts', () => {
    const [plain, full] = build([
      { title: 'a', brief: 'do the thing' },
      { title: 'b', brief: { objective: 'x', expectedOutput: 'a PR', boundaries: ' src/ only ' } },
    ]);
    expect(plain?.brief).toEqual({
      objective: 'do the thing',
      expectedOutput: null,
      boundaries: null,
    });
    expect(full?.brief).toEqual({
      objective: 'x',
      expectedOutput: 'a PR',
      boundaries: 'src/ only',
    });
  });

  it('rejects an empty title', () => {
    expect(addTask([], { title: '   ' }, NOW)).toEqual({
      ok: false,
      error: 'a task needs a title',
    });
  });

  it('rejects unknown dependencies, naming them', () => {
    const tasks = build([{ title: 'a' }]);
    const result = addTask(tasks, { title: 'b', dependsOn: ['T1', 'T9', 'T12'] }, NOW);
    expect(result).toEqual({ ok: false, error: 'unknown dependencies T9, T12' });
  });

  it('rejects a bad attempt limit or priority', () => {
    expect(addTask([], { title: 'a', maxAttempts: 0 }, NOW).ok).toBe(false);
    expect(addTask([], { title: 'a', priority: Number.NaN }, NOW).ok).toBe(false);
  });

  it('drops blank and repeated dependencies', () => {
    const tasks = build([{ title: 'a' }, { title: 'b', dependsOn: ['T1', ' T1 ', ''] }]);
    expect(tasks[1]?.dependsOn).toEqual(['T1']);
  });
});

describe('cycles', () => {
  it('names the cycle a new dependency would close', () => {
    let tasks = build([{ title: 'a' }, { title: 'b' }, { title: 'c' }]);
    const first = setDependencies(tasks, 'T1', ['T3'], NOW);
    if (!first.ok) throw new Error(first.error);
    tasks = first.tasks;
    expect(setDependencies(tasks, 'T3', ['T1'], NOW)).toEqual({
      ok: false,
      error: 'dependencies would form a cycle: T3 → T1 → T3',
    });
  });

  it('follows long paths and reports them in order', () => {
    const tasks = build([
      { title: 'a' },
      { title: 'b', dependsOn: ['T1'] },
      { title: 'c', dependsOn: ['T2'] },
    ]);
    expect(wouldCycle(tasks, 'T1', ['T3'])).toEqual(['T1', 'T3', 'T2', 'T1']);
    expect(wouldCycle(tasks, 'T3', ['T1'])).toBeNull();
  });

  it('rejects a task depending on itself', () => {
    const tasks = build([{ title: 'a' }]);
    expect(setDependencies(tasks, 'T1', ['T1'], NOW)).toEqual({
      ok: false,
      error: 'T1 cannot depend on itself',
    });
  });

  it('finds a cycle already in a loaded graph', () => {
    const tasks = [
      makeTask({ id: 'T1', dependsOn: ['T2'] }),
      makeTask({ id: 'T2', dependsOn: ['T1'] }),
    ];
    expect(findCycle(tasks)).toEqual(['T1', 'T2', 'T1']);
    expect(findCycle(build([{ title: 'a' }, { title: 'b', dependsOn: ['T1'] }]))).toBeNull();
  });
});

describe('readyTasks', () => {
  it('holds a task until all its dependencies are done', () => {
    const tasks = build([{ title: 'a' }, { title: 'b' }, { title: 'c', dependsOn: ['T1', 'T2'] }]);
    expect(readyTasks(tasks, NOW).map((t) => t.id)).toEqual(['T1', 'T2']);
    const oneDone = withStatus(tasks, { T1: 'done', T2: 'running' });
    expect(readyTasks(oneDone, NOW).map((t) => t.id)).toEqual([]);
    const bothDone = withStatus(tasks, { T1: 'done', T2: 'done' });
    expect(readyTasks(bothDone, NOW).map((t) => t.id)).toEqual(['T3']);
  });

  it('sorts by priority, highest first, then oldest first', () => {
    const tasks = build([
      { title: 'old low' },
      { title: 'urgent', priority: 5 },
      { title: 'new low' },
      { title: 'medium', priority: 2 },
    ]);
    expect(readyTasks(tasks, NOW + 10).map((t) => t.title)).toEqual([
      'urgent',
      'medium',
      'old low',
      'new low',
    ]);
  });

  it('waits for a backoff to pass', () => {
    const tasks = [makeTask({ id: 'T1', notBefore: NOW + 500 })];
    expect(readyTasks(tasks, NOW)).toEqual([]);
    expect(readyTasks(tasks, NOW + 500).map((t) => t.id)).toEqual(['T1']);
  });

  it('only offers pending tasks', () => {
    const tasks = withStatus(build([{ title: 'a' }, { title: 'b' }, { title: 'c' }]), {
      T1: 'assigned',
      T2: 'cancelled',
    });
    expect(readyTasks(tasks, NOW).map((t) => t.id)).toEqual(['T3']);
  });
});

describe('blocked tasks', () => {
  const chain = (): Task[] =>
    build([
      { title: 'a' },
      { title: 'b', dependsOn: ['T1'] },
      { title: 'c', dependsOn: ['T2'] },
      { title: 'd' },
      { title: 'e', dependsOn: ['T1', 'T4'] },
    ]);

  it('says which dependencies hold a task back', () => {
    const tasks = withStatus(chain(), { T1: 'running', T4: 'done' });
    const t5 = tasks[4];
    if (!t5) throw new Error('no T5');
    expect(blockedBy(t5, tasks)).toEqual([{ id: 'T1', status: 'running' }]);
    expect(blockedBy(makeTask({ id: 'T9', dependsOn: ['T404'] }), tasks)).toEqual([
      { id: 'T404', status: 'missing' },
    ]);
  });

  it('lists every dependant, direct or not, when a task fails for good', () => {
    const tasks = withStatus(chain(), { T1: 'failed' });
    expect(dependantsOf(tasks, 'T1').map((t) => t.id)).toEqual(['T2', 'T3', 'T5']);
    expect(dependantsOf(tasks, 'T4').map((t) => t.id)).toEqual(['T5']);
    // Not run silently: none of them is ready, and their blocker is dead.
    expect(readyTasks(tasks, NOW).map((t) => t.id)).toEqual(['T4']);
    const t2 = tasks[1];
    if (!t2) throw new Error('no T2');
    expect(blockedBy(t2, tasks).every(isDeadBlocker)).toBe(true);
  });

  it('tells dead blockers from ones still under way', () => {
    expect(isDeadBlocker({ id: 'T1', status: 'cancelled' })).toBe(true);
    expect(isDeadBlocker({ id: 'T1', status: 'missing' })).toBe(true);
    expect(isDeadBlocker({ id: 'T1', status: 'pending' })).toBe(false);
  });
});

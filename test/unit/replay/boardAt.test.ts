import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src/orchestrator/types.js';
import { taskRecord, type TaskBoard, type TaskRecord } from '../../../src/recording/taskHistory.js';
import { boardAt } from '../../../src/replay/boardAt.js';
import { TaskTimeline } from '../../../src/replay/taskTimeline.js';
import type { LogEntry } from '../../../src/store/logSlice.js';
import { makeTask } from '../../helpers/tasks.js';

const T0 = 1_700_000_000_000;

const at = (s: number) => T0 + s * 1000;
const log: LogEntry[] = [
  { at: at(0), kind: 'task', text: 'T1 added: parser', taskId: 'T1' },
  { at: at(1), kind: 'task', text: 'T2 added: tests', taskId: 'T2' },
  {
    at: at(2),
    kind: 'decision',
    text: 'T1 → coder (capability: coder)',
    taskId: 'T1',
    workerId: 'w1',
  },
  {
    at: at(2),
    kind: 'message',
    text: 'TASK_ASSIGNMENT T1 → coder: parser',
    taskId: 'T1',
    workerId: 'w1',
    message: 'TASK_ASSIGNMENT',
  },
  { at: at(3), kind: 'message', text: 'prompt T1 → coder arrived (send 1 of 3)', workerId: 'w1' },
  { at: at(4), kind: 'override', text: 'T2 priority 0 → 5', taskId: 'T2' },
  { at: at(5), kind: 'override', text: 'auto-dispatch held: ready tasks wait for /release' },
  {
    at: at(6),
    kind: 'decision',
    text: 'T1 failed (crash): attempt 1/3 of T1 failed on w1; retry in 2s, preferring another worker',
    taskId: 'T1',
    workerId: 'w1',
  },
  {
    at: at(7),
    kind: 'message',
    text: 'TASK_ASSIGNMENT T1 → tester: parser',
    taskId: 'T1',
    workerId: 'w2',
    message: 'TASK_ASSIGNMENT',
  },
  {
    at: at(8),
    kind: 'message',
    text: 'TASK_COMPLETE T1 by tester: done',
    taskId: 'T1',
    workerId: 'w2',
    message: 'TASK_COMPLETE',
  },
  { at: at(9), kind: 'override', text: 'T2 cancelled', taskId: 'T2' },
];
const tasks = [
  makeTask({
    id: 'T1',
    title: 'parser',
    status: 'done',
    assignee: 'w2',
    attempts: 2,
    result: 'done',
    createdAt: at(0),
    updatedAt: at(8),
  }),
  makeTask({
    id: 'T2',
    title: 'tests',
    status: 'cancelled',
    priority: 5,
    createdAt: at(1),
    updatedAt: at(9),
  }),
];
const view = (s: number) =>
  boardAt(tasks, log, at(s)).tasks.map((t) => [t.id, t.status, t.assignee, t.priority, t.attempts]);

describe('boardAt', () => {
  it('shows only the tasks created by then', () => {
    expect(view(0.5)).toEqual([['T1', 'pending', null, 0, 0]]);
  });

  it('replays each task through its logged changes', () => {
    expect(view(2)).toEqual([
      ['T1', 'assigned', 'w1', 0, 1],
      ['T2', 'pending', null, 0, 0],
    ]);
    expect(view(3.5)).toEqual([
      ['T1', 'running', 'w1', 0, 1],
      ['T2', 'pending', null, 0, 0],
    ]);
    expect(view(4)[1]).toEqual(['T2', 'pending', null, 5, 0]);
    expect(view(6)[0]).toEqual(['T1', 'pending', null, 0, 1]);
    expect(view(7)[0]).toEqual(['T1', 'assigned', 'w2', 0, 2]);
  });

  it('uses the saved task once it no longer changes', () => {
    expect(boardAt(tasks, log, at(8)).tasks[0]).toBe(tasks[0]);
    expect(view(10)).toEqual([
      ['T1', 'done', 'w2', 0, 2],
      ['T2', 'cancelled', null, 5, 0],
    ]);
  });

  it('follows auto-dispatch being held', () => {
    expect(boardAt(tasks, log, at(4)).held).toBe(false);
    expect(boardAt(tasks, log, at(5)).held).toBe(true);
  });

  it('shows the final state, and counts it, when the log no longer reaches back', () => {
    const trimmed = log.filter((entry) => entry.at >= at(7.5));
    const board = boardAt(tasks, trimmed, at(5));
    expect(board.finalState).toBe(2);
    expect(board.tasks).toEqual(tasks);
  });
});

/** The boards the control room had, as the recorder writes them (session ms from T0). */
function recordedHistory(boards: ReadonlyArray<[seconds: number, tasks: Task[], held?: boolean]>) {
  const records: TaskRecord[] = [];
  let before: TaskBoard | null = null;
  for (const [seconds, list, held = false] of boards) {
    const record = taskRecord(before, { tasks: list, held }, seconds * 1000);
    if (record) records.push(record);
    before = { tasks: list, held };
  }
  return records;
}

describe('boardAt from the recorded task history', () => {
  const [t1, t2] = tasks as [Task, Task];
  const created1 = { ...t1, status: 'pending', assignee: null, attempts: 0, result: null } as Task;
  const created2 = { ...t2, status: 'pending', priority: 0 } as Task;
  const assigned1 = { ...created1, status: 'assigned', assignee: 'w1', attempts: 1 } as Task;
  const running1 = { ...assigned1, status: 'running' } as Task;
  const raised2 = { ...created2, priority: 5 };
  const retry1 = { ...running1, status: 'pending', assignee: null, failedOn: ['w1'] } as Task;
  const again1 = { ...retry1, status: 'assigned', assignee: 'w2', attempts: 2 } as Task;
  const records = recordedHistory([
    [0, [created1]],
    [1, [created1, created2]],
    [2, [assigned1, created2]],
    [3, [running1, created2]],
    [4, [running1, raised2]],
    [5, [running1, raised2], true],
    [6, [retry1, raised2], true],
    [7, [again1, raised2], true],
    [8, [t1, raised2], true],
    [9, [t1, t2], true],
  ]);
  const history = new TaskTimeline(records, T0);
  const recorded = (s: number, withLog: readonly LogEntry[] = log, from = history) =>
    boardAt(tasks, withLog, at(s), null, from).tasks.map((t) => [
      t.id,
      t.status,
      t.assignee,
      t.priority,
      t.attempts,
    ]);

  it('shows the board as recorded, as the log tells it', () => {
    for (const s of [0.5, 2, 3.5, 4, 6, 7, 8, 10]) expect(recorded(s)).toEqual(view(s));
    expect(boardAt(tasks, log, at(5), null, history).held).toBe(true);
    expect(boardAt(tasks, log, at(4.9), null, history).held).toBe(false);
  });

  it('is exact for a task whose log lines were trimmed away', () => {
    // The saved log reaches back to 7.5 s only: T1's and T2's early lines are gone.
    const trimmed = log.filter((entry) => entry.at >= at(7.5));
    expect(boardAt(tasks, trimmed, at(3.5)).finalState).toBe(2);
    const board = boardAt(tasks, trimmed, at(3.5), null, history);
    expect(board.finalState).toBe(0);
    expect(recorded(3.5, trimmed)).toEqual([
      ['T1', 'running', 'w1', 0, 1],
      ['T2', 'pending', null, 0, 0],
    ]);
    // Details the log never told are there too.
    expect(boardAt(tasks, [], at(6), null, history).tasks[0]?.failedOn).toEqual(['w1']);
  });

  it('gives the same board going back and forth', () => {
    const forward = [1, 3, 6, 9].map((s) => recorded(s));
    const backward = [9, 6, 3, 1].map((s) => recorded(s)).reverse();
    expect(backward).toEqual(forward);
  });

  it('falls back to the log before the history begins (an older session, resumed)', () => {
    const late = new TaskTimeline(
      recordedHistory([
        [6, [retry1, raised2], true],
        [8, [t1, raised2], true],
      ]),
      T0,
    );
    expect(recorded(3.5, log, late)).toEqual(view(3.5));
    expect(boardAt(tasks, log, at(3.5), null, late).held).toBe(false);
    expect(recorded(6.5, log, late)).toEqual([
      ['T1', 'pending', null, 0, 1],
      ['T2', 'pending', null, 5, 0],
    ]);
  });
});

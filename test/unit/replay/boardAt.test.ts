import { describe, expect, it } from 'vitest';
import { boardAt } from '../../../src/replay/boardAt.js';
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

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Task } from '../../../src/orchestrator/types.js';
import { openNewFile, type OpenAppendTarget } from '../../../src/recording/appendQueue.js';
import {
  applyTaskRecord,
  diffTasks,
  encodeTaskRecord,
  readTaskHistory,
  taskHistoryBytes,
  taskRecord,
  type TaskBoard,
  type TaskRecord,
} from '../../../src/recording/taskHistory.js';
import { TaskHistoryWriter } from '../../../src/recording/taskHistoryWriter.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import { makeTask } from '../../helpers/tasks.js';
import { recordSteps } from './record.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'multibot-tasks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const t1 = makeTask({ id: 'T1', title: 'parser', createdAt: 10, updatedAt: 10 });
const t2 = makeTask({ id: 'T2', title: 'tests', dependsOn: ['T1'], createdAt: 20, updatedAt: 20 });
const assigned = { ...t1, status: 'assigned', assignee: 'w1', attempts: 1, updatedAt: 30 } as Task;

/** Every record of a file, parsed as written. */
const linesOf = (file: string): TaskRecord[] =>
  readFileSync(join(dir, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TaskRecord);

describe('task history records', () => {
  it('say only what changed: tasks added, the fields changed, tasks removed, the hold', () => {
    const before: TaskBoard = { tasks: [t1], held: false };
    const after: TaskBoard = { tasks: [assigned, t2], held: true };
    const record = taskRecord(before, after, 5);
    expect(record).toEqual({
      kind: 'change',
      t: 5,
      added: [t2],
      changed: [{ id: 'T1', status: 'assigned', assignee: 'w1', attempts: 1, updatedAt: 30 }],
      held: true,
    });
    expect(applyTaskRecord(before, record!)).toEqual(after);
    expect(diffTasks([t1, t2], [t2])).toEqual({ removed: ['T1'] });
    expect(applyTaskRecord({ tasks: [t1, t2], held: false }, taskRecord(null, after, 0)!)).toEqual(
      after,
    );
  });

  it('start with a snapshot, take one when the order changes, and skip no-changes', () => {
    expect(taskRecord(null, { tasks: [t1], held: false }, 0)).toMatchObject({
      kind: 'snapshot',
      tasks: [t1],
    });
    expect(
      taskRecord({ tasks: [t1, t2], held: false }, { tasks: [t2, t1], held: false }, 1),
    ).toMatchObject({ kind: 'snapshot', tasks: [t2, t1] });
    expect(taskRecord({ tasks: [t1], held: false }, { tasks: [{ ...t1 }], held: false }, 2)).toBe(
      null,
    );
  });
});

describe('TaskHistoryWriter', () => {
  it('coalesces a burst into one record stamped with its last change', async () => {
    const clock = new FakeClock();
    const writer = new TaskHistoryWriter({
      file: join(dir, 'tasks.jsonl'),
      now: () => clock.now() - 1000,
      clock,
    });
    writer.update([], false);
    clock.advance(200);
    writer.update([t1], false);
    clock.advance(30);
    writer.update([assigned], false);
    clock.advance(30);
    writer.update([assigned, t2], true);
    clock.advance(200);
    // Nothing changed: nothing written.
    writer.update([assigned, t2], true);
    clock.advance(200);
    await writer.close();
    expect(linesOf('tasks.jsonl')).toEqual([
      { kind: 'snapshot', t: 0, tasks: [], held: false },
      { kind: 'change', t: 260, added: [assigned, t2], held: true },
    ]);
  });

  it('writes a board that never settles at least every maxWaitMs, and what waits on flush', async () => {
    const clock = new FakeClock();
    const writer = new TaskHistoryWriter({
      file: join(dir, 'tasks.jsonl'),
      now: () => clock.now(),
      clock,
      debounceMs: 100,
      maxWaitMs: 300,
    });
    for (let i = 0; i < 12; i += 1) {
      writer.update([{ ...t1, priority: i }], false);
      clock.advance(50);
    }
    writer.update([{ ...t1, priority: 9 }], false);
    await writer.flush();
    expect(linesOf('tasks.jsonl').map((record) => record.kind)).toEqual([
      'snapshot',
      'change',
      'change',
    ]);
    expect(linesOf('tasks.jsonl').at(-1)).toMatchObject({ changed: [{ id: 'T1', priority: 9 }] });
    await writer.close();
  });
});

describe('readTaskHistory', () => {
  it('is null for a recording without one', async () => {
    expect(await readTaskHistory(dir)).toBe(null);
    expect(await taskHistoryBytes(dir)).toBe(0);
  });

  it("reads every run's file in order, skipping and counting bad lines", async () => {
    const first = [
      encodeTaskRecord({ kind: 'snapshot', t: 0, tasks: [t1], held: false }),
      'not json\n',
      encodeTaskRecord({ kind: 'change', t: 50, changed: [{ id: 'T1', status: 'done' }] }),
      '{"kind":"change","t":6',
    ].join('');
    writeFileSync(join(dir, 'tasks.jsonl'), first);
    writeFileSync(
      join(dir, 'tasks.2.jsonl'),
      // The wall clock stepped back between the runs: times never go back in the history.
      encodeTaskRecord({ kind: 'snapshot', t: 40, tasks: [t1, t2], held: true }),
    );
    const read = await readTaskHistory(dir);
    expect(read?.records.map((record) => [record.kind, record.t])).toEqual([
      ['snapshot', 0],
      ['change', 50],
      ['snapshot', 50],
    ]);
    expect(read?.skipped).toEqual([{ file: 'tasks.jsonl', lines: 2, firstBadLine: 2 }]);
    expect(read?.bytes).toBe(await taskHistoryBytes(dir));
    // A running session's last line may be half written: it is left for the next read.
    const growing = await readTaskHistory(dir, { growing: true });
    expect(growing?.skipped).toEqual([{ file: 'tasks.jsonl', lines: 1, firstBadLine: 2 }]);
  });
});

describe('SessionRecorder task history', () => {
  it("records the board in the run's own file, beside an earlier run's", async () => {
    const first = await recordSteps(dir, []);
    first.recorder.tasksChanged([t1], false);
    first.clock.advance(500);
    first.recorder.tasksChanged([assigned], false);
    await first.recorder.close();
    const again = await recordSteps(dir, [], { wallClock: () => 1_700_000_060_000 });
    again.recorder.tasksChanged([assigned, t2], true);
    await again.recorder.close();

    expect(linesOf('tasks.jsonl')).toEqual([
      { kind: 'snapshot', t: 0, tasks: [t1], held: false },
      {
        kind: 'change',
        t: 500,
        changed: [{ id: 'T1', status: 'assigned', assignee: 'w1', attempts: 1, updatedAt: 30 }],
      },
    ]);
    expect(linesOf('tasks.2.jsonl')).toEqual([
      { kind: 'snapshot', t: 60_000, tasks: [assigned, t2], held: true },
    ]);
    expect((await readTaskHistory(dir))?.records).toHaveLength(3);
  });

  it('stops all recording with one warning when the task history cannot be written', async () => {
    const warnings: string[] = [];
    const open: OpenAppendTarget = async (file) => {
      if (!file.endsWith('tasks.jsonl')) return openNewFile(file);
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    const { recorder } = await recordSteps(dir, [], {
      open,
      onWarning: (text) => warnings.push(text),
    });
    recorder.tasksChanged([t1], false);
    await recorder.flush();
    recorder.tasksChanged([assigned], false);
    await recorder.close();
    expect(recorder.stopped).toBe(true);
    expect(warnings).toEqual([
      'Recording stopped: the disk is full (recordings/tasks.jsonl). ' +
        'The workers keep running; the recording so far is kept.',
    ]);
  });
});

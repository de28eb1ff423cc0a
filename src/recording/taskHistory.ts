import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Task } from '../orchestrator/types.js';
import { savedTaskSchema } from '../persistence/schema.js';
import { parseJsonLine } from './jsonLine.js';

/*
 * The task board over time, recorded beside the casts: one JSON line per change of the
 * store's task list (or of auto-dispatch being held), in `tasks.jsonl` in the recordings
 * folder. The replay rebuilds the board from it instead of from the wording of the
 * event log, which is reworded at will and keeps only its newest 500 entries.
 *
 * A sidecar rather than entries in the manifest: the manifest is rewritten whole on
 * every save and re-read every second by a replay of a running session, so it stays
 * small, while this grows with the session (briefs and results are free text).
 * Appended through an AppendQueue like the casts and keyframes, it never makes the
 * control room wait, and a crash keeps every line written before it.
 *
 * Each run of the recorder (a session resumed after a crash is a second run) writes its
 * own file — `tasks.jsonl`, then `tasks.2.jsonl`, … — as the casts do, so nothing is
 * appended to a file whose last line a crash may have cut. A run's first line is a
 * snapshot of the whole list; the others are changes: tasks added, the fields that
 * changed in the others, tasks removed. Times are ms on the session clock, as in the
 * manifest.
 */

const time = z.number().nonnegative();
const taskPatchSchema = savedTaskSchema.partial().extend({ id: savedTaskSchema.shape.id });

const taskRecordSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('snapshot'),
    t: time,
    tasks: z.array(savedTaskSchema),
    held: z.boolean(),
  }),
  z.object({
    kind: z.literal('change'),
    t: time,
    added: z.array(savedTaskSchema).optional(),
    changed: z.array(taskPatchSchema).optional(),
    removed: z.array(z.string()).optional(),
    held: z.boolean().optional(),
  }),
]);

/** The board as the control room had it: its tasks, and whether auto-dispatch was held. */
export interface TaskBoard {
  tasks: readonly Task[];
  held: boolean;
}

/** A task's fields that changed, with its id. */
export type TaskPatch = Partial<Task> & Pick<Task, 'id'>;

export interface TaskChange {
  added?: Task[];
  changed?: TaskPatch[];
  removed?: string[];
  held?: boolean;
}

export type TaskRecord =
  | { kind: 'snapshot'; t: number; tasks: Task[]; held: boolean }
  | ({ kind: 'change'; t: number } & TaskChange);

/** `tasks.jsonl` for a recorder's first run, `tasks.<n>.jsonl` for its later ones. */
export const taskHistoryFile = (run: number): string =>
  run === 1 ? 'tasks.jsonl' : `tasks.${run}.jsonl`;

/** The run a file name belongs to; null when it is no task history. */
function runOf(name: string): number | null {
  if (name === 'tasks.jsonl') return 1;
  const match = /^tasks\.(\d+)\.jsonl$/.exec(name);
  return match ? Number(match[1]) : null;
}

export const encodeTaskRecord = (record: TaskRecord): string => `${JSON.stringify(record)}\n`;

/**
 * The record that takes a file from `before` (null: nothing written yet) to `after`:
 * a snapshot to start with, or when the order of the list changed in a way a change
 * cannot say; else the change; null when nothing changed.
 */
export function taskRecord(
  before: TaskBoard | null,
  after: TaskBoard,
  t: number,
): TaskRecord | null {
  const snapshot: TaskRecord = { kind: 'snapshot', t, tasks: [...after.tasks], held: after.held };
  if (!before) return snapshot;
  const change = diffTasks(before.tasks, after.tasks);
  if (change === 'reordered') return snapshot;
  if (after.held !== before.held) change.held = after.held;
  return Object.keys(change).length > 0 ? { kind: 'change', t, ...change } : null;
}

/**
 * What changed between two lists. Tasks are replaced, never mutated, so an unchanged
 * task is the same object and costs one comparison.
 */
export function diffTasks(
  before: readonly Task[],
  after: readonly Task[],
): TaskChange | 'reordered' {
  const old = new Map(before.map((task) => [task.id, task]));
  const ids = new Set(after.map((task) => task.id));
  const kept = before.filter((task) => ids.has(task.id));
  const change: TaskChange = {};
  const removed = before.filter((task) => !ids.has(task.id)).map((task) => task.id);
  if (removed.length > 0) change.removed = removed;
  // Applying a change keeps the order of the tasks kept and puts the added ones last.
  for (const [index, task] of after.entries()) {
    const was = old.get(task.id);
    if (index < kept.length !== (was !== undefined)) return 'reordered';
    if (!was) {
      (change.added ??= []).push(task);
    } else if (kept[index] !== was) {
      return 'reordered';
    } else if (was !== task) {
      const patch = patchOf(was, task);
      if (patch) (change.changed ??= []).push(patch);
    }
  }
  return change;
}

function patchOf(was: Task, task: Task): TaskPatch | null {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(task) as (keyof Task)[]) {
    const value = task[key];
    if (value !== was[key] && JSON.stringify(value) !== JSON.stringify(was[key])) {
      patch[key] = value;
    }
  }
  return Object.keys(patch).length > 0 ? { ...(patch as Partial<Task>), id: task.id } : null;
}

/** The board after `record`. */
export function applyTaskRecord(board: TaskBoard, record: TaskRecord): TaskBoard {
  if (record.kind === 'snapshot') return { tasks: record.tasks, held: record.held };
  const removed = new Set(record.removed ?? []);
  const patches = new Map((record.changed ?? []).map((patch) => [patch.id, patch]));
  const tasks = board.tasks
    .filter((task) => !removed.has(task.id))
    .map((task) => {
      const patch = patches.get(task.id);
      return patch ? { ...task, ...definedFields(patch) } : task;
    });
  return { tasks: [...tasks, ...(record.added ?? [])], held: record.held ?? board.held };
}

const definedFields = (patch: TaskPatch): Partial<Task> =>
  Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));

export interface TaskHistoryRead {
  /** Every run's records in order, times never decreasing. */
  records: TaskRecord[];
  /** Lines that were not records (a crash mid-line, corruption), per file. */
  skipped: { file: string; lines: number; firstBadLine: number }[];
  /** Bytes read: unchanged means nothing new to read (see `taskHistoryBytes`). */
  bytes: number;
}

/** The recorder's task files in run order. */
async function taskHistoryFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names
    .flatMap((name) => {
      const run = runOf(name);
      return run === null ? [] : [{ name, run }];
    })
    .sort((a, b) => a.run - b.run)
    .map(({ name }) => name);
}

/** How much task history there is, without reading it: for a replay that polls. */
export async function taskHistoryBytes(dir: string): Promise<number> {
  let bytes = 0;
  for (const name of await taskHistoryFiles(dir)) bytes += (await stat(join(dir, name))).size;
  return bytes;
}

/**
 * The task history of a recordings folder; null when there is none (recorded before
 * there was one). Bad lines are skipped and counted; with `growing` (the session is
 * still recorded) an unfinished last line is left for the next read.
 */
export async function readTaskHistory(
  dir: string,
  options: { growing?: boolean } = {},
): Promise<TaskHistoryRead | null> {
  const files = await taskHistoryFiles(dir);
  if (files.length === 0) return null;
  const read: TaskHistoryRead = { records: [], skipped: [], bytes: 0 };
  let lastT = 0;
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    read.bytes += Buffer.byteLength(text);
    const lines = text.split('\n');
    // What follows the last newline is a line still being written, or cut by a crash.
    if (options.growing) lines.pop();
    let bad: { lines: number; firstBadLine: number } | null = null;
    for (const [index, line] of lines.entries()) {
      if (line === '') continue;
      const record: TaskRecord | null = parseJsonLine(taskRecordSchema, line);
      if (!record) {
        bad ??= { lines: 0, firstBadLine: index + 1 };
        bad.lines += 1;
        continue;
      }
      // A resumed run's clock comes from the wall clock, which may have stepped back.
      lastT = Math.max(lastT, record.t);
      read.records.push({ ...record, t: lastT });
    }
    if (bad) read.skipped.push({ file, ...bad });
  }
  return read;
}

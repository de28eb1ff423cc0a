import { memo } from 'react';
import { Box } from 'ink';
import { fit, textWidth, truncate } from '../src/layout/text.js';
import { taskNumber } from '../src/orchestrator/taskGraph.js';
import type { Task, TaskStatus } from '../src/orchestrator/types.js';
import type { DispatchState } from '../src/store/tasksSlice.js';
import { Segments, fitSegments, segmentsWidth, type Segment } from './Segments.js';

/** A task as the board shows it: pending splits into ready, waiting out a backoff, or blocked. */
export type BoardState = Exclude<TaskStatus, 'pending'> | 'ready' | 'backoff' | 'blocked';

export const STATE_COLORS: Record<BoardState, string | undefined> = {
  running: 'green',
  assigned: 'cyan',
  ready: undefined,
  backoff: 'yellow',
  blocked: 'gray',
  done: 'gray',
  failed: 'red',
  cancelled: 'gray',
};
/** Board order: work in progress, then what can start, then what cannot, then history. */
const RANK: Record<BoardState, number> = {
  running: 0,
  assigned: 1,
  ready: 2,
  backoff: 3,
  blocked: 4,
  done: 5,
  failed: 5,
  cancelled: 5,
};
const FINISHED_RANK = 5;

export const NO_TASKS_TEXT = 'No tasks yet — t or /task TITLE adds one.';
export const HELD_BADGE = ' dispatch held ';
export const HELD_COLOR = 'yellow';
const SEPARATOR = ' · ';
const COUNTED: readonly TaskStatus[] = ['pending', 'assigned', 'running', 'done', 'failed'];
/** Always counted, even at zero: the states a glance at the board looks for. */
const ALWAYS_COUNTED = new Set<TaskStatus>(['pending', 'running', 'done', 'failed']);
/** Below this the title is too short to read: optional columns give way first. */
const MIN_TITLE_WIDTH = 12;
const MAX_ASSIGNEE_WIDTH = 12;
const MAX_DEPS_WIDTH = 16;

export interface BoardTask {
  task: Task;
  state: BoardState;
}

export function boardState(
  task: Task,
  statusById: ReadonlyMap<string, TaskStatus>,
  now: number,
): BoardState {
  if (task.status !== 'pending') return task.status;
  if (task.dependsOn.some((dep) => statusById.get(dep) !== 'done')) return 'blocked';
  return task.notBefore !== null && task.notBefore > now ? 'backoff' : 'ready';
}

/** Running first, then assigned, ready, blocked; finished last, newest first. */
export function orderTasks(tasks: readonly Task[], now: number): BoardTask[] {
  const statusById = new Map(tasks.map((t) => [t.id, t.status]));
  const byId = (a: Task, b: Task) => taskNumber(a.id) - taskNumber(b.id) || (a.id < b.id ? -1 : 1);
  return tasks
    .map((task) => ({ task, state: boardState(task, statusById, now) }))
    .sort((a, b) => {
      const rank = RANK[a.state] - RANK[b.state];
      if (rank !== 0) return rank;
      if (RANK[a.state] === FINISHED_RANK) return b.task.updatedAt - a.task.updatedAt;
      return b.task.priority - a.task.priority || byId(a.task, b.task);
    });
}

/** `pending 2 · running 1 · done 3 · failed 0` (assigned and cancelled only when there are any). */
export function taskCounts(tasks: readonly Task[]): string {
  return [...COUNTED, 'cancelled' as const]
    .map((status) => [status, tasks.filter((t) => t.status === status).length] as const)
    .filter(([status, n]) => n > 0 || ALWAYS_COUNTED.has(status))
    .map(([status, n]) => `${status} ${n}`)
    .join(SEPARATOR);
}

/** `3m`: how long ago the task was created, in the largest whole unit. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** Milliseconds until `formatAge` of an age of `ms` reads differently. */
export function untilAgeChanges(ms: number): number {
  if (ms < 0) return 1000 - ms;
  const unit =
    ms < 60_000 ? 1000 : ms < 3_600_000 ? 60_000 : ms < 86_400_000 ? 3_600_000 : 86_400_000;
  return unit - (ms % unit);
}

/**
 * When the board drawn at `now` would next look different without any change
 * to the tasks: an age ticking over or a backoff ending. Null: never.
 */
export function nextBoardChange(tasks: readonly Task[], now: number): number | null {
  let next = Infinity;
  for (const task of tasks) {
    next = Math.min(next, now + untilAgeChanges(now - task.createdAt));
    if (task.status === 'pending' && task.notBefore !== null && task.notBefore > now) {
      next = Math.min(next, task.notBefore);
    }
  }
  return next === Infinity ? null : next;
}

export function boardHeader(tasks: readonly Task[], dispatch: DispatchState, width: number) {
  const right: Segment[] = dispatch.held
    ? [{ text: HELD_BADGE, color: HELD_COLOR, inverse: true, bold: true }]
    : [{ text: 'auto-dispatch', dim: true }];
  right.push({ text: `${SEPARATOR}${dispatch.strategy}`, dim: true });
  const counts: Segment = { text: taskCounts(tasks), bold: true };
  const countsWidth = textWidth(counts.text);
  // The counts outrank the strategy; "dispatch held" outranks the counts' tail.
  const fits = (side: Segment[]) => countsWidth + 1 + segmentsWidth(side) <= width;
  const side = fits(right)
    ? right
    : fits(right.slice(0, 1)) || dispatch.held
      ? right.slice(0, 1)
      : [];
  const left = fitSegments([counts], Math.min(countsWidth, width - segmentsWidth(side) - 1));
  const gap = Math.max(0, width - segmentsWidth(left) - segmentsWidth(side));
  return fitSegments([...left, { text: ' '.repeat(gap) }, ...side], width);
}

interface Column {
  width: number;
  cell: (row: BoardTask) => Segment;
  right?: boolean;
}

/** One line per task, columns aligned; optional columns drop out before the title gets short. */
export function taskRows(rows: readonly BoardTask[], now: number, width: number): Segment[][] {
  const widest = (f: (row: BoardTask) => string, max = Infinity) =>
    Math.min(max, Math.max(0, ...rows.map((r) => textWidth(f(r)))));
  const assignee = (r: BoardTask) => r.task.assignee ?? '';
  const priority = (r: BoardTask) => (r.task.priority !== 0 ? `p${r.task.priority}` : '');
  const deps = (r: BoardTask) =>
    r.task.dependsOn.length > 0 ? `after ${r.task.dependsOn.join(',')}` : '';
  const age = (r: BoardTask) => formatAge(now - r.task.createdAt);
  const dim = (r: BoardTask) => RANK[r.state] === FINISHED_RANK;
  const plain = (f: (row: BoardTask) => string) => (r: BoardTask) => ({ text: f(r), dim: dim(r) });

  // In the order they give way when the title runs short.
  const optional = (
    [
      { width: widest(deps, MAX_DEPS_WIDTH), cell: plain(deps) },
      { width: widest(priority), cell: plain(priority) },
      { width: widest(assignee, MAX_ASSIGNEE_WIDTH), cell: plain(assignee) },
      { width: widest(age), cell: (r) => ({ text: age(r), dim: true }), right: true },
    ] satisfies Column[]
  ).filter((c) => c.width > 0);
  const idWidth = widest((r) => r.task.id);
  const stateWidth = widest((r) => r.state);
  const fixed = () => idWidth + 1 + stateWidth + 1 + optional.reduce((n, c) => n + c.width + 1, 0);
  while (optional.length > 0 && width - fixed() < MIN_TITLE_WIDTH) optional.shift();
  const titleWidth = Math.max(0, width - fixed());
  // Shown left to right: title, assignee, priority, deps, age.
  const shown = [...optional].reverse();
  const ageColumn = shown.find((c) => c.right);
  const rest = shown.filter((c) => !c.right);
  const columns = ageColumn ? [...rest, ageColumn] : rest;

  return rows.map((row) => {
    const color = STATE_COLORS[row.state];
    const cells: Segment[] = [
      { text: row.task.id.padEnd(idWidth), bold: !dim(row), dim: dim(row) },
      { text: ' ' },
      { text: row.state.padEnd(stateWidth), color, dim: row.state === 'blocked' },
      { text: ' ' },
      ...fitSegments([{ text: oneLine(row.task.title), dim: dim(row) }], titleWidth),
    ];
    for (const column of columns) {
      const cell = column.cell(row);
      const text = truncate(cell.text, column.width);
      const aligned = column.right ? text.padStart(column.width) : fit(text, column.width);
      cells.push({ text: ' ' }, { ...cell, text: aligned });
    }
    return fitSegments(cells, width);
  });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}

export interface TaskBoardProps {
  tasks: readonly Task[];
  dispatch: DispatchState;
  width: number;
  height: number;
  now: number;
}

/** The header with the counts and dispatch, then the tasks that fit; `… N more` for the rest. */
export const TaskBoard = memo(function TaskBoard({
  tasks,
  dispatch,
  width,
  height,
  now,
}: TaskBoardProps) {
  if (height <= 0 || width <= 0) return null;
  const ordered = orderTasks(tasks, now);
  const room = height - 1;
  const overflow = ordered.length > room;
  const shown = overflow ? ordered.slice(0, Math.max(0, room - 1)) : ordered;
  const lines: Segment[][] = [boardHeader(tasks, dispatch, width)];
  if (room > 0 && ordered.length === 0) {
    lines.push(fitSegments([{ text: NO_TASKS_TEXT, dim: true }], width));
  }
  lines.push(...taskRows(shown, now, width));
  if (overflow && room > 0) {
    lines.push(
      fitSegments([{ text: `… ${ordered.length - shown.length} more`, dim: true }], width),
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      {lines.map((segments, i) => (
        <Segments key={i} segments={segments} />
      ))}
    </Box>
  );
});

import type { Task, TaskStatus } from '../orchestrator/types.js';
import type { LogEntry } from '../store/logSlice.js';
import type { TaskTimeline } from './taskTimeline.js';

/**
 * How the board at a moment was made:
 * - from the recorded task history (src/recording/taskHistory.ts) when it reaches back
 *   to that moment: every task exact;
 * - else (a recording older than that history) every task is exact when it did not
 *   change after that moment (updatedAt ≤ it), or its history up to then was rebuilt
 *   from the event log, which logs every task change;
 * - or some show their final state: the saved log (the newest 500 entries) no longer
 *   reaches back to their creation and nothing about them was logged before then.
 */
export interface BoardAt {
  tasks: Task[];
  /** Tasks shown as they ended up, not as they were (see above). */
  finalState: number;
  held: boolean | null;
}

/**
 * The task board as it was at `epochMs`: as recorded in the task history when there is
 * one by then. Else tasks created by then, each with the status, assignee, attempts and
 * priority it had, replayed from the task's log entries (the wording of
 * src/orchestrator/taskBook.ts and orchestrator.ts). Titles, briefs and dependencies
 * never change after creation, so the saved task provides them.
 */
export function boardAt(
  tasks: readonly Task[],
  log: readonly LogEntry[],
  epochMs: number,
  savedHeld: boolean | null = null,
  history: TaskTimeline | null = null,
): BoardAt {
  const recorded = history?.at(epochMs);
  if (recorded) return { tasks: [...recorded.tasks], finalState: 0, held: recorded.held };
  const logStart = log[0]?.at ?? Infinity;
  let finalState = 0;
  const shown: Task[] = [];
  for (const task of tasks) {
    if (task.createdAt > epochMs) continue;
    if (task.updatedAt <= epochMs) {
      shown.push(task);
      continue;
    }
    const entries = log.filter((entry) => entry.at <= epochMs && concerns(entry, task.id));
    if (logStart > task.createdAt && entries.length === 0) {
      finalState += 1;
      shown.push(task);
      continue;
    }
    shown.push(replayTask(task, entries, log, epochMs));
  }
  return { tasks: shown, finalState, held: heldAt(log, epochMs, savedHeld) };
}

function concerns(entry: LogEntry, id: string): boolean {
  return (
    entry.taskId === id || entry.text.startsWith(`${id} `) || entry.text.startsWith(`prompt ${id} `)
  );
}

/** The task at creation, moved through its logged changes. */
function replayTask(
  task: Task,
  entries: readonly LogEntry[],
  log: readonly LogEntry[],
  epochMs: number,
): Task {
  const id = task.id;
  // A later priority change names the value before it: the one the task had then.
  const laterPriority = log.find(
    (entry) => entry.at > epochMs && priorityChange(entry, id) !== null,
  );
  let priority = laterPriority
    ? (priorityChange(laterPriority, id)?.from ?? task.priority)
    : task.priority;
  let status: TaskStatus = 'pending';
  let assignee: string | null = null;
  let attempts = 0;
  let updatedAt = task.createdAt;
  for (const entry of entries) {
    const change = priorityChange(entry, id);
    const next = change ? null : statusChange(entry, id);
    if (change) priority = change.to;
    if (next) {
      status = next;
      if (next === 'assigned') {
        assignee = entry.workerId ?? assignee;
        attempts += 1;
      } else if (next !== 'running') {
        assignee = null;
      }
    }
    if (change || next) updatedAt = entry.at;
  }
  return {
    ...task,
    status,
    assignee,
    attempts: Math.min(attempts, task.attempts),
    priority,
    result: status === 'done' ? task.result : null,
    error: status === 'failed' ? task.error : null,
    notBefore: null,
    updatedAt,
  };
}

/** The status a log entry about task `id` moved it to, if any. */
function statusChange(entry: LogEntry, id: string): TaskStatus | null {
  const text = entry.text;
  if (entry.message === 'TASK_ASSIGNMENT') return 'assigned';
  if (entry.message === 'TASK_COMPLETE' && entry.taskId === id) return 'done';
  if (text.startsWith(`prompt ${id} → `) && / arrived\b/.test(text)) return 'running';
  if (text.startsWith(`${id} marked done by hand`)) return 'done';
  if (text.startsWith(`${id} cancelled`)) return 'cancelled';
  if (text.startsWith(`${id} pending again by hand`)) return 'pending';
  if (text.startsWith(`${id} failed (`))
    return text.includes('failed for good') ? 'failed' : 'pending';
  return null;
}

function priorityChange(entry: LogEntry, id: string): { from: number; to: number } | null {
  const match = new RegExp(`^${id} priority (-?[\\d.]+) → (-?[\\d.]+)`).exec(entry.text);
  return match ? { from: Number(match[1]), to: Number(match[2]) } : null;
}

/** Auto-dispatch held or not then: the last toggle before, else the opposite of the next one. */
function heldAt(log: readonly LogEntry[], epochMs: number, saved: boolean | null): boolean | null {
  const toggles = log.flatMap((entry) =>
    entry.text.startsWith('auto-dispatch held')
      ? [{ at: entry.at, held: true }]
      : entry.text.startsWith('auto-dispatch released')
        ? [{ at: entry.at, held: false }]
        : [],
  );
  const before = toggles.filter((toggle) => toggle.at <= epochMs).at(-1);
  if (before) return before.held;
  const after = toggles.find((toggle) => toggle.at > epochMs);
  return after ? !after.held : saved;
}

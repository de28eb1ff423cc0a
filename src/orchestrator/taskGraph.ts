import type { Task, TaskBrief, TaskStatus } from './types.js';

/**
 * The task DAG as pure functions over a plain list of tasks: the engine keeps
 * the list in the store and calls these to add tasks, edit dependencies and
 * find what can run. Nothing here reads a clock; time comes in as `now`.
 */

export const DEFAULT_PRIORITY = 0;
export const DEFAULT_MAX_ATTEMPTS = 3;
const TASK_ID_PREFIX = 'T';
const TASK_ID_PATTERN = /^T(\d+)$/;
/** Shown between the ids of a cycle: "T3 → T1 → T3". */
const ARROW = ' → ';

export interface NewTaskInput {
  title: string;
  /** A plain string is the objective; the object form fills the whole brief. */
  brief?: string | Partial<TaskBrief>;
  role?: string | null;
  priority?: number;
  dependsOn?: readonly string[];
  maxAttempts?: number;
}

export type TaskGraphResult =
  { ok: true; task: Task; tasks: Task[] } | { ok: false; error: string };

/** A dependency that is not done yet, and why it holds the task back. */
export interface Blocker {
  id: string;
  /** 'missing' when the id names no task (a hand-edited or corrupt state). */
  status: TaskStatus | 'missing';
}

/** The number in a task id (T12 → 12); NaN for ids of another shape. */
export function taskNumber(id: string): number {
  const match = TASK_ID_PATTERN.exec(id);
  return match?.[1] === undefined ? Number.NaN : Number(match[1]);
}

/** The id the next task gets: one past the highest T-number in use, so ids are never reused. */
export function nextTaskId(tasks: readonly Task[]): string {
  let highest = 0;
  for (const task of tasks) {
    const n = taskNumber(task.id);
    if (Number.isFinite(n) && n > highest) highest = n;
  }
  return `${TASK_ID_PREFIX}${highest + 1}`;
}

export function formatCycle(path: readonly string[]): string {
  return path.join(ARROW);
}

export function addTask(tasks: readonly Task[], input: NewTaskInput, now: number): TaskGraphResult {
  const title = input.title.trim();
  if (title === '') return { ok: false, error: 'a task needs a title' };
  const priority = input.priority ?? DEFAULT_PRIORITY;
  if (!Number.isFinite(priority)) {
    return { ok: false, error: `priority must be a number, not ${String(input.priority)}` };
  }
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    return { ok: false, error: `max attempts must be a whole number ≥ 1, not ${maxAttempts}` };
  }
  const id = nextTaskId(tasks);
  const dependsOn = normalizeDependencies(input.dependsOn ?? []);
  const problem = checkDependencies(tasks, id, dependsOn);
  if (problem !== null) return { ok: false, error: problem };

  const role = input.role?.trim() ?? '';
  const task: Task = {
    id,
    title,
    brief: toBrief(title, input.brief),
    role: role === '' ? null : role,
    priority,
    dependsOn,
    status: 'pending',
    assignee: null,
    attempts: 0,
    maxAttempts,
    failedOn: [],
    notBefore: null,
    result: null,
    error: null,
    createdAt: now,
    updatedAt: now,
  };
  return { ok: true, task, tasks: [...tasks, task] };
}

/** Replaces a task's dependencies (`/task … --after`, an edit): same checks as `addTask`. */
export function setDependencies(
  tasks: readonly Task[],
  id: string,
  dependsOn: readonly string[],
  now: number,
): TaskGraphResult {
  const current = tasks.find((t) => t.id === id);
  if (!current) return { ok: false, error: `unknown task ${id}` };
  const normalized = normalizeDependencies(dependsOn);
  const problem = checkDependencies(tasks, id, normalized);
  if (problem !== null) return { ok: false, error: problem };
  const task: Task = { ...current, dependsOn: normalized, updatedAt: now };
  return { ok: true, task, tasks: replaceTask(tasks, task) };
}

/** The list with one task swapped for its updated copy (matched by id); the input is not mutated. */
export function replaceTask(tasks: readonly Task[], updated: Task): Task[] {
  return tasks.map((t) => (t.id === updated.id ? updated : t));
}

/**
 * The cycle that giving `id` these dependencies would close, as a path that
 * starts and ends at `id` (["T3", "T1", "T3"]), or null when the graph stays
 * acyclic. A depth-first search from each new dependency back to `id`.
 */
export function wouldCycle(
  tasks: readonly Task[],
  id: string,
  dependsOn: readonly string[],
): string[] | null {
  const edges = dependencyMap(tasks);
  edges.set(id, dependsOn);
  const visited = new Set<string>();
  const search = (node: string, path: string[]): string[] | null => {
    if (node === id) return [...path, node];
    if (visited.has(node)) return null;
    visited.add(node);
    for (const next of edges.get(node) ?? []) {
      const found = search(next, [...path, node]);
      if (found) return found;
    }
    return null;
  };
  for (const dep of dependsOn) {
    const found = search(dep, [id]);
    if (found) return found;
  }
  return null;
}

/**
 * Any cycle in the whole graph, for validating a loaded state (where a
 * hand-edited file may hold one). Null when the graph is a DAG.
 */
export function findCycle(tasks: readonly Task[]): string[] | null {
  for (const task of tasks) {
    const cycle = wouldCycle(tasks, task.id, task.dependsOn);
    if (cycle) return cycle;
  }
  return null;
}

/** The dependencies of a task that are not done, in the order the task lists them. */
export function blockedBy(task: Task, tasks: readonly Task[]): Blocker[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const blockers: Blocker[] = [];
  for (const dep of task.dependsOn) {
    const status = byId.get(dep)?.status ?? 'missing';
    if (status !== 'done') blockers.push({ id: dep, status });
  }
  return blockers;
}

/**
 * True when a blocker can no longer finish by itself: it failed for good, was
 * cancelled or is missing. Dependants of such a task are never run silently;
 * the engine reports them as blocked until the human retries or cancels.
 */
export function isDeadBlocker(blocker: Blocker): boolean {
  switch (blocker.status) {
    case 'failed':
    case 'cancelled':
    case 'missing':
      return true;
    case 'pending':
    case 'assigned':
    case 'running':
    case 'done':
      return false;
  }
}

/**
 * Every task that depends on `id`, directly or through other tasks, in id
 * order: when `id` fails for good or is cancelled, these are the tasks the
 * engine reports as blocked.
 */
export function dependantsOf(tasks: readonly Task[], id: string): Task[] {
  const found = new Set<string>();
  let frontier = [id];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const task of tasks) {
      if (found.has(task.id)) continue;
      if (task.dependsOn.some((dep) => frontier.includes(dep))) {
        found.add(task.id);
        next.push(task.id);
      }
    }
    frontier = next;
  }
  return tasks.filter((t) => found.has(t.id)).sort(byIdNumber);
}

/**
 * Pending tasks whose dependencies are all done and whose backoff has passed,
 * highest priority first, then oldest first (then lowest id, so equal tasks
 * created in the same millisecond keep their order).
 */
export function readyTasks(tasks: readonly Task[], now: number): Task[] {
  const status = new Map(tasks.map((t) => [t.id, t.status]));
  return tasks
    .filter(
      (t) =>
        t.status === 'pending' &&
        (t.notBefore === null || t.notBefore <= now) &&
        t.dependsOn.every((dep) => status.get(dep) === 'done'),
    )
    .sort((a, b) => b.priority - a.priority || a.createdAt - b.createdAt || byIdNumber(a, b));
}

function byIdNumber(a: Task, b: Task): number {
  const diff = taskNumber(a.id) - taskNumber(b.id);
  return Number.isNaN(diff) ? a.id.localeCompare(b.id) : diff;
}

function dependencyMap(tasks: readonly Task[]): Map<string, readonly string[]> {
  return new Map(tasks.map((t) => [t.id, t.dependsOn]));
}

/** Trimmed, without blanks and duplicates, first mention first. */
function normalizeDependencies(dependsOn: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of dependsOn) {
    const dep = raw.trim();
    if (dep !== '') seen.add(dep);
  }
  return [...seen];
}

function checkDependencies(
  tasks: readonly Task[],
  id: string,
  dependsOn: readonly string[],
): string | null {
  if (dependsOn.includes(id)) return `${id} cannot depend on itself`;
  const known = new Set(tasks.map((t) => t.id));
  const unknown = dependsOn.filter((dep) => !known.has(dep));
  if (unknown.length > 0) {
    const list = unknown.join(', ');
    return `unknown ${unknown.length === 1 ? 'dependency' : 'dependencies'} ${list}`;
  }
  const cycle = wouldCycle(tasks, id, dependsOn);
  if (cycle) return `dependencies would form a cycle: ${formatCycle(cycle)}`;
  return null;
}

function toBrief(title: string, brief: NewTaskInput['brief']): TaskBrief {
  if (typeof brief === 'string') {
    const objective = brief.trim();
    return {
      objective: objective === '' ? title : objective,
      expectedOutput: null,
      boundaries: null,
    };
  }
  const objective = brief?.objective?.trim() ?? '';
  return {
    objective: objective === '' ? title : objective,
    expectedOutput: emptyToNull(brief?.expectedOutput),
    boundaries: emptyToNull(brief?.boundaries),
  };
}

function emptyToNull(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

import type { Task } from '../orchestrator/types.js';

/**
 * Tasks back from a saved session. A task that was assigned or running when
 * the control room ended cannot be assumed to continue — the agent restarts —
 * so it is pending again and the dispatcher gives it out anew; the log says so.
 */
export function restoredTasks(
  saved: readonly Task[],
  now: number,
): { tasks: Task[]; notes: string[] } {
  const notes: string[] = [];
  const tasks = saved.map((task) => {
    if (task.status !== 'assigned' && task.status !== 'running') return task;
    notes.push(
      `${task.id} was ${task.status} on ${task.assignee ?? 'a worker'} when the session ended; pending again`,
    );
    return { ...task, status: 'pending' as const, assignee: null, updatedAt: now };
  });
  return { tasks, notes };
}

import type { Task } from '../../src/orchestrator/types.js';

/** A pending task with every field filled; its title (and objective) default to "task <id>". */
export function makeTask(patch: Partial<Task> & Pick<Task, 'id'>): Task {
  const title = patch.title ?? `task ${patch.id}`;
  return {
    title,
    brief: { objective: title, expectedOutput: null, boundaries: null },
    role: null,
    priority: 0,
    dependsOn: [],
    status: 'pending',
    assignee: null,
    attempts: 0,
    maxAttempts: 3,
    failedOn: [],
    notBefore: null,
    result: null,
    error: null,
    createdAt: 0,
    updatedAt: 0,
    ...patch,
  };
}

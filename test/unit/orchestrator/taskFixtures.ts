import type { Task } from '../../../src/orchestrator/types.js';

/** A pending task with every field filled, overridable per test. */
export function makeTask(overrides: Partial<Task> & { id: string }): Task {
  return {
    title: `task ${overrides.id}`,
    brief: { objective: `task ${overrides.id}`, expectedOutput: null, boundaries: null },
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
    ...overrides,
  };
}

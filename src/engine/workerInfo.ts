import type { WorkerInfo } from '../store/workersSlice.js';
import type { WorkerSpec } from './workerSpec.js';

/**
 * What the store shows of a worker that is just being added; a resumed session
 * lays what it saved over it (`restored`).
 */
export function newWorkerInfo(
  spec: WorkerSpec,
  restored: Partial<Omit<WorkerInfo, 'id'>> = {},
): WorkerInfo {
  return {
    id: spec.id,
    name: spec.name,
    profile: spec.profile,
    worktree: spec.worktree,
    branch: spec.branch,
    diff: null,
    killed: false,
    agentSessionId: null,
    role: spec.role ?? null,
    status: { state: 'starting', signal: 'process', reason: 'launching', since: Date.now() },
    dispatchable: true,
    currentTask: null,
    question: null,
    queuedPrompts: 0,
    waitingForHuman: false,
    permission: null,
    cost: null,
    commandLine: spec.commandLine,
    cwd: spec.cwd,
    process: 'starting',
    pid: null,
    exitCode: null,
    exitSignal: null,
    exitReason: null,
    cols: 80,
    rows: 24,
    scrollOffset: 0,
    restarts: 0,
    ...restored,
  };
}

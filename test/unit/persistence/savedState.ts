import type { SavedState, SavedWorker } from '../../../src/persistence/schema.js';

/** A valid saved state for tests; `patch` replaces top-level parts. */
export function makeSavedState(patch: Partial<SavedState> = {}): SavedState {
  return {
    schemaVersion: 1,
    session: {
      id: '20250131-142501-k3xz',
      repoRoot: '/repos/demo',
      repoName: 'demo',
      base: 'main',
      startedAt: '2025-01-31T14:25:01.000Z',
      endedAt: null,
      ended: 'running',
      pid: 4242,
      config: { dispatch: { strategy: 'capability' }, limits: { workers: 4 } },
    },
    workers: [makeWorker()],
    layout: { mode: 'grid', focus: 'w1', zoom: false },
    ...patch,
  };
}

export function makeWorker(patch: Partial<SavedWorker> = {}): SavedWorker {
  return {
    id: 'w1',
    name: 'coder',
    profile: 'claude',
    commandLine: 'claude --model opus',
    file: 'claude',
    args: ['--model', 'opus'],
    viaShell: false,
    cwd: '/home/u/.multibot/worktrees/demo/20250131-142501-k3xz/coder',
    env: { CLAUDE_CODE_ENABLE_TELEMETRY: '0' },
    worktree: '/home/u/.multibot/worktrees/demo/20250131-142501-k3xz/coder',
    branch: 'multibot/20250131-142501-k3xz/coder',
    process: 'running',
    exitCode: null,
    killed: false,
    agentSessionId: null,
    ...patch,
  };
}

import type { WorkerSpec } from '../engine/workerSpec.js';
import {
  SCHEMA_VERSION,
  type SavedSession,
  type SavedState,
  type SavedWorker,
} from '../persistence/schema.js';
import type { AppState } from '../store/store.js';

/** The parts of the saved session that the live store does not hold. */
export interface SessionRecord {
  session: Omit<SavedSession, 'ended' | 'endedAt'>;
  ended: SavedSession['ended'];
  endedAt: string | null;
}

/**
 * What is saved of the live state: plain data, and never the control room's
 * environment (a worker's saved env is its profile's env only).
 */
export function toSavedState(
  app: AppState,
  record: SessionRecord,
  specs: readonly WorkerSpec[],
): SavedState {
  const specById = new Map(specs.map((spec) => [spec.id, spec]));
  const workers: SavedWorker[] = app.workerOrder.flatMap((id) => {
    const info = app.workers[id];
    const spec = specById.get(id);
    if (!info || !spec) return [];
    return [
      {
        id,
        name: info.name,
        profile: spec.profile,
        commandLine: spec.commandLine,
        file: spec.file,
        args: [...spec.args],
        viaShell: spec.viaShell,
        cwd: spec.cwd,
        env: { ...spec.env },
        worktree: spec.worktree,
        branch: spec.branch,
        process: info.process,
        exitCode: info.exitCode,
        killed: info.killed,
        agentSessionId: info.agentSessionId,
        role: info.role,
      },
    ];
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    session: { ...record.session, ended: record.ended, endedAt: record.endedAt },
    workers,
    layout: { mode: app.layout.mode, focus: app.layout.focus, zoom: app.layout.zoom },
    tasks: app.tasks.map((task) => ({ ...task, brief: { ...task.brief } })),
    dispatch: { held: app.dispatch.held, strategy: app.dispatch.strategy },
    log: [...app.log],
  };
}

/** A saved worker back as the spec that starts it. */
export function specFromSaved(worker: SavedWorker): WorkerSpec {
  return {
    id: worker.id,
    name: worker.name,
    commandLine: worker.commandLine,
    file: worker.file,
    args: worker.args,
    cwd: worker.cwd,
    env: worker.env,
    viaShell: worker.viaShell,
    profile: worker.profile,
    worktree: worker.worktree,
    branch: worker.branch,
    role: worker.role ?? null,
  };
}

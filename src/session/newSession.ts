import type { RunOptions } from '../cli/parseArgs.js';
import { specsFromArgs, specsFromConfig } from '../config/workerSpecs.js';
import { claimSessionDir } from '../persistence/home.js';
import { openSessionFile } from '../persistence/sessionStore.js';
import { withAgentLaunch } from './agentLaunch.js';
import { worktreeServiceFor, type SessionContext } from './context.js';
import type { PreparedSession, PreparedWorker, Progress } from './prepared.js';

/**
 * A new session: its folder and state file, and a worktree on a new branch for
 * every worker (when the config wants worktrees), created one by one.
 */
export async function prepareNewSession(
  context: SessionContext,
  options: RunOptions,
  env: Readonly<Record<string, string | undefined>>,
  progress: Progress,
): Promise<PreparedSession> {
  const specs = options.workers.length
    ? specsFromArgs(options.workers, context.workDir)
    : specsFromConfig(context.config, context.workDir, env);
  const id = await claimSessionDir(context.home);
  const db = await openSessionFile(context.home.stateFile(id), context.home.lastGoodFile(id));
  const base = options.base ?? context.repo?.base ?? '';
  const notes = [...(context.repo?.notes ?? [])];
  const worktrees = worktreeServiceFor(context);
  const workers: PreparedWorker[] = [];
  for (const [index, spec] of specs.entries()) {
    const launched = withAgentLaunch(spec, context.home.home);
    const restored = launched.agentSessionId ? { agentSessionId: launched.agentSessionId } : {};
    if (!worktrees) {
      workers.push({ spec: launched.spec, start: true, restored });
      continue;
    }
    progress(`Creating worktree ${index + 1}/${specs.length} for ${spec.name}…`);
    const created = await worktrees.create({ session: id, worker: spec.id, base });
    for (const skipped of created.skipped) {
      notes.push(
        `${spec.name}: did not copy ${skipped.path} into its worktree (${skipped.reason})`,
      );
    }
    workers.push({
      spec: { ...launched.spec, cwd: created.path, worktree: created.path, branch: created.branch },
      start: true,
      restored,
    });
  }
  return {
    context,
    record: {
      session: {
        id,
        repoRoot: context.workDir,
        repoName: context.repoName,
        base,
        startedAt: new Date().toISOString(),
        label: context.label ?? null,
        pid: process.pid,
        config: context.config as unknown as Record<string, unknown>,
      },
      ended: 'running',
      endedAt: null,
    },
    db,
    workers,
    worktrees,
    notes,
    restored: null,
  };
}

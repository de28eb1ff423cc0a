import { latestSession } from '../persistence/sessionIndex.js';
import { parseSessionId } from '../persistence/sessionId.js';
import { openSessionFile } from '../persistence/sessionStore.js';
import { UserError, errorMessage } from '../util/errors.js';
import { withAgentLaunch } from './agentLaunch.js';
import { worktreeServiceFor, type SessionContext } from './context.js';
import type { PreparedSession, PreparedWorker, Progress } from './prepared.js';
import { resumedSpec } from './resumedSpec.js';
import { specFromSaved } from './savedState.js';

/**
 * Reopens a saved session: each worker again in its own worktree (re-checked
 * out when its folder went missing), agents with their resume arguments, and
 * the workers the human had killed left ended.
 */
export async function prepareResume(
  context: SessionContext,
  requested: string | null,
  env: Readonly<Record<string, string | undefined>>,
  progress: Progress,
): Promise<PreparedSession> {
  const id = requested ? parseSessionId(requested) : await latestId(context);
  const db = await openSessionFile(context.home.stateFile(id), context.home.lastGoodFile(id));
  const saved = db.state;
  if (!saved) {
    throw new UserError(
      `There is no session ${id} in ${context.home.sessionsDir}.\n` +
        'multibot-tui sessions lists the sessions there.',
    );
  }
  const worktrees = saved.workers.some((worker) => worker.worktree)
    ? worktreeServiceFor(context)
    : null;
  const notes: string[] = [];
  const workers: PreparedWorker[] = [];
  for (const [index, worker] of saved.workers.entries()) {
    let spec = specFromSaved(worker);
    if (worker.worktree && worktrees) {
      progress(`Opening worktree ${index + 1}/${saved.workers.length} for ${worker.name}…`);
      try {
        const reopened = await worktrees.create({
          session: id,
          worker: worker.id,
          base: saved.session.base,
        });
        spec = { ...spec, cwd: reopened.path, worktree: reopened.path, branch: reopened.branch };
      } catch (error) {
        notes.push(`${worker.name}: its worktree cannot be opened: ${errorMessage(error)}`);
        workers.push({
          spec,
          start: false,
          restored: { process: 'exited', exitReason: 'worktree missing', killed: worker.killed },
        });
        continue;
      }
    }
    const resumed = resumedSpec(spec, context.config, worker.agentSessionId, env);
    spec = withAgentLaunch(
      resumed.spec,
      context.home.home,
      resumed.continues ? worker.agentSessionId : null,
    ).spec;
    if (worker.killed) {
      workers.push({
        spec,
        start: false,
        restored: {
          process: 'exited',
          exitCode: worker.exitCode,
          exitReason: 'killed before the resume',
          killed: true,
          agentSessionId: worker.agentSessionId,
        },
      });
      continue;
    }
    workers.push({ spec, start: true, restored: { agentSessionId: worker.agentSessionId } });
  }
  return {
    context,
    record: {
      session: { ...saved.session, pid: process.pid },
      ended: 'running',
      endedAt: null,
    },
    db,
    workers,
    worktrees,
    notes,
    restored: saved,
  };
}

async function latestId(context: SessionContext): Promise<string> {
  const latest = await latestSession(context.home, context.workDir);
  if (!latest) {
    throw new UserError(
      `No session to resume for ${context.workDir} in ${context.home.sessionsDir}.\n` +
        'Start one with multibot-tui, or list sessions with multibot-tui sessions.',
    );
  }
  return latest.id;
}

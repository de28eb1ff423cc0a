import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { HomePaths } from '../persistence/home.js';
import type { SavedState } from '../persistence/schema.js';
import { listSessions, processIsAlive } from '../persistence/sessionIndex.js';
import { parseSessionId } from '../persistence/sessionId.js';
import { ReplayModel, type ReplayIssue } from '../recording/replayModel.js';
import { taskHistoryBytes } from '../recording/taskHistory.js';
import type { LogEntry } from '../store/logSlice.js';
import { UserError, errorMessage } from '../util/errors.js';
import { logEntries, readSessionState } from './sessionState.js';
import { TaskTimeline } from './taskTimeline.js';

export const RECORDINGS_DIR = 'recordings';

/** A recorded session opened for replay or export. */
export interface ReplaySession {
  id: string;
  dir: string;
  recordingsDir: string;
  model: ReplayModel;
  /** The saved session (names, tasks, log); null when it cannot be read (see issues). */
  state: SavedState | null;
  log: LogEntry[];
  /** The recorded task board over time; null for recordings made before there was one. */
  taskHistory: TaskTimeline | null;
  /** Problems outside the recordings (an unreadable state.json). */
  issues: ReplayIssue[];
  /** Still being recorded: its control room is running now. */
  live: boolean;
}

export interface OpenSessionOptions {
  isAlive?: (pid: number) => boolean;
}

/**
 * Opens `sessions/<id>` for replay. Errors a user can fix (no such session, nothing
 * recorded) are UserErrors that say where and what to do; damaged files are not
 * errors but issues the player shows.
 */
export async function openReplaySession(
  sessionDir: string,
  options: OpenSessionOptions = {},
): Promise<ReplaySession> {
  const id = basename(sessionDir);
  if (!existsSync(sessionDir)) throw unknownSession(id, dirname(sessionDir));
  const recordingsDir = join(sessionDir, RECORDINGS_DIR);
  if (!existsSync(recordingsDir)) {
    throw new UserError(
      `Session ${id} has no recordings: ${recordingsDir} does not exist.\n` +
        'It may come from a version of multibot-tui that did not record yet. ' +
        '`multibot-tui sessions` lists the sessions.',
    );
  }
  let model: ReplayModel;
  try {
    model = await ReplayModel.load(recordingsDir);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(`Session ${id} cannot be replayed: ${errorMessage(error)}.`);
  }
  const boardRecorded = (await taskHistoryBytes(recordingsDir)) > 0;
  const { state, issue } = await readSessionState(sessionDir, { boardRecorded });
  const isAlive = options.isAlive ?? processIsAlive;
  const pid = state?.session.pid ?? null;
  const live = state?.session.ended === 'running' && pid !== null && isAlive(pid);
  const startedAt = model.manifest.startedAt;
  return {
    id,
    dir: sessionDir,
    recordingsDir,
    model,
    state,
    log: logEntries(state),
    taskHistory: await TaskTimeline.load(recordingsDir, startedAt, live),
    issues: issue ? [issue] : [],
    live,
  };
}

/**
 * Re-reads what a running session keeps writing: its state (log, tasks), its task
 * history and whether it runs.
 */
export async function refreshSessionState(
  session: ReplaySession,
  options: OpenSessionOptions = {},
): Promise<void> {
  const { recordingsDir, model } = session;
  const startedAt = model.manifest.startedAt;
  session.taskHistory = await TaskTimeline.refresh(session.taskHistory, recordingsDir, startedAt);
  const { state } = await readSessionState(session.dir);
  if (!state) return;
  session.state = state;
  session.log = logEntries(state);
  const isAlive = options.isAlive ?? processIsAlive;
  const pid = state.session.pid;
  session.live = state.session.ended === 'running' && pid !== null && isAlive(pid);
}

function unknownSession(id: string, sessionsDir: string): UserError {
  return new UserError(
    `There is no session ${id} in ${sessionsDir}.\n` +
      '`multibot-tui sessions` lists the sessions there.',
  );
}

/**
 * The folder of the session to replay or export: the one named (a session id), else
 * the newest one with recordings — of this repository when `repoRoot` is given and it
 * has one, else of any.
 */
export async function findReplaySession(
  home: HomePaths,
  requested: string | null,
  repoRoot: string | null = null,
): Promise<string> {
  if (requested !== null) {
    const id = parseSessionId(requested);
    const dir = home.sessionDir(id);
    if (!existsSync(dir)) throw unknownSession(id, home.sessionsDir);
    return dir;
  }
  const recorded = (ids: string[]): string | undefined =>
    ids.find((id) => existsSync(join(home.sessionDir(id), RECORDINGS_DIR)));
  const here = repoRoot ? await listSessions(home, { repoRoot }) : [];
  const all = await listSessions(home);
  const id = recorded(here.map((entry) => entry.id)) ?? recorded(all.map((entry) => entry.id));
  if (!id) {
    throw new UserError(
      `No recorded sessions in ${home.sessionsDir} yet.\n` +
        'Every session records its panes; run multibot-tui (or multibot-tui --demo) first.',
    );
  }
  return home.sessionDir(id);
}

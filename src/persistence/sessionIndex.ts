import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { errorMessage } from '../util/errors.js';
import type { HomePaths } from './home.js';
import type { SessionEnding } from './schema.js';
import { isSessionId, sessionIdTime } from './sessionId.js';
import { CorruptStateError, openSessionFile } from './sessionStore.js';

/** One session as `multibot-tui sessions` lists it. */
export interface SessionSummary {
  kind: 'session';
  id: string;
  repoRoot: string;
  repoName: string;
  base: string;
  startedAt: string;
  endedAt: string | null;
  ended: SessionEnding;
  pid: number | null;
  workers: number;
}

/** A session folder whose state cannot be read; listed so the user hears of it. */
export interface UnreadableSession {
  kind: 'unreadable';
  id: string;
  problem: string;
}

export type SessionListing = SessionSummary | UnreadableSession;

export interface ListOptions {
  /** Only sessions of this repository (unreadable ones are always listed: their repo is unknown). */
  repoRoot?: string;
}

/** Every session under the home, newest first. */
export async function listSessions(
  homePaths: HomePaths,
  options: ListOptions = {},
): Promise<SessionListing[]> {
  const ids = await sessionIds(homePaths.sessionsDir);
  const wanted = options.repoRoot === undefined ? null : resolve(options.repoRoot);
  const listed = await Promise.all(ids.map((id) => summarize(homePaths, id)));
  return listed
    .filter((entry) => entry.kind === 'unreadable' || !wanted || resolve(entry.repoRoot) === wanted)
    .sort((a, b) => startTime(b) - startTime(a) || (a.id < b.id ? 1 : -1));
}

/** The newest readable session of a repository: what `resume` without an id resumes. */
export async function latestSession(
  homePaths: HomePaths,
  repoRoot: string,
): Promise<SessionSummary | null> {
  const sessions = await listSessions(homePaths, { repoRoot });
  return sessions.find((entry) => entry.kind === 'session') ?? null;
}

export interface UncleanOptions {
  /** Whether a pid is a live process; injectable for tests. */
  isAlive?: (pid: number) => boolean;
}

/**
 * The repository's last session when it did not end cleanly: still marked
 * 'running' but its control room is gone (SIGKILL, power loss, a crash that
 * could not save). Sessions running right now in another control room are
 * skipped — they are not "the last session" this start follows.
 */
export async function uncleanSession(
  homePaths: HomePaths,
  repoRoot: string,
  options: UncleanOptions = {},
): Promise<SessionSummary | null> {
  const isAlive = options.isAlive ?? processIsAlive;
  const sessions = await listSessions(homePaths, { repoRoot });
  for (const entry of sessions) {
    if (entry.kind !== 'session') continue;
    const running = entry.ended === 'running';
    if (running && entry.pid !== null && isAlive(entry.pid)) continue;
    return running ? entry : null;
  }
  return null;
}

/** Signal 0 checks existence only. EPERM means it exists but is someone else's. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

async function sessionIds(sessionsDir: string): Promise<string[]> {
  try {
    const entries = await readdir(sessionsDir, { withFileTypes: true });
    // .gitkeep and anything not named like a session is not ours to list.
    return entries.filter((e) => e.isDirectory() && isSessionId(e.name)).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function summarize(homePaths: HomePaths, id: string): Promise<SessionListing> {
  try {
    const db = await openSessionFile(homePaths.stateFile(id), homePaths.lastGoodFile(id));
    const state = db.state;
    if (!state)
      return { kind: 'unreadable', id, problem: 'no saved state (state.json is missing)' };
    const { session } = state;
    return {
      kind: 'session',
      id,
      repoRoot: session.repoRoot,
      repoName: session.repoName,
      base: session.base,
      startedAt: session.startedAt,
      endedAt: session.endedAt,
      ended: session.ended,
      pid: session.pid,
      workers: state.workers.length,
    };
  } catch (error) {
    const problem = error instanceof CorruptStateError ? error.problem : errorMessage(error);
    return { kind: 'unreadable', id, problem };
  }
}

/** Readable sessions sort by their start; unreadable ones by the time in their id. */
function startTime(entry: SessionListing): number {
  return entry.kind === 'session' ? Date.parse(entry.startedAt) : sessionIdTime(entry.id);
}

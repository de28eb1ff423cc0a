import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LAST_GOOD_FILE, STATE_FILE } from '../persistence/home.js';
import { savedStateSchema, type SavedState } from '../persistence/schema.js';
import type { ReplayIssue } from '../recording/replayModel.js';
import { validLogEntries, type LogEntry } from '../store/logSlice.js';
import { errorMessage } from '../util/errors.js';

export interface SessionStateRead {
  /** Null when neither the state nor its last good copy can be read. */
  state: SavedState | null;
  issue: ReplayIssue | null;
}

/**
 * The saved session (`state.json`, else its last good copy) for the master pane: the
 * event log and the tasks. Read only — a replay never writes to the session.
 * `boardRecorded`: the recordings hold the task board's history, so an unreadable state
 * costs the event log only.
 */
export async function readSessionState(
  sessionDir: string,
  options: { boardRecorded?: boolean } = {},
): Promise<SessionStateRead> {
  let problem: string | null = null;
  for (const name of [STATE_FILE, LAST_GOOD_FILE]) {
    let text: string;
    try {
      text = await readFile(join(sessionDir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      problem ??= errorMessage(error);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      problem ??= 'not JSON';
      continue;
    }
    const parsed = savedStateSchema.safeParse(json);
    if (parsed.success) {
      const issue =
        problem === null
          ? null
          : { file: STATE_FILE, message: `${problem}; its last good copy is shown` };
      return { state: parsed.data, issue };
    }
    problem ??= `not a session state (${parsed.error.issues[0]?.message ?? 'invalid'})`;
  }
  const lost = options.boardRecorded ? 'no event log' : 'no board or event log';
  return {
    state: null,
    issue: {
      file: STATE_FILE,
      message: problem ? `${problem}: ${lost}` : `missing: ${lost} to show`,
    },
  };
}

/** The saved log entries that have the shape the master pane shows. */
export function logEntries(state: SavedState | null): LogEntry[] {
  return validLogEntries(state?.log);
}

/** The entries that had happened by `epochMs` (in the order they were logged). */
export function logAt(log: readonly LogEntry[], epochMs: number): LogEntry[] {
  return log.filter((entry) => entry.at <= epochMs);
}

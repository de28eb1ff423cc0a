import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { z } from 'zod';
import { UserError } from '../util/errors.js';
import { LAST_GOOD_FILE, STATE_FILE } from './home.js';
import { SCHEMA_VERSION, savedStateSchema, type SavedState } from './schema.js';

/** The copy of the newest state that was written and validated, kept beside the state file. */
export interface LastGoodCopy {
  file: string;
  adapter: Adapter<SavedState>;
}

export interface SessionDbOptions {
  lastGood?: LastGoodCopy;
}

/**
 * A state file that cannot be used: not JSON, not our shape, or from a newer
 * multibot-tui. It is never overwritten or deleted; the message says where it
 * is and what the user can do.
 */
export class CorruptStateError extends UserError {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly lastGoodFile: string | null,
    advice: string,
  ) {
    super(
      [
        `The session state ${file} cannot be read: ${problem}.`,
        'The file was left untouched.',
        advice,
        'You can start a new session: run multibot-tui without `resume`.',
        lastGoodFile
          ? `The last good copy of this state is at ${lastGoodFile}; to resume from it, move ` +
            `${basename(file)} aside and copy ${basename(lastGoodFile)} in its place.`
          : 'No good copy of this state was found beside it.',
      ].join('\n'),
    );
    this.name = 'CorruptStateError';
  }
}

/** The last-good path for a state file: `state.json` → `state.last-good.json`, same folder. */
export function lastGoodPathOf(file: string): string {
  const name = basename(file);
  const lastGood =
    name === STATE_FILE ? LAST_GOOD_FILE : `${name.replace(/\.json$/, '')}.last-good.json`;
  return join(dirname(file), lastGood);
}

/**
 * A SessionDb over real files: steno writes both through a temp file and a rename.
 * The session's directory must exist (home.ts `claimSessionDir` / `ensureDir`).
 */
export function openSessionFile(
  file: string,
  lastGoodFile: string = lastGoodPathOf(file),
): Promise<SessionDb> {
  return SessionDb.open(file, new JSONFile<SavedState>(file), {
    lastGood: { file: lastGoodFile, adapter: new JSONFile<SavedState>(lastGoodFile) },
  });
}

interface PendingSave {
  state: SavedState;
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

/**
 * One session's saved state through lowdb with an injected adapter. Reads are
 * validated; saves are validated, serialized (one write in flight, the newest
 * waiting state wins) and followed by a last-good copy.
 */
export class SessionDb {
  private low: Low<SavedState> | null;
  private pending: PendingSave | null = null;
  private draining: Promise<void> | null = null;

  private constructor(
    /** The path shown in messages (the file itself when the adapter is file-backed). */
    readonly file: string,
    private readonly adapter: Adapter<SavedState>,
    private readonly lastGood: LastGoodCopy | null,
    state: SavedState | null,
  ) {
    this.low = state ? new Low(adapter, state) : null;
  }

  /** Reads the file: null state when it does not exist yet; throws CorruptStateError when unusable. */
  static async open(
    file: string,
    adapter: Adapter<SavedState>,
    options: SessionDbOptions = {},
  ): Promise<SessionDb> {
    const lastGood = options.lastGood ?? null;
    const state = await readState(file, adapter, lastGood);
    return new SessionDb(file, adapter, lastGood, state);
  }

  /** The newest state written by this db, or read at open; null for a new session. */
  get state(): SavedState | null {
    return this.low?.data ?? null;
  }

  /**
   * Validates then writes `state`. Resolves once it — or a newer state that
   * replaced it while waiting — is on disk. An invalid state is a bug: it rejects
   * without touching the file.
   */
  save(state: SavedState): Promise<void> {
    const result = savedStateSchema.safeParse(state);
    if (!result.success) {
      const bug = new Error(
        `multibot-tui: refusing to save an invalid state: ${describe(result.error)}`,
      );
      return Promise.reject(bug);
    }
    return new Promise<void>((resolve, reject) => {
      if (this.pending) this.pending.state = result.data;
      else this.pending = { state: result.data, waiters: [] };
      this.pending.waiters.push({ resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Resolves when no save is in flight or waiting. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const batch = this.pending;
        this.pending = null;
        try {
          await this.write(batch.state);
          for (const waiter of batch.waiters) waiter.resolve();
        } catch (error) {
          for (const waiter of batch.waiters) waiter.reject(error);
        }
      }
    } finally {
      this.draining = null;
    }
  }

  private async write(state: SavedState): Promise<void> {
    this.low ??= new Low(this.adapter, state);
    this.low.data = state;
    await this.low.write();
    // Only after the state file holds it: a copy of what was written, never of a failed write.
    if (this.lastGood) await this.lastGood.adapter.write(state);
  }
}

async function readState(
  file: string,
  adapter: Adapter<SavedState>,
  lastGood: LastGoodCopy | null,
): Promise<SavedState | null> {
  const corrupt = async (problem: string, advice: string): Promise<CorruptStateError> =>
    new CorruptStateError(file, problem, await usableLastGood(lastGood), advice);

  let raw: unknown;
  try {
    raw = await adapter.read();
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw await corrupt(
        `it is not valid JSON (${error.message})`,
        'It may have been edited by hand or damaged on disk.',
      );
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code) {
      throw new UserError(
        `The session state ${file} cannot be read (${code}). Check that it is a file you can read.`,
      );
    }
    throw error;
  }
  // lowdb reports a missing file as null — and a file holding `null` the same way.
  if (raw === null || raw === undefined) {
    if (existsSync(file)) {
      throw await corrupt('it holds no state (null)', 'It may have been edited by hand.');
    }
    return null;
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw await corrupt(
      `it was written by a newer multibot-tui (schema version ${version}; this one reads ${SCHEMA_VERSION})`,
      'Upgrade multibot-tui to resume this session.',
    );
  }
  const result = savedStateSchema.safeParse(raw);
  if (!result.success) {
    throw await corrupt(
      `it does not hold a valid session state (${describe(result.error)})`,
      'It may have been edited by hand or written by another program.',
    );
  }
  return result.data;
}

/** The last-good copy's path when it exists and would itself load: only then is it worth naming. */
async function usableLastGood(lastGood: LastGoodCopy | null): Promise<string | null> {
  if (!lastGood) return null;
  try {
    const raw = await lastGood.adapter.read();
    return raw !== null && savedStateSchema.safeParse(raw).success ? lastGood.file : null;
  } catch {
    return null;
  }
}

/** The first few zod issues as `path: message`, short enough for one line. */
function describe(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

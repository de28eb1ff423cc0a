import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { UserError } from '../util/errors.js';
import { packageRoot } from '../util/packageRoot.js';
import { assertSessionId, newSessionId } from './sessionId.js';

/** Where the home came from, so `config` and errors can say why this directory. */
export type HomeSource = 'flag' | 'env' | 'package' | 'user';

export interface ResolvedHome {
  home: string;
  source: HomeSource;
}

export interface ResolveHomeOptions {
  /** `--home DIR`, when given. */
  flag?: string | undefined;
  /** The environment to read MULTIBOT_HOME from (only that variable is read). */
  env: Readonly<Record<string, string | undefined>>;
  /** This package's root directory (util/packageRoot.ts). */
  packageRoot: string;
  /** The user's home directory (os.homedir()). */
  homedir: string;
  /** Relative `--home` / MULTIBOT_HOME values resolve against this; default process.cwd(). */
  cwd?: string;
}

/** resolveHome for this process: this package's root, this user's home directory. */
export function resolveHomeHere(
  options: Pick<ResolveHomeOptions, 'flag' | 'env' | 'cwd'>,
): ResolvedHome {
  return resolveHome({ ...options, packageRoot: packageRoot(), homedir: homedir() });
}

/**
 * The home holding `sessions/` and `worktrees/`: `--home DIR`, else MULTIBOT_HOME,
 * else the package's own root when it is a writable checkout, else `~/.multibot`.
 */
export function resolveHome(options: ResolveHomeOptions): ResolvedHome {
  const cwd = options.cwd ?? process.cwd();
  if (options.flag !== undefined) {
    if (options.flag.trim() === '') {
      throw new UserError('--home needs a directory, e.g. --home ~/multibot-data', 2);
    }
    return { home: expand(options.flag, options.homedir, cwd), source: 'flag' };
  }
  // An empty variable is how people "unset" it in scripts: treat it as unset.
  const fromEnv = options.env.MULTIBOT_HOME;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { home: expand(fromEnv, options.homedir, cwd), source: 'env' };
  }
  if (isWritableCheckout(options.packageRoot)) {
    return { home: options.packageRoot, source: 'package' };
  }
  return { home: join(options.homedir, '.multibot'), source: 'user' };
}

/** `~` and `~/x` as the shell would have expanded them (quoted env values are not). */
function expand(dir: string, homedir: string, cwd: string): string {
  if (dir === '~') return homedir;
  if (dir.startsWith('~/')) return join(homedir, dir.slice(2));
  return isAbsolute(dir) ? resolve(dir) : resolve(cwd, dir);
}

/**
 * A checkout keeps its runtime data beside the code. An installed copy does not:
 * a global install is usually read-only, and a local one under node_modules/ is
 * writable but is wiped by the next `npm install`, so it must not count.
 */
function isWritableCheckout(root: string): boolean {
  if (resolve(root).split(sep).includes('node_modules')) return false;
  try {
    accessSync(root, constants.W_OK);
    accessSync(join(root, 'sessions'), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every path under a home. Session ids are checked again here: they name directories. */
export interface HomePaths {
  home: string;
  sessionsDir: string;
  worktreesDir: string;
  sessionDir(id: string): string;
  stateFile(id: string): string;
  lastGoodFile(id: string): string;
  recordingsDir(id: string): string;
}

export const STATE_FILE = 'state.json';
export const LAST_GOOD_FILE = 'state.last-good.json';

export function paths(home: string): HomePaths {
  const sessionsDir = join(home, 'sessions');
  const sessionDir = (id: string): string => join(sessionsDir, assertSessionId(id));
  return {
    home,
    sessionsDir,
    worktreesDir: join(home, 'worktrees'),
    sessionDir,
    stateFile: (id) => join(sessionDir(id), STATE_FILE),
    lastGoodFile: (id) => join(sessionDir(id), LAST_GOOD_FILE),
    recordingsDir: (id) => join(sessionDir(id), 'recordings'),
  };
}

/**
 * Creates `dir` (and missing parents) private to the user: sessions hold command
 * lines, profile env and, later, the control socket. Existing directories keep
 * their mode — they may be the user's own.
 */
export async function ensureDir(dir: string): Promise<string> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw homeError(dir, error);
  }
  return dir;
}

/**
 * Creates the directory of a new session and returns its id. The directory is
 * made exclusively, so two control rooms started in the same second never share one.
 */
export async function claimSessionDir(
  homePaths: HomePaths,
  makeId: () => string = () => newSessionId(),
): Promise<string> {
  await ensureDir(homePaths.sessionsDir);
  for (let attempt = 0; attempt < 10; attempt++) {
    const id = makeId();
    try {
      await mkdir(homePaths.sessionDir(id), { mode: 0o700 });
      return id;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw homeError(homePaths.sessionDir(id), error);
      }
    }
  }
  throw new Error(`multibot-tui: no free session id after 10 attempts in ${homePaths.sessionsDir}`);
}

/** Permission and read-only problems are the user's to fix: say how. */
function homeError(dir: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR') {
    return new UserError(
      `Cannot create the directory ${dir} (${code}).\n` +
        'multibot-tui keeps its sessions and worktrees there. Choose a writable home with ' +
        '--home DIR or the MULTIBOT_HOME environment variable.',
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

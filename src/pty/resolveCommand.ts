import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** What glibc's execvp searches when PATH is unset (confstr _CS_PATH). */
const DEFAULT_SEARCH_PATH = '/bin:/usr/bin';

/**
 * Finds what execvp(3) would run for `file`, like `which`, or null.
 *
 * Why check before spawning: node-pty forks first and execs in the child, so a
 * missing command does not throw — the child prints "execvp(3) failed.: No such
 * file or directory" into the pane and exits 1, which reads like a crash of the
 * program. Checking first lets the caller report "command not found" plainly.
 *
 * Mirrors execvp as node-pty calls it: the child's `env.PATH` is searched (node-pty
 * sets the child's environ before execvp), and a name with a slash is taken
 * relative to `cwd` (the child has already changed directory). An empty PATH
 * entry means the working directory, as POSIX says.
 */
export function resolveExecutable(
  file: string,
  env: Record<string, string | undefined>,
  cwd: string,
): string | null {
  if (file === '') return null;
  if (file.includes('/')) {
    const candidate = path.resolve(cwd, file);
    return isExecutableFile(candidate) ? candidate : null;
  }
  const searchPath = env.PATH ?? DEFAULT_SEARCH_PATH;
  for (const dir of searchPath.split(path.delimiter)) {
    const candidate = path.resolve(cwd, dir === '' ? '.' : dir, file);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function isExecutableFile(candidate: string): boolean {
  try {
    // access() first: it answers "may this user execute it" (root needs an x bit too);
    // stat() then rules out directories, which pass X_OK.
    accessSync(candidate, constants.X_OK);
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}

/** Thrown by the pty backend when asked to spawn what resolveExecutable cannot find. */
export class CommandNotFoundError extends Error {
  constructor(readonly file: string) {
    super(`command not found: ${file} (not an executable file, nor found on PATH)`);
    this.name = 'CommandNotFoundError';
  }
}

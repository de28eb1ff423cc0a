import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Ambient GIT_* variables (GIT_DIR when tests run from a git hook) would point these
// commands at another repository.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.toUpperCase().startsWith('GIT_')),
);

/** Runs git in `cwd` and returns its trimmed stdout; throws with git's stderr on failure. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: 'pipe' }).trim();
}

/** A fresh folder under the system temp dir, real path (macOS links /var to /private/var). */
export function tempDir(prefix = 'multibot-git-'): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/**
 * `git init` with branch main, an identity (commits work on CI) and no signing, and a first
 * commit unless `commit: false`. Worktrees share this config.
 */
export function initRepo(dir: string, options: { commit?: boolean } = {}): string {
  git(path.dirname(dir), 'init', '--quiet', dir);
  git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/main');
  git(dir, 'config', 'user.name', 'Multibot Test');
  git(dir, 'config', 'user.email', 'test@multibot.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  if (options.commit !== false) {
    writeFileSync(path.join(dir, 'README.md'), '# test\n');
    writeFileSync(path.join(dir, '.gitignore'), 'ignored/\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '--quiet', '-m', 'first commit');
  }
  return dir;
}

/** Writes a file and commits it, in a checkout or worktree. */
export function commitFile(
  cwd: string,
  file: string,
  content: string,
  message = `add ${file}`,
): void {
  writeFileSync(path.join(cwd, file), content);
  git(cwd, 'add', '--', file);
  git(cwd, 'commit', '--quiet', '-m', message);
}

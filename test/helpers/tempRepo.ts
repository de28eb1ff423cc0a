import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Git with an identity, so commits work on machines without a git config. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=multibot-test', '-c', 'user.email=test@multibot.invalid', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

export interface TempRepo {
  root: string;
  /** A home for sessions/ and worktrees/, outside the repository. */
  home: string;
  cleanup(): void;
}

/** A real repository with one commit on `main`, and an empty home beside it. */
export function createTempRepo(name = 'project'): TempRepo {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'multibot-')));
  const root = join(base, name);
  const home = join(base, 'home');
  execFileSync('mkdir', ['-p', root, home]);
  git(root, 'init', '-q', '-b', 'main');
  writeFileSync(join(root, 'README.md'), '# test project\n');
  git(root, 'add', 'README.md');
  git(root, 'commit', '-q', '-m', 'initial commit');
  return { root, home, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/**
 * Removes a scratch directory, trying again for a few seconds: a hook an
 * agent started runs on after the test killed the agent (hooks are detached)
 * and may still append to a file there for a moment.
 */
export async function removeSoon(dir: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

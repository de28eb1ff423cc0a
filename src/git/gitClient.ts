import { simpleGit } from 'simple-git';
import { errorMessage } from '../util/errors.js';
import {
  outputLines,
  parseNumstat,
  parseStatus,
  parseWorktreeList,
  type NumstatEntry,
  type StatusEntry,
  type WorktreeEntry,
} from './porcelain.js';

export type { NumstatEntry, StatusEntry, WorktreeEntry } from './porcelain.js';

/** Where a directory sits relative to git. */
export type RepoLocation =
  | { kind: 'none' }
  | { kind: 'bare'; gitDir: string }
  /** Inside a `.git` directory: a repository, but no working tree to stand in. */
  | { kind: 'gitDir'; gitDir: string }
  | { kind: 'workTree'; root: string; gitDir: string };

/**
 * The few git operations the worktree service needs, bound to one directory. Small on
 * purpose: the service's decisions are unit-tested against a fake of this interface.
 * Refs and branch names reaching it are validated by the caller (never start with `-`).
 */
export interface GitClient {
  readonly cwd: string;
  locate(): Promise<RepoLocation>;
  /** The checked-out branch; null when HEAD is detached. */
  currentBranch(): Promise<string | null>;
  /** The commit a ref names; null when it names none (or the repository has no commits). */
  resolveCommit(ref: string): Promise<string | null>;
  /** Changed, staged and untracked files (every untracked file, not collapsed folders). */
  status(): Promise<StatusEntry[]>;
  /** The working tree (committed + uncommitted, tracked files) against a commit. */
  diffNumstat(base: string): Promise<NumstatEntry[]>;
  mergeBase(a: string, b: string): Promise<string | null>;
  /** Commits reachable from `ref` and not from `base` (`rev-list --count base..ref`). */
  countCommits(base: string, ref: string): Promise<number>;
  /**
   * Commits of `ref` whose changes are not in `base`: like `countCommits`, but commits
   * applied to base under another id (rebase, cherry-pick) are not counted. Merge
   * commits always count, since `git cherry` cannot compare them.
   */
  countUnmerged(base: string, ref: string): Promise<number>;
  /** Local branch names matching a `git branch --list` pattern. */
  listBranches(pattern: string): Promise<string[]>;
  /** `git branch -D`: also drops the branch's config section. */
  deleteBranch(branch: string): Promise<void>;
  getConfig(key: string): Promise<string | null>;
  setConfig(key: string, value: string): Promise<void>;
  listWorktrees(): Promise<WorktreeEntry[]>;
  /** Checks out `branch` at `path`; creates the branch from `newBranchFrom` when given. */
  addWorktree(options: { path: string; branch: string; newBranchFrom?: string }): Promise<void>;
  removeWorktree(path: string, options: { force: boolean }): Promise<void>;
  pruneWorktrees(): Promise<void>;
}

/** A git command failed; the message keeps git's own stderr, which usually says why. */
export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly cwd: string,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed in ${cwd}: ${stderr.trim() || '(no message)'}`);
    this.name = 'GitCommandError';
  }
}

// Reads in a worker's worktree run while its agent may be committing there: never take
// the index lock to refresh stat info, or the agent's own `git commit` could fail.
const READ_ONLY = '--no-optional-locks';

/**
 * GitClient over simple-git. Everything goes through `raw`, so what runs is plain git.
 * Throws (from simple-git) when `cwd` does not exist.
 *
 * simple-git rejects only when git exits non-zero AND writes to stderr, so the `--quiet`
 * lookups below (exit 1, no output) resolve with an empty string: that is "not found".
 * simple-git 4 also drops ambient GIT_* variables (GIT_DIR from a hook, for one), so a
 * client always works on its own directory.
 */
export function createSimpleGitClient(cwd: string): GitClient {
  const git = simpleGit({ baseDir: cwd });
  const run = async (args: string[]): Promise<string> => {
    try {
      return await git.raw(args);
    } catch (error) {
      throw new GitCommandError(args, cwd, errorMessage(error));
    }
  };
  const orNull = (output: string): string | null => output.trim() || null;
  const count = async (args: string[]): Promise<number> => Number((await run(args)).trim());

  return {
    cwd,
    async locate() {
      let output: string;
      try {
        output = await run([
          'rev-parse',
          '--is-bare-repository',
          '--is-inside-work-tree',
          '--absolute-git-dir',
        ]);
      } catch (error) {
        if (error instanceof GitCommandError && /not a git repository/i.test(error.stderr)) {
          return { kind: 'none' };
        }
        throw error;
      }
      const [bare, inside, gitDir = ''] = outputLines(output);
      if (bare === 'true') return { kind: 'bare', gitDir };
      if (inside !== 'true') return { kind: 'gitDir', gitDir };
      const root = (await run(['rev-parse', '--show-toplevel'])).trim();
      return { kind: 'workTree', root, gitDir };
    },
    async currentBranch() {
      return orNull(await run(['symbolic-ref', '--quiet', '--short', 'HEAD']));
    },
    async resolveCommit(ref) {
      return orNull(await run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]));
    },
    async status() {
      return parseStatus(
        await run([READ_ONLY, 'status', '--porcelain=v1', '-z', '--untracked-files=all']),
      );
    },
    async diffNumstat(base) {
      return parseNumstat(await run([READ_ONLY, 'diff', '--numstat', base, '--']));
    },
    async mergeBase(a, b) {
      return orNull(await run(['merge-base', a, b]));
    },
    async countCommits(base, ref) {
      return count(['rev-list', '--count', `${base}..${ref}`]);
    },
    async countUnmerged(base, ref) {
      if ((await count(['rev-list', '--count', `${base}..${ref}`])) === 0) return 0;
      // `git cherry` marks commits whose patch is already in base with `-`, others `+`.
      const notApplied = outputLines(await run(['cherry', base, ref])).filter((line) =>
        line.startsWith('+'),
      ).length;
      const merges = await count(['rev-list', '--count', '--merges', `${base}..${ref}`]);
      return notApplied + merges;
    },
    async listBranches(pattern) {
      return outputLines(await run(['branch', '--list', '--format=%(refname:short)', pattern]));
    },
    async deleteBranch(branch) {
      await run(['branch', '-D', branch]);
    },
    async getConfig(key) {
      return orNull(await run(['config', '--get', key]));
    },
    async setConfig(key, value) {
      await run(['config', key, value]);
    },
    async listWorktrees() {
      return parseWorktreeList(await run(['worktree', 'list', '--porcelain']));
    },
    async addWorktree({ path, branch, newBranchFrom }) {
      // --no-track: never make a worker's branch follow a remote branch it started from.
      await run(
        newBranchFrom === undefined
          ? ['worktree', 'add', path, branch]
          : ['worktree', 'add', '--no-track', '-b', branch, path, newBranchFrom],
      );
    },
    async removeWorktree(path, { force }) {
      await run(['worktree', 'remove', ...(force ? ['--force'] : []), path]);
    },
    async pruneWorktrees() {
      await run(['worktree', 'prune']);
    },
  };
}

import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  GitCommandError,
  type GitClient,
  type StatusEntry,
  type WorktreeEntry,
} from '../../../src/git/gitClient.js';
import type { NumstatEntry } from '../../../src/git/porcelain.js';

/**
 * An in-memory repository behind the GitClient interface: branches, worktrees, config,
 * per-worktree status and commit counts. Worktree folders are made and removed on the
 * real disk, since the service checks and copies files there.
 */
export class FakeRepo {
  branches = new Map<string, string>([['main', 'c0']]);
  worktrees: WorktreeEntry[];
  config = new Map<string, string>();
  /** Status per worktree path. */
  status = new Map<string, StatusEntry[]>();
  numstat = new Map<string, NumstatEntry[]>();
  /** Unmerged / ahead counts per `base..ref` (ref: a branch, or `HEAD@<path>` when detached). */
  unmerged = new Map<string, number>();
  /** Mutating calls, in order, for assertions. */
  calls: string[] = [];
  /** Makes `worktree add -b` fail after creating the branch, as git does for a bad path. */
  failAddAfterBranch = false;

  constructor(readonly root: string) {
    this.worktrees = [entry(root, 'main')];
  }

  client(cwd: string): GitClient {
    return fakeClient(this, cwd);
  }
}

function fakeClient(repo: FakeRepo, cwd: string): GitClient {
  const headRef = (): string => {
    const here = repo.worktrees.find((candidate) => candidate.path === cwd);
    return here?.branch ?? `HEAD@${cwd}`;
  };
  const ref = (name: string): string => (name === 'HEAD' ? headRef() : name);
  const fail = (args: string[], stderr: string): never => {
    throw new GitCommandError(args, cwd, stderr);
  };
  return {
    cwd,
    locate: async () => ({ kind: 'workTree', root: repo.root, gitDir: `${repo.root}/.git` }),
    currentBranch: async () => repo.worktrees.find((w) => w.path === cwd)?.branch ?? null,
    resolveCommit: async (name) => {
      if (name === 'HEAD') {
        const here = repo.worktrees.find((w) => w.path === cwd);
        return here?.branch ? (repo.branches.get(here.branch) ?? null) : (here?.head ?? null);
      }
      const branch = name.replace(/^refs\/heads\//, '');
      return repo.branches.get(branch) ?? (/^c\d+$/.test(name) ? name : null);
    },
    status: async () => repo.status.get(cwd) ?? [],
    diffNumstat: async () => repo.numstat.get(cwd) ?? [],
    mergeBase: async (a) => repo.branches.get(a) ?? null,
    countCommits: async (base, name) => repo.unmerged.get(`${base}..${ref(name)}`) ?? 0,
    countUnmerged: async (base, name) => repo.unmerged.get(`${base}..${ref(name)}`) ?? 0,
    listBranches: async (pattern) => {
      const regex = new RegExp(`^${pattern.replaceAll('*', '.*')}$`);
      return [...repo.branches.keys()].filter((name) => regex.test(name));
    },
    deleteBranch: async (branch) => {
      repo.calls.push(`branch -D ${branch}`);
      if (!repo.branches.delete(branch)) fail(['branch', '-D', branch], 'error: not found');
      for (const key of repo.config.keys()) {
        if (key.startsWith(`branch.${branch}.`)) repo.config.delete(key);
      }
    },
    getConfig: async (key) => repo.config.get(key) ?? null,
    setConfig: async (key, value) => {
      repo.calls.push(`config ${key} ${value}`);
      repo.config.set(key, value);
    },
    listWorktrees: async () => repo.worktrees.map((w) => ({ ...w })),
    addWorktree: async ({ path, branch, newBranchFrom }) => {
      repo.calls.push(`worktree add ${path} ${branch} ${newBranchFrom ?? '(existing)'}`);
      const args = ['worktree', 'add', path];
      if (newBranchFrom !== undefined) {
        if (repo.branches.has(branch))
          fail(args, `fatal: a branch named '${branch}' already exists`);
        repo.branches.set(branch, repo.branches.get(newBranchFrom) ?? newBranchFrom);
        if (repo.failAddAfterBranch) fail(args, `fatal: '${path}' already exists`);
      }
      mkdirSync(path, { recursive: true });
      repo.worktrees.push(entry(path, branch));
    },
    removeWorktree: async (path, { force }) => {
      repo.calls.push(`worktree remove${force ? ' --force' : ''} ${path}`);
      // Untracked files deleted since the status was set no longer count, as in git.
      const left = (repo.status.get(path) ?? []).filter(
        (change) => change.code !== '??' || existsSync(join(path, change.path)),
      );
      if (!force && left.length > 0) {
        fail(['worktree', 'remove', path], `fatal: '${path}' contains modified or untracked files`);
      }
      repo.worktrees = repo.worktrees.filter((w) => w.path !== path);
      rmSync(path, { recursive: true, force: true });
    },
    pruneWorktrees: async () => {
      repo.calls.push('worktree prune');
      repo.worktrees = repo.worktrees.filter((w) => !w.prunable);
    },
  };
}

export function entry(path: string, branch: string | null): WorktreeEntry {
  return { path, head: 'c0', branch, bare: false, locked: false, prunable: false };
}

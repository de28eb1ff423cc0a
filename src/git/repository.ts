import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import {
  GitCommandError,
  createSimpleGitClient,
  type GitClient,
  type RepoLocation,
} from './gitClient.js';
import { isNotFound } from './paths.js';
import { shortRef } from './naming.js';

/** What the repository a session runs in looks like. */
export interface RepoInfo {
  /** The top of the working tree (the git directory itself for a bare repository). */
  root: string;
  name: string;
  bare: boolean;
  hasCommits: boolean;
  /** The checked-out branch; null when HEAD is detached. */
  branch: string | null;
  /** The HEAD commit; null when there is none yet. */
  head: string | null;
  /** Files changed, staged or untracked in the main checkout. */
  uncommittedFiles: number;
}

/** A repository workers can branch from. */
export interface WorkableRepo extends RepoInfo {
  bare: false;
  hasCommits: true;
  head: string;
  /** The default base for workers' branches: the current branch, or the commit when detached. */
  base: string;
  /** Things to tell the user before starting (detached HEAD, uncommitted changes). */
  notes: string[];
}

type CreateClient = (cwd: string) => GitClient;

/**
 * Reports on the repository containing `target`. Throws a UserError only when there is
 * nothing to report on: `target` is missing or not in a repository.
 */
export async function probeRepository(
  target: string,
  createClient: CreateClient = createSimpleGitClient,
): Promise<RepoInfo> {
  const absolute = path.resolve(target);
  await checkDirectory(absolute);
  const location = await locate(createClient(absolute), absolute);
  switch (location.kind) {
    case 'none':
      throw new UserError(
        `${absolute} is not inside a git repository. Run multibot-tui inside a repository, ` +
          `pass --repo PATH, or create one with git init.`,
      );
    case 'gitDir':
      throw new UserError(
        `${absolute} is inside the git directory ${location.gitDir}, not in a working tree. ` +
          `Run multibot-tui in the repository's working tree, or pass --repo PATH.`,
      );
    case 'bare': {
      const git = createClient(location.gitDir);
      const head = await git.resolveCommit('HEAD');
      return {
        root: location.gitDir,
        name: path.basename(location.gitDir).replace(/\.git$/, '') || 'repo',
        bare: true,
        hasCommits: head !== null,
        branch: await git.currentBranch(),
        head,
        uncommittedFiles: 0,
      };
    }
    case 'workTree': {
      const git = createClient(location.root);
      const [head, branch, status] = await Promise.all([
        git.resolveCommit('HEAD'),
        git.currentBranch(),
        git.status(),
      ]);
      return {
        root: location.root,
        name: path.basename(location.root),
        bare: false,
        hasCommits: head !== null,
        branch,
        head,
        uncommittedFiles: status.length,
      };
    }
  }
}

/**
 * The repository containing `target`, checked usable for workers: not bare, with a
 * first commit. Detached HEAD is fine: workers then branch from that commit.
 */
export async function inspectRepository(
  target: string,
  createClient: CreateClient = createSimpleGitClient,
): Promise<WorkableRepo> {
  const info = await probeRepository(target, createClient);
  if (info.bare) {
    throw new UserError(
      `${info.root} is a bare repository: it has no working files for workers to start from. ` +
        `Run multibot-tui in a clone with a checkout (git clone ${info.root}), or pass --repo PATH.`,
    );
  }
  if (!info.hasCommits || info.head === null) {
    throw new UserError(
      `The repository at ${info.root} has no commits yet, and workers' branches start from ` +
        `one. Make a first commit (git add -A && git commit -m "first commit"), then start again.`,
    );
  }
  return {
    ...info,
    bare: false,
    hasCommits: true,
    head: info.head,
    base: info.branch ?? info.head,
    notes: notesFor(info, info.head),
  };
}

function notesFor(info: RepoInfo, head: string): string[] {
  const notes: string[] = [];
  const startsFrom = info.branch ?? shortRef(head);
  if (info.branch === null) {
    notes.push(`HEAD is detached at ${shortRef(head)}: workers' branches start from that commit.`);
  }
  if (info.uncommittedFiles > 0) {
    const files =
      info.uncommittedFiles === 1
        ? '1 uncommitted file'
        : `${info.uncommittedFiles} uncommitted files`;
    notes.push(
      `${files} in ${info.root} will not be in the workers' worktrees: they start from the ` +
        `last commit of ${startsFrom}. Commit first if the workers need them.`,
    );
  }
  return notes;
}

// Git can refuse a repository the user can repair (another owner: "dubious ownership");
// its message says how, so it is passed on as theirs to fix.
async function locate(git: GitClient, absolute: string): Promise<RepoLocation> {
  try {
    return await git.locate();
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    throw new UserError(`Git cannot use the repository at ${absolute}:\n${error.stderr.trim()}`);
  }
}

async function checkDirectory(target: string): Promise<void> {
  try {
    if ((await stat(target)).isDirectory()) return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new UserError(`${target} does not exist. Pass --repo PATH of a git repository.`);
  }
  throw new UserError(`${target} is not a folder. Pass --repo PATH of a git repository's folder.`);
}

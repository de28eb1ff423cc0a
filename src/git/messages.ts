import { UserError } from '../util/errors.js';
import { shortRef } from './naming.js';
import type { WorktreeEntry } from './porcelain.js';

/** What the UI shows when a worktree is kept, e.g. for `remove` and `clean`. */
export function keepReason(uncommitted: number, unmerged: number, base: string): string {
  const parts: string[] = [];
  if (uncommitted > 0) parts.push(plural(uncommitted, 'uncommitted file'));
  if (unmerged > 0) parts.push(`${plural(unmerged, 'commit')} not in ${shortRef(base)}`);
  return `${parts.join(', ')} — kept; use --force to discard`;
}

export const plural = (count: number, noun: string): string =>
  `${count} ${noun}${count === 1 ? '' : 's'}`;

export function branchTaken(branch: string, entries: WorktreeEntry[], repoRoot: string): UserError {
  const elsewhere = entries.find((entry) => entry.branch === branch);
  if (elsewhere !== undefined) {
    return new UserError(
      `The branch ${branch} is already checked out in ${elsewhere.path}. ` +
        `Use another session, or remove that worktree (git worktree remove ${elsewhere.path}).`,
    );
  }
  return new UserError(
    `A branch named ${branch} already exists in ${repoRoot} (left by an earlier session?). ` +
      `Delete it with "git branch -D ${branch}" if its commits are not needed, ` +
      `or start a new session.`,
  );
}

export function branchGone(worktreePath: string, entry: WorktreeEntry, branch: string): UserError {
  const checkout = entry.branch === null ? 'detached HEAD' : `on ${entry.branch}`;
  return new UserError(
    `${worktreePath} is already a git worktree (${checkout}) but its branch ${branch} is gone. ` +
      `Remove it with "git worktree remove ${worktreePath}", or start a new session.`,
  );
}

export function baseNotFound(base: string, repoRoot: string): UserError {
  return new UserError(
    `The base "${base}" is not a branch, tag or commit of ${repoRoot}. ` +
      `Pass --base REF with one that exists (git branch -a lists branches).`,
  );
}

export function pathTaken(worktreePath: string, branch: string): UserError {
  return new UserError(
    `${worktreePath} already exists and is not the worktree of ${branch}. ` +
      `Move it out of the way, or start a new session.`,
  );
}

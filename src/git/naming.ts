import path from 'node:path';
import { UserError } from '../util/errors.js';

/** Every branch this tool creates lives under this prefix, so it never touches others. */
export const BRANCH_PREFIX = 'multibot/';

// One segment of both a branch name and a directory name: no `/`, no `..`, nothing git
// or a shell would read specially, and never a leading `-` (it would parse as an option).
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function checkName(kind: 'session' | 'worker', name: string): void {
  if (SEGMENT.test(name) && !name.includes('..') && !name.endsWith('.lock')) return;
  throw new UserError(
    `The ${kind} name "${name}" cannot name a git branch and folder. ` +
      `Use letters, digits, ".", "_" and "-", starting with a letter or digit.`,
  );
}

export function checkBaseRef(base: string): void {
  if (base.trim() !== '' && !base.startsWith('-')) return;
  throw new UserError(
    `"${base}" is not a usable base. Pass --base REF with a branch, tag or commit.`,
  );
}

export const branchFor = (session: string, worker: string): string =>
  `${BRANCH_PREFIX}${session}/${worker}`;

/** Where the service stores the base a branch started from (removed with the branch). */
export const baseConfigKey = (branch: string): string => `branch.${branch}.multibotBase`;

/** `<repoDir>/<session>/<worker>` → its names; null for anything else. */
export function parseWorktreePath(
  repoDir: string,
  worktreePath: string,
): { session: string; worker: string } | null {
  const relative = path.relative(repoDir, worktreePath);
  const [session, worker, ...rest] = relative.split(path.sep);
  if (session === undefined || worker === undefined || rest.length > 0) return null;
  if (!SEGMENT.test(session) || !SEGMENT.test(worker)) return null;
  return { session, worker };
}

/** `abc1234…` for a full commit id, the ref itself otherwise: for messages. */
export const shortRef = (ref: string): string =>
  /^[0-9a-f]{40,64}$/.test(ref) ? ref.slice(0, 7) : ref;

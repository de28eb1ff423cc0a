import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { isInside, isNotFound, resolveReal } from './paths.js';

/** A `copyIntoWorktree` entry that was not copied, and why (shown to the user). */
export interface SkippedCopy {
  path: string;
  reason: string;
}

export interface CopyResult {
  copied: string[];
  skipped: SkippedCopy[];
}

/**
 * Validates `copyIntoWorktree` entries (from config) and normalizes them to relative
 * POSIX paths. An entry pointing outside the repository, or into `.git`, is a config
 * mistake the user must fix, so it fails before anything is created.
 */
export function checkCopyPaths(entries: readonly string[]): string[] {
  return entries.map((entry) => {
    const normalized = path.posix.normalize(entry.replaceAll('\\', '/')).replace(/\/+$/, '');
    const escapes =
      normalized === '..' ||
      normalized.startsWith('../') ||
      path.posix.isAbsolute(normalized) ||
      path.win32.isAbsolute(entry);
    const gitDir = normalized === '.git' || normalized.startsWith('.git/');
    if (entry.trim() === '' || normalized === '.' || escapes || gitDir) {
      throw new UserError(
        `copyIntoWorktree entry "${entry}" must be a file path relative to the repository ` +
          `root, inside it and outside .git (e.g. ".env"). Fix it in your config.`,
      );
    }
    return normalized;
  });
}

/**
 * Copies each file from the main checkout into the worktree. Never overwrites: a file
 * already in the worktree (tracked there, or copied on an earlier start) is kept.
 */
export async function copyIntoWorktree(options: {
  from: string;
  to: string;
  paths: readonly string[];
}): Promise<CopyResult> {
  const result: CopyResult = { copied: [], skipped: [] };
  const worktreeReal = await realpath(options.to);
  for (const relative of options.paths) {
    const reason = await copyOne(options.from, worktreeReal, relative);
    if (reason === null) result.copied.push(relative);
    else result.skipped.push({ path: relative, reason });
  }
  return result;
}

async function copyOne(from: string, to: string, relative: string): Promise<string | null> {
  const source = path.join(from, relative);
  try {
    if ((await stat(source)).isDirectory()) return 'is a folder; only files are copied';
  } catch (error) {
    if (isNotFound(error)) return 'not found in the repository';
    throw error;
  }
  const target = path.join(to, relative);
  // A tracked symlinked folder could lead the copy out of the worktree: check before mkdir.
  if (!isInside(to, await resolveReal(path.dirname(target)))) {
    return 'its folder in the worktree is a link to outside it';
  }
  await mkdir(path.dirname(target), { recursive: true });
  try {
    // COPYFILE_EXCL: the existence check and the copy are one step, so nothing is overwritten.
    await copyFile(source, target, constants.COPYFILE_EXCL);
    return null;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') {
      return 'already in the worktree; kept as it is';
    }
    throw error;
  }
}

/** The worktree's copy still equals the main checkout's file: it holds no work of its own. */
export async function isUnchangedCopy(
  from: string,
  to: string,
  relative: string,
): Promise<boolean> {
  try {
    const [original, copy] = await Promise.all([
      readFile(path.join(from, relative)),
      readFile(path.join(to, relative)),
    ]);
    return original.equals(copy);
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

import { lstat, readdir, realpath, rmdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The real path of `target`, even when it does not exist yet: the nearest existing
 * ancestor is resolved and the rest appended. Git records worktree paths with symlinks
 * resolved (macOS's /var → /private/var, a symlinked home), so paths are compared real.
 */
export async function resolveReal(target: string): Promise<string> {
  const absolute = path.resolve(target);
  try {
    return await realpath(absolute);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const parent = path.dirname(absolute);
    if (parent === absolute) return absolute;
    return path.join(await resolveReal(parent), path.basename(absolute));
  }
}

const errorCode = (error: unknown): unknown =>
  error instanceof Error && 'code' in error ? error.code : undefined;

export const isNotFound = (error: unknown): boolean => errorCode(error) === 'ENOENT';

/** `child` is `parent` itself or inside it. */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export async function exists(target: string): Promise<boolean> {
  try {
    await lstat(target);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Nothing there, or an empty folder: a place git can fill without touching anything. */
export async function isFreePlace(target: string): Promise<boolean> {
  try {
    const stats = await lstat(target);
    return stats.isDirectory() && (await readdir(target)).length === 0;
  } catch (error) {
    if (isNotFound(error)) return true;
    throw error;
  }
}

/** Removes a folder only if it is empty (rmdir refuses otherwise); gone already is fine. */
export async function removeIfEmpty(folder: string): Promise<void> {
  try {
    await rmdir(folder);
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
  }
}

/** Parsers for git's machine-readable outputs. Pure, so they are tested without git. */

export interface WorktreeEntry {
  /** As git records it: the real path (symlinks resolved at `worktree add`). */
  path: string;
  /** Null for a bare entry or a branch without commits. */
  head: string | null;
  /** Short branch name; null when detached (or bare). */
  branch: string | null;
  bare: boolean;
  locked: boolean;
  /** Its directory is gone; `git worktree prune` would drop it. */
  prunable: boolean;
}

export interface StatusEntry {
  /** The two-letter XY code: `??` untracked, ` M` modified, `A ` added, … */
  code: string;
  path: string;
}

export interface NumstatEntry {
  path: string;
  insertions: number;
  deletions: number;
  binary: boolean;
}

/** `git worktree list --porcelain`: blocks of `key value` lines separated by blank lines. */
export function parseWorktreeList(output: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | null = null;
  for (const line of output.split('\n')) {
    const space = line.indexOf(' ');
    const key = space === -1 ? line : line.slice(0, space);
    const value = space === -1 ? '' : line.slice(space + 1);
    if (key === 'worktree') {
      current = {
        path: value,
        head: null,
        branch: null,
        bare: false,
        locked: false,
        prunable: false,
      };
      entries.push(current);
      continue;
    }
    if (current === null) continue;
    switch (key) {
      case 'HEAD':
        current.head = /^0+$/.test(value) ? null : value;
        break;
      case 'branch':
        current.branch = value.replace(/^refs\/heads\//, '');
        break;
      case 'bare':
        current.bare = true;
        break;
      case 'locked':
        current.locked = true;
        break;
      case 'prunable':
        current.prunable = true;
        break;
      default:
        // `detached` and keys added by newer gits need nothing here.
        break;
    }
  }
  return entries;
}

/**
 * `git status --porcelain=v1 -z`: NUL-separated `XY path` records; a rename or copy is
 * followed by one more record holding the original path. `-z` means no quoting to undo.
 */
export function parseStatus(output: string): StatusEntry[] {
  const records = output.split('\0');
  const entries: StatusEntry[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record === undefined || record.length < 4) continue;
    const code = record.slice(0, 2);
    entries.push({ code, path: record.slice(3) });
    if (code[0] === 'R' || code[0] === 'C') i++;
  }
  return entries;
}

/** `git diff --numstat`: `added<TAB>deleted<TAB>path` per file, `-` for binary files. */
export function parseNumstat(output: string): NumstatEntry[] {
  const entries: NumstatEntry[] = [];
  for (const line of output.split('\n')) {
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/.exec(line);
    if (!match) continue;
    const [, added = '-', deleted = '-', path = ''] = match;
    const binary = added === '-' || deleted === '-';
    entries.push({
      path,
      insertions: binary ? 0 : Number(added),
      deletions: binary ? 0 : Number(deleted),
      binary,
    });
  }
  return entries;
}

/** Non-empty trimmed lines. */
export const outputLines = (output: string): string[] =>
  output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);

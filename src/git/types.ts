import type { SkippedCopy } from './copyFiles.js';

/**
 * A worker's worktree: `<worktreesRoot>/<repo>/<session>/<worker>` on the branch
 * `multibot/<session>/<worker>`.
 */
export interface WorktreeInfo {
  session: string;
  worker: string;
  /** Real path (symlinks resolved), as git records it. */
  path: string;
  branch: string;
  /** The ref the branch started from and is judged against; null when unknown. */
  base: string | null;
}

export interface CreatedWorktree extends WorktreeInfo {
  base: string;
  /** It existed already (a resumed session) and was reused as it is. */
  resumed: boolean;
  copied: string[];
  skipped: SkippedCopy[];
}

export interface ListedWorktree extends WorktreeInfo {
  /** The branch checked out there now; null when detached. */
  checkedOut: string | null;
  head: string | null;
  locked: boolean;
  /** Git knows it but its folder is gone. */
  missing: boolean;
}

export interface DiffSummary {
  files: number;
  insertions: number;
  deletions: number;
  commitsAhead: number;
  uncommitted: number;
}

export interface RemoveResult {
  removed: boolean;
  /** Why it was kept, in words for the UI. */
  reason?: string;
}

export interface PruneReport extends RemoveResult {
  session: string;
  worker: string;
  branch: string;
  /** Null for a branch left without a worktree. */
  path: string | null;
}

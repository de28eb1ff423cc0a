import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../util/errors.js';
import { checkCopyPaths, copyIntoWorktree, isUnchangedCopy } from './copyFiles.js';
import { GitCommandError, type GitClient, type WorktreeEntry } from './gitClient.js';
import { baseNotFound, branchGone, branchTaken, keepReason, pathTaken } from './messages.js';
import { baseConfigKey, branchFor, checkBaseRef, checkName, parseWorktreePath } from './naming.js';
import { exists, isFreePlace, isInside, removeIfEmpty, resolveReal } from './paths.js';
import type {
  CreatedWorktree,
  DiffSummary,
  ListedWorktree,
  PruneReport,
  RemoveResult,
  WorktreeInfo,
} from './types.js';

export type * from './types.js';
export { keepReason } from './messages.js';

export interface WorktreeServiceOptions {
  /** Client for the main repository. */
  git: GitClient;
  repoRoot: string;
  /** The home's `worktrees/` folder; this repository's worktrees go in `<name>/` below it. */
  worktreesRoot: string;
  /** Client for a worktree folder (status and diff run there). */
  createClient: (cwd: string) => GitClient;
  /** Files copied from the main checkout into each new worktree (e.g. `.env`). */
  copyIntoWorktree?: readonly string[];
  /** Defaults to the basename of `repoRoot`. */
  repoName?: string;
}

/**
 * Creates, measures and removes workers' worktrees. Nothing of the user's is lost: a
 * worktree goes only when it holds no uncommitted file and no commit missing from its base,
 * unless the caller forces it. Changes to the repository are serialized, since concurrent
 * `git worktree add` / `git config` calls race on git's lock files.
 */
export class WorktreeService {
  private readonly git: GitClient;
  private readonly createClient: (cwd: string) => GitClient;
  private readonly repoRoot: string;
  private readonly repoDir: string;
  private readonly copyPaths: string[];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: WorktreeServiceOptions) {
    this.git = options.git;
    this.createClient = options.createClient;
    this.repoRoot = options.repoRoot;
    const repoName = options.repoName ?? path.basename(options.repoRoot);
    this.repoDir = path.join(options.worktreesRoot, repoName);
    this.copyPaths = checkCopyPaths(options.copyIntoWorktree ?? []);
  }

  async create(request: {
    session: string;
    worker: string;
    base: string;
  }): Promise<CreatedWorktree> {
    checkName('session', request.session);
    checkName('worker', request.worker);
    checkBaseRef(request.base);
    return this.exclusive(() => this.createNow(request));
  }

  async diffSummary(worktreePath: string, base: string): Promise<DiffSummary> {
    const git = this.createClient(worktreePath);
    const [status, mergeBase, commitsAhead] = await Promise.all([
      git.status(),
      git.mergeBase(base, 'HEAD'),
      git.countCommits(base, 'HEAD'),
    ]);
    // Against the merge base, so commits added to base since the branch started do not
    // show up as this worker's deletions.
    const numstat = await git.diffNumstat(mergeBase ?? base);
    const untracked = status.filter((entry) => entry.code === '??').length;
    return {
      files: numstat.length + untracked,
      insertions: numstat.reduce((sum, entry) => sum + entry.insertions, 0),
      deletions: numstat.reduce((sum, entry) => sum + entry.deletions, 0),
      commitsAhead,
      uncommitted: status.length,
    };
  }

  remove(
    info: Pick<WorktreeInfo, 'path' | 'branch' | 'base'>,
    options: { force: boolean } = { force: false },
  ): Promise<RemoveResult> {
    return this.exclusive(() => this.removeNow(info, options.force));
  }

  async list(): Promise<ListedWorktree[]> {
    const repoDir = await resolveReal(this.repoDir);
    const listed: ListedWorktree[] = [];
    for (const entry of await this.git.listWorktrees()) {
      const names = parseWorktreePath(repoDir, entry.path);
      if (names === null) continue;
      const branch = branchFor(names.session, names.worker);
      listed.push({
        ...names,
        path: entry.path,
        branch,
        base: await this.git.getConfig(baseConfigKey(branch)),
        checkedOut: entry.branch,
        head: entry.head,
        locked: entry.locked,
        missing: entry.prunable,
      });
    }
    return listed;
  }

  /**
   * For `multibot-tui clean`: removes, under the same rule as `remove`, every worktree of
   * the given (ended) sessions and their branches left without a worktree.
   */
  async prune(sessions: readonly string[], options: { force: boolean }): Promise<PruneReport[]> {
    for (const session of sessions) checkName('session', session);
    return this.exclusive(async () => {
      const reports: PruneReport[] = [];
      const worktrees = (await this.list()).filter((info) => sessions.includes(info.session));
      for (const info of worktrees) {
        const { session, worker, branch, path: worktreePath } = info;
        reports.push({
          session,
          worker,
          branch,
          path: worktreePath,
          ...(await this.tryRemove(info, options.force)),
        });
      }
      for (const session of sessions) {
        for (const branch of await this.git.listBranches(branchFor(session, '*'))) {
          if (worktrees.some((info) => info.branch === branch)) continue;
          const worker = branch.slice(branchFor(session, '').length);
          const base = await this.git.getConfig(baseConfigKey(branch));
          const result = await this.tryRemove({ path: null, branch, base }, options.force);
          reports.push({ session, worker, branch, path: null, ...result });
        }
      }
      await this.git.pruneWorktrees();
      return reports;
    });
  }

  private async createNow(request: {
    session: string;
    worker: string;
    base: string;
  }): Promise<CreatedWorktree> {
    const { session, worker } = request;
    await mkdir(this.repoDir, { recursive: true });
    const worktreePath = path.join(await resolveReal(this.repoDir), session, worker);
    const branch = branchFor(session, worker);
    const entries = await this.git.listWorktrees();
    const atPath = entries.find((entry) => entry.path === worktreePath);
    const branchExists = (await this.git.resolveCommit(`refs/heads/${branch}`)) !== null;

    let resumed = false;
    if (atPath !== undefined && branchExists) {
      resumed = true;
      // `prunable` is printed by git ≥ 2.31 only; the folder itself is the truth.
      if (atPath.prunable || !(await exists(worktreePath))) {
        await this.restoreMissing(worktreePath, branch, entries);
      }
    } else if (atPath !== undefined) {
      throw branchGone(worktreePath, atPath, branch);
    } else if (branchExists) {
      throw branchTaken(branch, entries, this.repoRoot);
    } else {
      await this.addNew(worktreePath, branch, request.base);
    }

    const base = (await this.git.getConfig(baseConfigKey(branch))) ?? request.base;
    const copies = await copyIntoWorktree({
      from: this.repoRoot,
      to: worktreePath,
      paths: this.copyPaths,
    });
    return { session, worker, path: worktreePath, branch, base, resumed, ...copies };
  }

  private async addNew(worktreePath: string, branch: string, base: string): Promise<void> {
    if (!(await isFreePlace(worktreePath))) throw pathTaken(worktreePath, branch);
    const baseCommit = await this.git.resolveCommit(base);
    if (baseCommit === null) throw baseNotFound(base, this.repoRoot);
    await mkdir(path.dirname(worktreePath), { recursive: true });
    try {
      await this.git.addWorktree({ path: worktreePath, branch, newBranchFrom: base });
    } catch (error) {
      await this.dropUnusedBranch(branch, baseCommit);
      throw error;
    }
    // Kept in the branch's own config section: `git branch -D` deletes it along with the
    // branch, and `clean` can judge the branch without the session's state file.
    await this.git.setConfig(baseConfigKey(branch), base);
  }

  // `git worktree add -b` creates the branch before it checks the folder, so a failed add
  // can leave a fresh branch behind. Drop it only if it is still exactly the base commit.
  private async dropUnusedBranch(branch: string, baseCommit: string): Promise<void> {
    const entries = await this.git.listWorktrees();
    const commit = await this.git.resolveCommit(`refs/heads/${branch}`);
    if (commit === baseCommit && !entries.some((entry) => entry.branch === branch)) {
      await this.git.deleteBranch(branch);
    }
  }

  /** Git still lists the worktree but its folder was deleted: check the branch out again. */
  private async restoreMissing(
    worktreePath: string,
    branch: string,
    entries: WorktreeEntry[],
  ): Promise<void> {
    const elsewhere = entries.find(
      (entry) => entry.branch === branch && entry.path !== worktreePath,
    );
    if (elsewhere !== undefined) throw branchTaken(branch, entries, this.repoRoot);
    await this.git.pruneWorktrees();
    await mkdir(path.dirname(worktreePath), { recursive: true });
    await this.git.addWorktree({ path: worktreePath, branch });
  }

  private async tryRemove(
    info: { path: string | null; branch: string; base: string | null },
    force: boolean,
  ): Promise<RemoveResult> {
    try {
      return await this.removeNow(info, force);
    } catch (error) {
      return { removed: false, reason: errorMessage(error) };
    }
  }

  private async removeNow(
    info: { path: string | null; branch: string; base: string | null },
    force: boolean,
  ): Promise<RemoveResult> {
    const entries = await this.git.listWorktrees();
    const target = info.path === null ? null : await this.ownWorktreePath(info.path);
    const entry = entries.find((candidate) => candidate.path === target);
    const folder = target !== null && (await exists(target)) ? target : null;
    const branchExists = (await this.git.resolveCommit(`refs/heads/${info.branch}`)) !== null;

    if (folder !== null && entry === undefined) {
      return { removed: false, reason: `${folder} is not a git worktree — left as it is` };
    }
    if (entry?.locked === true) {
      return {
        removed: false,
        reason: `locked — kept; run "git worktree unlock ${entry.path}" to allow removing it`,
      };
    }

    let ownCopies: string[] = [];
    if (!force) {
      const check = await this.checkKeep(info, folder, branchExists);
      if (check.keep !== null) return { removed: false, reason: check.keep };
      ownCopies = check.ownCopies;
    }

    if (entry !== undefined && folder !== null) {
      // Unchanged copies of `copyIntoWorktree` files are ours, and would make git refuse.
      for (const relative of ownCopies) await unlink(path.join(folder, relative));
      try {
        await this.git.removeWorktree(folder, { force });
      } catch (error) {
        if (!(error instanceof GitCommandError) || force) throw error;
        return { removed: false, reason: `git kept it: ${error.stderr.trim()}` };
      }
    } else if (entry !== undefined) {
      await this.git.pruneWorktrees();
    }

    if (branchExists) {
      // The worktree is gone, so nothing can commit to the branch any more: count again,
      // in case a commit landed between the check and the removal.
      if (!force && info.base !== null) {
        const unmerged = await this.git.countUnmerged(info.base, info.branch);
        if (unmerged > 0) {
          const reason = keepReason(0, unmerged, info.base);
          return {
            removed: false,
            reason: `worktree removed; branch ${info.branch} kept: ${reason}`,
          };
        }
      }
      await this.git.deleteBranch(info.branch);
    }
    if (target !== null) await removeIfEmpty(path.dirname(target));
    return { removed: true };
  }

  /** What would be lost by removing it; null when nothing would. */
  private async checkKeep(
    info: { branch: string; base: string | null },
    folder: string | null,
    branchExists: boolean,
  ): Promise<{ keep: string | null; ownCopies: string[] }> {
    const { base } = info;
    if (base === null) {
      return { keep: 'its base branch is unknown — kept; use --force to discard', ownCopies: [] };
    }
    if ((await this.git.resolveCommit(base)) === null) {
      return {
        keep: `its base ${base} no longer exists — kept; use --force to discard`,
        ownCopies: [],
      };
    }
    let uncommitted = 0;
    let unmerged = branchExists ? await this.git.countUnmerged(base, info.branch) : 0;
    const ownCopies: string[] = [];
    if (folder !== null) {
      const worktree = this.createClient(folder);
      for (const entry of await worktree.status()) {
        const copy =
          entry.code === '??' &&
          this.copyPaths.includes(entry.path) &&
          (await isUnchangedCopy(this.repoRoot, folder, entry.path));
        if (copy) ownCopies.push(entry.path);
        else uncommitted++;
      }
      // Commits made on a detached HEAD or another branch there are counted too.
      if ((await worktree.currentBranch()) !== info.branch) {
        unmerged += await worktree.countUnmerged(base, 'HEAD');
      }
    }
    const keep = uncommitted + unmerged > 0 ? keepReason(uncommitted, unmerged, base) : null;
    return { keep, ownCopies };
  }

  /** The real path, refusing anything outside this repository's worktrees folder. */
  private async ownWorktreePath(worktreePath: string): Promise<string> {
    const real = await resolveReal(worktreePath);
    const repoDir = await resolveReal(this.repoDir);
    if (parseWorktreePath(repoDir, real) === null || !isInside(repoDir, real)) {
      throw new Error(
        `Refusing to remove ${worktreePath}: it is not a worker worktree under ${repoDir}`,
      );
    }
    return real;
  }

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

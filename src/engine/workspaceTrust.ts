import type { AppStore } from '../store/store.js';
import { logWorker } from './feedback.js';
import type { WorkerLookup } from './workerRegistry.js';

type Verdict = { state: string; reason: string } | null;

/**
 * Claude Code asks whether to trust a folder it has not seen. A worktree
 * this control room created for the worker is trusted once, by Enter on the
 * preselected "yes"; any other folder is left for the human to decide.
 */
export class OwnWorktreeTrust {
  private readonly accepted = new Set<string>();

  constructor(
    private readonly store: AppStore,
    private readonly workers: WorkerLookup,
  ) {}

  /** Passes the screen's verdict through, answering the trust prompt on the way when it may. */
  accept<T extends Verdict>(id: string, verdict: T): T {
    if (verdict?.state !== 'waiting' || verdict.reason !== 'workspace trust') return verdict;
    const spec = this.workers.spec(id);
    const runtime = this.workers.runtime(id);
    if (!spec?.worktree || spec.trustOwnWorktree === false) return verdict;
    if (!runtime?.running || this.accepted.has(id)) return verdict;
    this.accepted.add(id);
    runtime.write('\r');
    logWorker(this.store, `${spec.name}: trusted its own worktree ${spec.worktree}`, id);
    return verdict;
  }
}

import type { AppStore } from '../store/store.js';
import type { DiffSummary } from '../store/workersSlice.js';
import { systemClock, type Clock } from '../util/clock.js';

export interface DiffRefresherOptions {
  store: AppStore;
  /** The worktree's changes against the session's base (runs git; may be slow). */
  summarize: (worktree: string) => Promise<DiffSummary>;
  intervalMs?: number;
  clock?: Clock;
  onError?: (workerId: string, error: unknown) => void;
}

const sameDiff = (a: DiffSummary | null, b: DiffSummary): boolean =>
  a !== null &&
  a.files === b.files &&
  a.insertions === b.insertions &&
  a.deletions === b.deletions &&
  a.commitsAhead === b.commitsAhead &&
  a.uncommitted === b.uncommitted;

/**
 * Keeps each worker's diff summary fresh, one worktree at a time and never on
 * the render path: git runs in the background, the title follows when it answers.
 */
export class DiffRefresher {
  private timer: unknown = null;
  private running = false;
  private stopped = false;
  private readonly clock: Clock;
  private readonly intervalMs: number;

  constructor(private readonly options: DiffRefresherOptions) {
    this.clock = options.clock ?? systemClock;
    this.intervalMs = options.intervalMs ?? 3000;
  }

  start(): void {
    void this.refreshAll();
  }

  /** One pass over every worker with a worktree; passes never overlap. */
  async refreshAll(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      for (const worker of Object.values(this.options.store.getState().workers)) {
        if (this.stopped) return;
        if (!worker.worktree) continue;
        try {
          const diff = await this.options.summarize(worker.worktree);
          const current = this.options.store.getState().workers[worker.id];
          if (current && !sameDiff(current.diff, diff)) {
            this.options.store.getState().patchWorker(worker.id, { diff });
          }
        } catch (error) {
          this.options.onError?.(worker.id, error);
        }
      }
    } finally {
      this.running = false;
      if (!this.stopped) {
        this.timer = this.clock.setTimeout(() => void this.refreshAll(), this.intervalMs);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

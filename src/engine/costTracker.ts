import { TranscriptCost, type CostTotals } from '../agents/claude/cost.js';
import { loadPrices, type Prices } from '../agents/claude/prices.js';
import type { AppStore } from '../store/store.js';
import type { WorkerCost } from '../store/workersSlice.js';
import { errorMessage } from '../util/errors.js';
import { notice } from './feedback.js';

export interface CostTrackerOptions {
  store: AppStore;
  /** `--budget-usd`: at this session cost, dispatch is held and the human is warned once. */
  budgetUsd?: number | null;
  /** Holds dispatch (the engine's `dispatch.hold`). */
  hold: () => void;
}

/** What a worker's title shows of its transcript's totals. */
export function workerCost(totals: CostTotals): WorkerCost {
  return {
    usd: totals.usd,
    inputTokens: totals.inputTokens + totals.cacheReadTokens + totals.cacheWriteTokens,
    outputTokens: totals.outputTokens,
    contextTokens: totals.lastContext?.tokens ?? null,
  };
}

/** Each worker's cost, read from its agent's transcript, and the session's budget. */
export class CostTracker {
  private readonly costs = new Map<string, TranscriptCost>();
  private priceTable: Prices | null = null;
  private budgetReached = false;

  constructor(private readonly options: CostTrackerOptions) {}

  /** Reads what was appended to the agent's transcript and publishes the worker's cost. */
  track(workerId: string, transcript: string): void {
    let tracker = this.costs.get(workerId);
    if (!tracker || tracker.file !== transcript) {
      tracker = new TranscriptCost(transcript, this.prices());
      this.costs.set(workerId, tracker);
    }
    const current = tracker;
    const { store } = this.options;
    current
      .update()
      .then((changed) => {
        if (!changed || !store.getState().workers[workerId]) return;
        const totals = current.totals();
        this.checkBudget();
        store.getState().patchWorker(workerId, { cost: workerCost(totals) });
      })
      .catch((error: unknown) =>
        notice(store, `cannot read ${transcript}: ${errorMessage(error)}`, 'warn'),
      );
  }

  /** Holds dispatch once the session's cost reaches the budget, and says so once. */
  private checkBudget(): void {
    const budget = this.options.budgetUsd;
    if (budget == null || this.budgetReached) return;
    let spent = 0;
    for (const tracker of this.costs.values()) spent += tracker.totals().usd;
    if (spent < budget) return;
    this.budgetReached = true;
    this.options.hold();
    const text = `budget reached: $${spent.toFixed(2)} of $${budget.toFixed(2)} — dispatch held (/release to go on)`;
    this.options.store.getState().appendLog({ at: Date.now(), kind: 'warning', text });
    notice(this.options.store, text, 'warn');
  }

  private prices(): Prices {
    this.priceTable ??= loadPrices();
    return this.priceTable;
  }
}

import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CostTotals } from '../../../src/agents/claude/cost.js';
import { loadPrices, priceUsage } from '../../../src/agents/claude/prices.js';
import { CostTracker, workerCost } from '../../../src/engine/costTracker.js';
import { newWorkerInfo } from '../../../src/engine/workerInfo.js';
import { shellWorkerSpec } from '../../../src/engine/workerSpec.js';
import { createAppStore } from '../../../src/store/store.js';
import { eventually } from '../../helpers/eventually.js';
import { CALL_INPUT_TOKENS, CALL_MODEL, callLine } from './transcript.js';

/** What one call of the transcript lines costs. */
const CALL_USD = priceUsage(
  {
    inputTokens: CALL_INPUT_TOKENS,
    outputTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 0,
  },
  CALL_MODEL,
  loadPrices(),
);

function setup(budgetUsd: number | null = null, workerIds = ['a', 'b']) {
  const dir = mkdtempSync(join(tmpdir(), 'multibot-cost-'));
  const store = createAppStore();
  for (const id of workerIds) {
    store
      .getState()
      .addWorker(newWorkerInfo(shellWorkerSpec({ id, name: id, commandLine: 'x', cwd: dir })));
  }
  let holds = 0;
  const tracker = new CostTracker({ store, budgetUsd, hold: () => holds++ });
  const transcript = (name: string, ...calls: string[]) => {
    const file = join(dir, `${name}.jsonl`);
    writeFileSync(file, calls.map(callLine).join(''));
    return file;
  };
  const state = () => store.getState();
  return { dir, tracker, transcript, state, holds: () => holds };
}

describe('workerCost', () => {
  it('counts cache reads and writes as input, and keeps the context size', () => {
    const totals = {
      usd: 1.5,
      inputTokens: 10,
      cacheReadTokens: 200,
      cacheWriteTokens: 30,
      outputTokens: 7,
      lastContext: { tokens: 240, model: CALL_MODEL },
    } as CostTotals;
    expect(workerCost(totals)).toEqual({
      usd: 1.5,
      inputTokens: 240,
      outputTokens: 7,
      contextTokens: 240,
    });
    expect(workerCost({ ...totals, lastContext: null }).contextTokens).toBeNull();
  });
});

describe('CostTracker', () => {
  it("publishes a worker's cost from its transcript, and what is appended later", async () => {
    const { tracker, transcript, state } = setup();
    const file = transcript('a', 'm1');
    tracker.track('a', file);
    await eventually(() => state().workers.a!.cost, 'the first cost');
    expect(state().workers.a!.cost).toMatchObject({
      usd: CALL_USD,
      inputTokens: CALL_INPUT_TOKENS,
    });
    appendFileSync(file, callLine('m2'));
    tracker.track('a', file);
    await eventually(() => state().workers.a!.cost!.usd === 2 * CALL_USD, 'the appended call');
  });

  it('holds dispatch and warns once, when the workers together reach the budget', async () => {
    const { tracker, transcript, state, holds } = setup(1.5 * CALL_USD);
    tracker.track('a', transcript('a', 'm1'));
    await eventually(() => state().workers.a!.cost, "a's cost");
    expect(holds()).toBe(0);
    const fileB = transcript('b', 'm2');
    tracker.track('b', fileB);
    await eventually(() => state().workers.b!.cost, "b's cost");
    expect(holds()).toBe(1);
    appendFileSync(fileB, callLine('m3'));
    tracker.track('b', fileB);
    await eventually(() => state().workers.b!.cost!.usd === 2 * CALL_USD, "b's second call");
    expect(holds()).toBe(1);
    const warnings = state().log.filter((entry) => entry.text.startsWith('budget reached'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.kind).toBe('warning');
    expect(state().ui.notice).toMatchObject({ level: 'warn' });
    expect(state().ui.notice!.text).toContain('dispatch held');
  });

  it('neither publishes nor counts toward the budget for a worker that is gone', async () => {
    const { tracker, transcript, state, holds } = setup(CALL_USD / 2, []);
    tracker.track('gone', transcript('gone', 'm1'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(holds()).toBe(0);
    expect(state().workers.gone).toBeUndefined();
  });

  it('warns when the transcript cannot be read', async () => {
    const { tracker, dir, state } = setup();
    tracker.track('a', dir);
    const shown = await eventually(() => state().ui.notice, 'the notice');
    expect(shown).toMatchObject({ level: 'warn' });
    expect(shown.text).toContain(`cannot read ${dir}`);
  });
});

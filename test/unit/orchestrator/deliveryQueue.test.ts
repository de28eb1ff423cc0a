import { describe, expect, it } from 'vitest';
import {
  cancel,
  cancelAll,
  confirm,
  emptyDeliveryQueue,
  enqueue,
  inFlightId,
  pendingCount,
  step,
  type DeliveryAction,
  type DeliveryQueueState,
  type StepContext,
} from '../../../src/orchestrator/deliveryQueue.js';

const TIMEOUT_MS = 10_000;
const READY: StepContext = {
  workerReady: true,
  humanTypingUntil: null,
  now: 0,
  confirmTimeoutMs: TIMEOUT_MS,
};

function at(now: number, overrides: Partial<StepContext> = {}): StepContext {
  return { ...READY, now, ...overrides };
}

function queued(...ids: string[]): DeliveryQueueState {
  return ids.reduce(
    (state, id) => enqueue(state, { id, text: `prompt ${id}`, taskId: `T-${id}` }).state,
    emptyDeliveryQueue(),
  );
}

const sends = (actions: DeliveryAction[]): string[] =>
  actions.flatMap((a) => (a.kind === 'send' ? [`${a.deliveryId}#${a.attempt}`] : []));
const reports = (actions: DeliveryAction[]): string[] =>
  actions.flatMap((a) => (a.kind === 'report' ? [`${a.deliveryId}:${a.outcome}`] : []));

describe('delivery', () => {
  it('sends once when the worker is ready, and never again while it is awaited', () => {
    const first = step(queued('d1'), at(0));
    expect(first.actions).toEqual([
      { kind: 'send', deliveryId: 'd1', text: 'prompt d1', taskId: 'T-d1', attempt: 1 },
    ]);
    const again = step(step(first.state, at(1_000)).state, at(TIMEOUT_MS - 1));
    expect(sends(again.actions)).toEqual([]);
    expect(inFlightId(again.state)).toBe('d1');
  });

  it('waits until the worker is ready', () => {
    const waiting = step(queued('d1'), at(0, { workerReady: false }));
    expect(waiting.actions).toEqual([]);
    expect(waiting.state.waitingForHuman).toBe(false);
    expect(sends(step(waiting.state, at(5_000)).actions)).toEqual(['d1#1']);
  });

  it('is FIFO per worker, one in flight at a time', () => {
    let state = queued('d1', 'd2', 'd3');
    const sent: string[] = [];
    for (let now = 0; now < 3_000; now += 1_000) {
      const result = step(state, at(now));
      sent.push(...sends(result.actions));
      const id = inFlightId(result.state);
      state = id === null ? result.state : confirm(result.state, id).state;
    }
    expect(sent).toEqual(['d1#1', 'd2#1', 'd3#1']);
    expect(pendingCount(state)).toBe(0);
  });

  it('reports a confirmation and ignores stale ones', () => {
    const sent = step(queued('d1', 'd2'), at(0)).state;
    expect(confirm(sent, 'd2')).toEqual({ state: sent, actions: [] });
    const confirmed = confirm(sent, 'd1');
    expect(reports(confirmed.actions)).toEqual(['d1:confirmed']);
    expect(confirm(confirmed.state, 'd1').actions).toEqual([]);
  });

  it('refuses to queue a delivery it already knows', () => {
    let state = queued('d1');
    expect(reports(enqueue(state, { id: 'd1', text: 'x' }).actions)).toEqual(['d1:duplicate']);
    state = step(state, at(0)).state;
    expect(reports(enqueue(state, { id: 'd1', text: 'x' }).actions)).toEqual(['d1:duplicate']);
    state = confirm(state, 'd1').state;
    const replay = enqueue(state, { id: 'd1', text: 'x' });
    expect(replay.state).toBe(state);
    expect(sends(step(replay.state, at(1_000)).actions)).toEqual([]);
  });
});

describe('timeouts', () => {
  it('retries once after the timeout, then gives up and moves on', () => {
    const sent = step(queued('d1', 'd2'), at(0)).state;
    const retry = step(sent, at(TIMEOUT_MS));
    expect(reports(retry.actions)).toEqual(['d1:retrying']);
    expect(sends(retry.actions)).toEqual(['d1#2']);

    expect(sends(step(retry.state, at(TIMEOUT_MS + 5_000)).actions)).toEqual([]);
    const giveUp = step(retry.state, at(2 * TIMEOUT_MS));
    expect(reports(giveUp.actions)).toEqual(['d1:failed']);
    expect(sends(giveUp.actions)).toEqual(['d2#1']);
  });

  it('holds the retry until the worker is ready, and a late confirmation cancels it', () => {
    const sent = step(queued('d1'), at(0)).state;
    const due = step(sent, at(TIMEOUT_MS, { workerReady: false }));
    expect(sends(due.actions)).toEqual([]);
    const late = confirm(due.state, 'd1');
    expect(reports(late.actions)).toEqual(['d1:confirmed']);
    expect(step(late.state, at(TIMEOUT_MS + 1)).actions).toEqual([]);
  });

  it('never sends a delivery more than twice, whatever the order of events', () => {
    // A deterministic walk through readiness, typing, confirmations and time.
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let state = queued('d1', 'd2', 'd3', 'd4');
    const sentCount = new Map<string, number>();
    const retried = new Set<string>();
    for (let now = 0; now < 200_000; now += 1_500) {
      const result = step(state, {
        workerReady: random() < 0.6,
        humanTypingUntil: random() < 0.2 ? now + 2_000 : null,
        now,
        confirmTimeoutMs: TIMEOUT_MS,
      });
      for (const action of result.actions) {
        if (action.kind === 'report' && action.outcome === 'retrying')
          retried.add(action.deliveryId);
        if (action.kind !== 'send') continue;
        const count = (sentCount.get(action.deliveryId) ?? 0) + 1;
        sentCount.set(action.deliveryId, count);
        expect(count === 1 || retried.has(action.deliveryId)).toBe(true);
      }
      state = result.state;
      const id = inFlightId(state);
      if (id !== null && random() < 0.1) state = confirm(state, id).state;
    }
    expect([...sentCount.keys()]).toEqual(['d1', 'd2', 'd3', 'd4']);
    expect(Math.max(...sentCount.values())).toBeLessThanOrEqual(2);
  });
});

describe('input ownership', () => {
  it('sends nothing while the human types, and says so once', () => {
    const typing = at(0, { humanTypingUntil: 3_000 });
    const first = step(queued('d1'), typing);
    expect(sends(first.actions)).toEqual([]);
    expect(reports(first.actions)).toEqual(['d1:waitingForHuman']);
    expect(first.state.waitingForHuman).toBe(true);

    const still = step(first.state, at(2_999, { humanTypingUntil: 3_000 }));
    expect(still.actions).toEqual([]);
    expect(still.state.waitingForHuman).toBe(true);

    const after = step(still.state, at(3_000, { humanTypingUntil: 3_000 }));
    expect(sends(after.actions)).toEqual(['d1#1']);
    expect(after.state.waitingForHuman).toBe(false);
  });

  it('holds the retry too', () => {
    const sent = step(queued('d1'), at(0)).state;
    const typing = step(sent, at(TIMEOUT_MS, { humanTypingUntil: TIMEOUT_MS + 4_000 }));
    expect(reports(typing.actions)).toEqual(['d1:retrying', 'd1:waitingForHuman']);
    expect(sends(typing.actions)).toEqual([]);
    expect(sends(step(typing.state, at(TIMEOUT_MS + 4_000)).actions)).toEqual(['d1#2']);
  });

  it('does not claim to wait when nothing is queued', () => {
    const idle = step(emptyDeliveryQueue(), at(0, { humanTypingUntil: 5_000 }));
    expect(idle.state.waitingForHuman).toBe(false);
  });
});

describe('cancel', () => {
  it('drops a queued delivery before it is sent', () => {
    const result = cancel(queued('d1', 'd2'), 'd2');
    expect(reports(result.actions)).toEqual(['d2:cancelled']);
    expect(pendingCount(result.state)).toBe(1);
  });

  it('stops awaiting and retrying one already sent', () => {
    const sent = step(queued('d1'), at(0)).state;
    const result = cancel(sent, 'd1');
    expect(inFlightId(result.state)).toBeNull();
    expect(step(result.state, at(TIMEOUT_MS)).actions).toEqual([]);
  });

  it('drops everything when the worker goes away', () => {
    const sent = step(queued('d1', 'd2', 'd3'), at(0)).state;
    const result = cancelAll(sent);
    expect(reports(result.actions)).toEqual(['d1:cancelled', 'd2:cancelled', 'd3:cancelled']);
    expect(pendingCount(result.state)).toBe(0);
  });
});

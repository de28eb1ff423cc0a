import { formatDuration } from './duration.js';

/**
 * One worker's prompt deliveries as a pure state machine. The engine keeps a
 * state per worker, calls `step` on every tick and readiness change, performs
 * the `send` actions (bracketed paste + Enter) and logs the `report`s.
 *
 * Guarantees:
 * - FIFO, one delivery in flight at a time: the next is not sent before the
 *   current one is confirmed or given up.
 * - Exactly once: a delivery is sent once; the only second send is the single
 *   retry after `confirmTimeoutMs` passed without confirmation. After that it
 *   is given up as failed. An id seen before is never queued again.
 * - Input ownership: while the human types into the worker
 *   (`now < humanTypingUntil`) nothing is sent, the retry included, and the
 *   state says `waitingForHuman` so the pane can show it.
 */

/** Finished ids remembered to refuse a replayed enqueue; bounded so the state stays small. */
export const FINISHED_MEMORY = 200;
export const MAX_SENDS = 2;

export interface Delivery {
  id: string;
  text: string;
  /** The task this prompt carries, for the log; null for `/say` and broadcasts. */
  taskId: string | null;
}

export type InFlight =
  | { phase: 'sent'; delivery: Delivery; attempt: number; sentAt: number }
  /** The first send timed out; the retry goes as soon as the worker may receive it. */
  | { phase: 'retryDue'; delivery: Delivery };

export interface DeliveryQueueState {
  queue: readonly Delivery[];
  current: InFlight | null;
  /** Something is due but the human is typing into this worker. */
  waitingForHuman: boolean;
  finished: readonly string[];
}

export type DeliveryOutcome =
  'confirmed' | 'retrying' | 'failed' | 'waitingForHuman' | 'cancelled' | 'duplicate';

export type DeliveryAction =
  | { kind: 'send'; deliveryId: string; text: string; taskId: string | null; attempt: number }
  | {
      kind: 'report';
      deliveryId: string;
      taskId: string | null;
      outcome: DeliveryOutcome;
      message: string;
    };

export interface DeliveryResult {
  state: DeliveryQueueState;
  actions: DeliveryAction[];
}

export interface StepContext {
  /** The adapter says the agent can take a prompt (its prompt box is up). */
  workerReady: boolean;
  /** Input ownership: the human owns the worker's input until this time. */
  humanTypingUntil: number | null;
  now: number;
  confirmTimeoutMs: number;
}

export function emptyDeliveryQueue(): DeliveryQueueState {
  return { queue: [], current: null, waitingForHuman: false, finished: [] };
}

export function enqueue(
  state: DeliveryQueueState,
  delivery: { id: string; text: string; taskId?: string | null },
): DeliveryResult {
  const item: Delivery = { id: delivery.id, text: delivery.text, taskId: delivery.taskId ?? null };
  const known =
    state.current?.delivery.id === item.id ||
    state.queue.some((d) => d.id === item.id) ||
    state.finished.includes(item.id);
  if (known) {
    return {
      state,
      actions: [report(item, 'duplicate', `delivery ${item.id} is already known; not sent again`)],
    };
  }
  return { state: { ...state, queue: [...state.queue, item] }, actions: [] };
}

export function step(state: DeliveryQueueState, context: StepContext): DeliveryResult {
  const { now, confirmTimeoutMs } = context;
  const actions: DeliveryAction[] = [];
  let next = state;

  // A timed-out send becomes a retry (first time) or a failure (second time);
  // after a failure the next queued delivery may go in this same step.
  const current = next.current;
  if (current?.phase === 'sent' && now - current.sentAt >= confirmTimeoutMs) {
    const waited = formatDuration(confirmTimeoutMs);
    if (current.attempt < MAX_SENDS) {
      next = { ...next, current: { phase: 'retryDue', delivery: current.delivery } };
      actions.push(
        report(current.delivery, 'retrying', `not confirmed within ${waited}; retrying once`),
      );
    } else {
      next = finish(next, current.delivery.id);
      actions.push(
        report(
          current.delivery,
          'failed',
          `not confirmed within ${waited} after ${MAX_SENDS} sends; given up`,
        ),
      );
    }
  }

  const due = dueDelivery(next);
  const humanTyping = context.humanTypingUntil !== null && now < context.humanTypingUntil;
  if (due === null) {
    return { state: { ...next, waitingForHuman: false }, actions };
  }
  if (humanTyping) {
    if (!next.waitingForHuman) {
      actions.push(report(due, 'waitingForHuman', 'waits while the human types into the worker'));
    }
    return { state: { ...next, waitingForHuman: true }, actions };
  }
  if (!context.workerReady) return { state: { ...next, waitingForHuman: false }, actions };

  const attempt = next.current?.phase === 'retryDue' ? MAX_SENDS : 1;
  const queue = attempt === 1 ? next.queue.slice(1) : next.queue;
  actions.push({ kind: 'send', deliveryId: due.id, text: due.text, taskId: due.taskId, attempt });
  return {
    state: {
      ...next,
      queue,
      current: { phase: 'sent', delivery: due, attempt, sentAt: now },
      waitingForHuman: false,
    },
    actions,
  };
}

/**
 * The prompt arrived (the agent's prompt-submitted hook, or the screen echo).
 * A confirmation that comes late, while the retry is still due, cancels the
 * retry. Confirmations of anything not in flight are stale and ignored.
 */
export function confirm(state: DeliveryQueueState, deliveryId: string): DeliveryResult {
  const current = state.current;
  if (current === null || current.delivery.id !== deliveryId) return { state, actions: [] };
  const attempt = current.phase === 'sent' ? current.attempt : 1;
  return {
    state: finish(state, deliveryId),
    actions: [report(current.delivery, 'confirmed', `arrived (send ${attempt} of ${MAX_SENDS})`)],
  };
}

/**
 * Drops a delivery (the task was cancelled or reassigned). One already sent
 * cannot be unsent; dropping it only means it is neither awaited nor retried.
 */
export function cancel(state: DeliveryQueueState, deliveryId: string): DeliveryResult {
  const current = state.current;
  if (current !== null && current.delivery.id === deliveryId) {
    const message =
      current.phase === 'sent' ? 'cancelled; already sent, not retried' : 'cancelled before retry';
    return {
      state: finish(state, deliveryId),
      actions: [report(current.delivery, 'cancelled', message)],
    };
  }
  const queued = state.queue.find((d) => d.id === deliveryId);
  if (!queued) return { state, actions: [] };
  return {
    state: {
      ...state,
      queue: state.queue.filter((d) => d.id !== deliveryId),
      finished: remember(state.finished, deliveryId),
    },
    actions: [report(queued, 'cancelled', 'cancelled before it was sent')],
  };
}

/** Drops everything (the worker exited or was killed); each delivery gets a report. */
export function cancelAll(state: DeliveryQueueState): DeliveryResult {
  let next = state;
  const actions: DeliveryAction[] = [];
  for (const id of [
    ...(state.current ? [state.current.delivery.id] : []),
    ...state.queue.map((d) => d.id),
  ]) {
    const result = cancel(next, id);
    next = result.state;
    actions.push(...result.actions);
  }
  return { state: { ...next, waitingForHuman: false }, actions };
}

/** The delivery a prompt-submitted hook or a screen echo confirms, if any. */
export function inFlightId(state: DeliveryQueueState): string | null {
  return state.current?.delivery.id ?? null;
}

/** Deliveries not yet finished, the one in flight included: for the pane ("2 queued"). */
export function pendingCount(state: DeliveryQueueState): number {
  return state.queue.length + (state.current ? 1 : 0);
}

/** What would be sent next: the due retry, else the head of the queue; null while one is awaited. */
function dueDelivery(state: DeliveryQueueState): Delivery | null {
  const current = state.current;
  if (current === null) return state.queue[0] ?? null;
  switch (current.phase) {
    case 'retryDue':
      return current.delivery;
    case 'sent':
      return null;
  }
}

function finish(state: DeliveryQueueState, deliveryId: string): DeliveryQueueState {
  return { ...state, current: null, finished: remember(state.finished, deliveryId) };
}

function remember(finished: readonly string[], id: string): string[] {
  return [...finished, id].slice(-FINISHED_MEMORY);
}

function report(delivery: Delivery, outcome: DeliveryOutcome, message: string): DeliveryAction {
  return { kind: 'report', deliveryId: delivery.id, taskId: delivery.taskId, outcome, message };
}

import { formatDuration } from './duration.js';
import { assertNever } from './exhaustive.js';
import {
  hookStatus,
  type HumanReport,
  type ScreenState,
  type StatusEvent,
} from './statusSignals.js';
import type { StatusSignal, WorkerStatus, WorkerStatusState } from './types.js';

/**
 * A worker's status as a pure reducer over its signals. Every status names
 * the signal that set it and why, so the UI can say `waiting · permission
 * prompt (hook)` and the human can judge how far to trust it.
 *
 * Authority, strongest first:
 * 1. Process: paused, exited and failed always win and hold until the process
 *    layer itself changes them (resumed, restarted). Nothing else moves them.
 * 2. A question the worker reported (`ctl report QUESTION`): waiting until the
 *    human answers, a new prompt is submitted, the session starts or ends, or a
 *    hook needs the human for something else (permission, failed turn). The
 *    agent's own Stop/PostToolUse after the report do NOT clear it — it asked
 *    from inside a tool call, so those hooks always follow.
 * 3. Hooks (and the human's answer): a newer hook always replaces the status.
 *    A weaker signal that contradicts it is held back for `graceMs` after the
 *    hook set or last confirmed it; a contradiction still standing after that
 *    wins (the screen lags a hook by a frame or two, but a screen that keeps
 *    showing a spinner after Stop is telling the truth).
 * 4. The screen detector: replaces activity-set statuses at once, and a hook's
 *    status per rule 3. Its latest verdict is kept, so a verdict held back by
 *    the grace window is applied on a later tick; a verdict older than the
 *    status it contradicts never applies.
 * 5. Output activity, with hysteresis: output makes an idle-by-activity
 *    worker "working" at once; silence for `activityQuietMs` makes it idle
 *    again. Over a hook's or the screen's "idle" it needs a burst lasting
 *    `graceMs`. It never overrides "waiting": output while a prompt waits is
 *    most likely the human typing the answer.
 * "starting" (set at spawn) gives way to any signal. A worker working on a
 * hook's or the screen's word with no signal of any kind for `stallAfterMs`
 * becomes stalled; any signal brings it back.
 */

export interface StatusOptions {
  stallAfterMs: number;
  activityQuietMs: number;
  /** How long a hook's word stands against a contradicting weaker signal. */
  graceMs?: number;
}

export const DEFAULT_GRACE_MS = 3_000;

export interface ScreenVerdict {
  state: ScreenState;
  reason: string;
  at: number;
}

/** The status plus the bookkeeping the reducer needs; all plain data, saved with the session. */
export interface TrackedStatus extends WorkerStatus {
  /** Last signal of any kind (hook, screen, output, process, human): the stall clock. */
  lastActivity: number;
  /** Last hook of any kind; null while the agent has sent none (no hooks installed?). */
  lastHookAt: number | null;
  /** When the current status's own signal last set or confirmed it: the grace clock. */
  confirmedAt: number;
  lastOutputAt: number | null;
  /** First output of the current burst (no gap of `activityQuietMs`). */
  burstStart: number | null;
  /** The detector's latest verdict, applied or held back. */
  screen: ScreenVerdict | null;
  /** What to restore when a paused process runs again. */
  beforePause: WorkerStatus | null;
}

export const QUESTION_REASON = 'question';

export function initialStatus(now: number, reason = 'launching'): TrackedStatus {
  return {
    state: 'starting',
    signal: 'process',
    reason,
    since: now,
    lastActivity: now,
    lastHookAt: null,
    confirmedAt: now,
    lastOutputAt: null,
    burstStart: null,
    screen: null,
    beforePause: null,
  };
}

export function nextStatus(
  current: TrackedStatus,
  event: StatusEvent,
  now: number,
  options: StatusOptions,
): TrackedStatus {
  const grace = options.graceMs ?? DEFAULT_GRACE_MS;
  switch (event.kind) {
    case 'hook':
      return onHook({ ...current, lastActivity: now, lastHookAt: now }, event, now);
    case 'screen': {
      const screen = { state: event.state, reason: event.reason, at: now };
      return applyScreen({ ...current, lastActivity: now, screen }, now, grace);
    }
    case 'output':
      return onOutput(current, now, options.activityQuietMs, grace);
    case 'process':
      return onProcess(current, event, now);
    case 'tick':
      return onTick(applyScreen(current, now, grace), now, options);
    case 'human':
      return onHuman({ ...current, lastActivity: now }, event.report, now);
    default:
      return assertNever(event, 'status event');
  }
}

/** "waiting · permission prompt (hook)": pane titles, the board, the log. */
export function describeStatus(status: WorkerStatus): string {
  return `${status.state} · ${status.reason} (${status.signal})`;
}

/** True when what the UI shows differs (bookkeeping alone does not count). */
export function statusChanged(before: WorkerStatus, after: WorkerStatus): boolean {
  return (
    before.state !== after.state || before.signal !== after.signal || before.reason !== after.reason
  );
}

/** The worker needs the human: ring the bell once, highlight it, `n` jumps to it. */
export function needsHuman(status: WorkerStatus): boolean {
  return status.state === 'waiting';
}

type Authority = 'locked' | 'question' | 'strong' | 'screen' | 'weak';

function authorityOf(status: WorkerStatus): Authority {
  switch (status.signal) {
    case 'process':
      return isProcessHeld(status.state) ? 'locked' : 'weak';
    case 'human':
      return status.state === 'waiting' ? 'question' : 'strong';
    case 'hook':
      return 'strong';
    case 'screen':
      return 'screen';
    case 'activity':
      return 'weak';
  }
}

function isProcessHeld(state: WorkerStatusState): boolean {
  return state === 'paused' || state === 'exited' || state === 'failed';
}

/** The status set (or confirmed) by `signal`; `since` only moves when the state does. */
function set(
  current: TrackedStatus,
  now: number,
  state: WorkerStatusState,
  signal: StatusSignal,
  reason: string,
): TrackedStatus {
  const since = current.state === state ? current.since : now;
  return { ...current, state, signal, reason, since, confirmedAt: now };
}

function onHook(
  current: TrackedStatus,
  event: Extract<StatusEvent, { kind: 'hook' }>,
  now: number,
): TrackedStatus {
  const mapped = hookStatus(event);
  if (mapped === null) return current;
  switch (authorityOf(current)) {
    case 'locked':
      return current;
    case 'question': {
      const answersQuestion =
        mapped.state === 'waiting' ||
        mapped.state === 'exited' ||
        event.event === 'UserPromptSubmit' ||
        event.event === 'SessionStart';
      return answersQuestion ? set(current, now, mapped.state, 'hook', mapped.reason) : current;
    }
    case 'strong':
    case 'screen':
    case 'weak':
      return set(current, now, mapped.state, 'hook', mapped.reason);
  }
}

/** Applies the latest screen verdict when rules 3–4 of the header allow it. */
function applyScreen(current: TrackedStatus, now: number, grace: number): TrackedStatus {
  const verdict = current.screen;
  if (verdict === null || verdict.at < current.confirmedAt) return current;
  const authority = authorityOf(current);
  if (verdict.state === current.state) {
    // Agreement: the screen confirms its own or activity's word (with its
    // fresher reason) but leaves a hook's more specific reason alone.
    return authority === 'screen' || authority === 'weak'
      ? set(current, now, verdict.state, 'screen', verdict.reason)
      : current;
  }
  switch (authority) {
    case 'locked':
    case 'question':
      return current;
    case 'strong':
      return now - current.confirmedAt >= grace
        ? set(current, now, verdict.state, 'screen', verdict.reason)
        : current;
    case 'screen':
    case 'weak':
      return set(current, now, verdict.state, 'screen', verdict.reason);
  }
}

function onOutput(
  current: TrackedStatus,
  now: number,
  quietMs: number,
  grace: number,
): TrackedStatus {
  const newBurst = current.lastOutputAt === null || now - current.lastOutputAt >= quietMs;
  const burstStart = newBurst ? now : (current.burstStart ?? now);
  const tracked = { ...current, lastActivity: now, lastOutputAt: now, burstStart };
  const authority = authorityOf(tracked);
  if (authority === 'locked' || authority === 'question') return tracked;

  switch (tracked.state) {
    case 'working':
      return authority === 'weak' ? { ...tracked, confirmedAt: now } : tracked;
    case 'stalled':
      return set(tracked, now, 'working', 'activity', 'output resumed');
    case 'starting':
      return set(tracked, now, 'working', 'activity', 'output');
    case 'idle': {
      if (authority === 'weak') return set(tracked, now, 'working', 'activity', 'output');
      const streaming = now - Math.max(burstStart, tracked.confirmedAt);
      return streaming >= grace
        ? set(tracked, now, 'working', 'activity', `output for ${formatDuration(streaming)}`)
        : tracked;
    }
    case 'waiting':
    case 'paused':
    case 'exited':
    case 'failed':
      return tracked;
  }
}

function onProcess(
  current: TrackedStatus,
  event: Extract<StatusEvent, { kind: 'process' }>,
  now: number,
): TrackedStatus {
  const held = authorityOf(current) === 'locked';
  const code = event.exitCode ?? null;
  switch (event.state) {
    case 'paused':
      if (held) return current;
      return {
        ...set(current, now, 'paused', 'process', event.reason ?? 'paused'),
        beforePause: {
          state: current.state,
          signal: current.signal,
          reason: current.reason,
          since: current.since,
        },
      };
    case 'running':
      if (current.state === 'paused' && held) return resume(current, now);
      if (held) return restart(current, now, event.reason ?? 'restarted');
      return { ...current, lastActivity: now };
    case 'exited':
      return {
        ...set(current, now, 'exited', 'process', event.reason ?? exitReason(code, 'exited')),
        beforePause: null,
      };
    case 'failed':
      return {
        ...set(current, now, 'failed', 'process', event.reason ?? exitReason(code, 'failed')),
        beforePause: null,
      };
    default:
      return assertNever(event.state, 'process state');
  }
}

function exitReason(code: number | null, fallback: string): string {
  return code === null ? fallback : `exit code ${code}`;
}

/**
 * Back to what it was doing before the pause, with fresh clocks: the time it
 * spent stopped must not count as silence (stall) or as grace already served.
 */
function resume(current: TrackedStatus, now: number): TrackedStatus {
  const before = current.beforePause ?? { state: 'working', signal: 'process', reason: 'resumed' };
  return {
    ...current,
    state: before.state,
    signal: before.signal,
    reason: before.reason,
    since: now,
    confirmedAt: now,
    lastActivity: now,
    burstStart: null,
    beforePause: null,
  };
}

/** A new process after exit or failure: everything the old one said is void. */
function restart(current: TrackedStatus, now: number, reason: string): TrackedStatus {
  return { ...initialStatus(now, reason), lastHookAt: current.lastHookAt };
}

function onTick(current: TrackedStatus, now: number, options: StatusOptions): TrackedStatus {
  if (current.state !== 'working') return current;
  switch (authorityOf(current)) {
    case 'weak': {
      // confirmedAt moves with every output while working on activity's word,
      // and is fresh after a resume, so a pause never counts as quiet time.
      const quiet = now - Math.max(current.lastOutputAt ?? 0, current.confirmedAt);
      return quiet >= options.activityQuietMs
        ? set(current, now, 'idle', 'activity', `quiet for ${formatDuration(quiet)}`)
        : current;
    }
    case 'strong':
    case 'screen': {
      const silent = now - current.lastActivity;
      return silent >= options.stallAfterMs
        ? set(current, now, 'stalled', 'activity', `no signal for ${formatDuration(silent)}`)
        : current;
    }
    case 'locked':
    case 'question':
      return current;
  }
}

function onHuman(current: TrackedStatus, report: HumanReport, now: number): TrackedStatus {
  const authority = authorityOf(current);
  switch (report) {
    case 'question':
      return authority === 'locked'
        ? current
        : set(current, now, 'waiting', 'human', QUESTION_REASON);
    case 'answered':
      return authority === 'question'
        ? set(current, now, 'working', 'human', 'question answered')
        : current;
    default:
      return assertNever(report, 'human report');
  }
}

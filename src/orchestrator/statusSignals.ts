import { assertNever } from './exhaustive.js';
import type { WorkerStatusState } from './types.js';

/**
 * The signals the status machine reads, as plain data, and what each hook
 * says about a worker. Kept apart from the reducer so the control socket can
 * validate incoming hook names against `HOOK_EVENTS` without the machine.
 */

export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PermissionRequest',
  'Notification',
  'Stop',
  'StopFailure',
  'SessionEnd',
] as const;
export type HookEventName = (typeof HOOK_EVENTS)[number];

/** Claude Code's `notification_type` values this machine understands. */
export const NOTIFICATION_TYPES = {
  permission: 'permission_prompt',
  idle: 'idle_prompt',
  elicitation: 'elicitation_dialog',
  authSuccess: 'auth_success',
} as const;

export type ScreenState = 'working' | 'waiting' | 'idle';
export type ProcessEventState = 'running' | 'paused' | 'exited' | 'failed';
export type HumanReport = 'question' | 'answered';

export type StatusEvent =
  /** An agent hook over the control socket; `message` carries the tool name, error or reason. */
  | { kind: 'hook'; event: HookEventName; notificationType?: string; message?: string }
  /** The adapter's screen detector's verdict on the emulated screen. */
  | { kind: 'screen'; state: ScreenState; reason: string }
  /** The pty produced output (the engine may coalesce, e.g. one per frame). */
  | { kind: 'output' }
  /** The process layer: spawned or resumed, stopped, ended. */
  | { kind: 'process'; state: ProcessEventState; exitCode?: number | null; reason?: string }
  /** Time passes: stalls, quiet periods and held screen verdicts are judged here. */
  | { kind: 'tick' }
  /** A worker's QUESTION report (`ctl report QUESTION`), or the human's answer to it. */
  | { kind: 'human'; report: HumanReport; message?: string };

/** What a hook says about the worker; null for hooks that say nothing about its state. */
export function hookStatus(
  event: Extract<StatusEvent, { kind: 'hook' }>,
): { state: WorkerStatusState; reason: string } | null {
  const detail = event.message?.trim() ?? '';
  const withDetail = (text: string): string => (detail === '' ? text : `${text}: ${detail}`);
  switch (event.event) {
    case 'SessionStart':
      return { state: 'idle', reason: withDetail('session started') };
    case 'UserPromptSubmit':
      return { state: 'working', reason: 'prompt submitted' };
    case 'PreToolUse':
      return { state: 'working', reason: detail === '' ? 'using a tool' : `using ${detail}` };
    case 'PostToolUse':
      return { state: 'working', reason: detail === '' ? 'tool done' : `${detail} done` };
    case 'PermissionRequest':
      return { state: 'waiting', reason: 'permission prompt' };
    case 'Notification':
      return notificationStatus(event.notificationType, detail);
    case 'Stop':
      return { state: 'idle', reason: 'turn finished' };
    case 'StopFailure':
      return { state: 'waiting', reason: withDetail('turn failed') };
    case 'SessionEnd':
      return { state: 'exited', reason: withDetail('session ended') };
    default:
      return assertNever(event.event, 'hook event');
  }
}

function notificationStatus(
  type: string | undefined,
  message: string,
): { state: WorkerStatusState; reason: string } | null {
  switch (type) {
    case NOTIFICATION_TYPES.permission:
      return { state: 'waiting', reason: 'permission prompt' };
    case NOTIFICATION_TYPES.elicitation:
      return { state: 'waiting', reason: 'input requested' };
    // "Claude is waiting for your input" after a quiet minute: ready for work,
    // not a call for help — calling it waiting would stop dispatch to it.
    case NOTIFICATION_TYPES.idle:
      return { state: 'idle', reason: 'idle prompt' };
    case NOTIFICATION_TYPES.authSuccess:
      return null;
    case undefined:
    default:
      // The design reads an unknown notification as "needs attention":
      // better a worker shown waiting than a call for help hidden.
      return { state: 'waiting', reason: message === '' ? 'notification' : message };
  }
}

import { describe, expect, it } from 'vitest';
import {
  describeStatus,
  initialStatus,
  needsHuman,
  nextStatus,
  statusChanged,
  type StatusOptions,
  type TrackedStatus,
} from '../../../src/orchestrator/statusMachine.js';
import {
  NOTIFICATION_TYPES,
  type HookEventName,
  type ScreenState,
  type StatusEvent,
} from '../../../src/orchestrator/statusSignals.js';

const STALL_MS = 90_000;
const QUIET_MS = 2_000;
const GRACE_MS = 3_000;
const OPTIONS: StatusOptions = {
  stallAfterMs: STALL_MS,
  activityQuietMs: QUIET_MS,
  graceMs: GRACE_MS,
};

const hook = (event: HookEventName, extra: { notificationType?: string; message?: string } = {}) =>
  ({ kind: 'hook', event, ...extra }) satisfies StatusEvent;
const screen = (state: ScreenState, reason: string) =>
  ({ kind: 'screen', state, reason }) satisfies StatusEvent;
const OUTPUT = { kind: 'output' } satisfies StatusEvent;
const TICK = { kind: 'tick' } satisfies StatusEvent;
const QUESTION = { kind: 'human', report: 'question' } satisfies StatusEvent;
const ANSWERED = { kind: 'human', report: 'answered' } satisfies StatusEvent;
const proc = (state: 'running' | 'paused' | 'exited' | 'failed', exitCode?: number) =>
  ({ kind: 'process', state, exitCode }) satisfies StatusEvent;

type Step = readonly [at: number, event: StatusEvent];

function run(steps: readonly Step[], start: TrackedStatus = initialStatus(0)): TrackedStatus {
  return steps.reduce((status, [at, event]) => nextStatus(status, event, at, OPTIONS), start);
}

const shown = (steps: readonly Step[]): string => describeStatus(run(steps));

/** Output every 500 ms from `from` to `to`: a burst with no quiet gap. */
function burst(from: number, to: number): Step[] {
  const steps: Step[] = [];
  for (let at = from; at <= to; at += 500) steps.push([at, OUTPUT]);
  return steps;
}

describe('hooks', () => {
  it('map to states with the signal and reason shown', () => {
    expect(describeStatus(initialStatus(0))).toBe('starting · launching (process)');
    expect(shown([[1, hook('SessionStart', { message: 'startup' })]])).toBe(
      'idle · session started: startup (hook)',
    );
    expect(shown([[1, hook('UserPromptSubmit')]])).toBe('working · prompt submitted (hook)');
    expect(shown([[1, hook('PreToolUse', { message: 'Bash' })]])).toBe(
      'working · using Bash (hook)',
    );
    expect(shown([[1, hook('PermissionRequest')]])).toBe('waiting · permission prompt (hook)');
    expect(shown([[1, hook('Stop')]])).toBe('idle · turn finished (hook)');
    expect(shown([[1, hook('StopFailure', { message: 'rate_limit' })]])).toBe(
      'waiting · turn failed: rate_limit (hook)',
    );
    expect(shown([[1, hook('SessionEnd')]])).toBe('exited · session ended (hook)');
  });

  it('read notifications by type', () => {
    const note = (notificationType: string) => hook('Notification', { notificationType });
    expect(shown([[1, note(NOTIFICATION_TYPES.permission)]])).toBe(
      'waiting · permission prompt (hook)',
    );
    expect(
      shown([
        [1, hook('Stop')],
        [2, note(NOTIFICATION_TYPES.idle)],
      ]),
    ).toBe('idle · idle prompt (hook)');
    expect(
      shown([
        [1, hook('Stop')],
        [2, note(NOTIFICATION_TYPES.authSuccess)],
      ]),
    ).toBe('idle · turn finished (hook)');
  });

  it('a newer hook always replaces the status', () => {
    expect(
      shown([
        [1_000, hook('PermissionRequest')],
        [1_100, hook('PostToolUse')],
      ]),
    ).toBe('working · tool done (hook)');
  });

  it('keep `since` while the state stays the same', () => {
    const status = run([
      [1_000, hook('UserPromptSubmit')],
      [5_000, hook('PreToolUse', { message: 'Edit' })],
    ]);
    expect(status).toMatchObject({ state: 'working', reason: 'using Edit', since: 1_000 });
  });
});

describe('hook authority over the screen and activity', () => {
  const permission: Step = [1_000, hook('PermissionRequest')];

  it('holds a contradicting screen verdict back for the grace window', () => {
    expect(shown([permission, [1_500, screen('working', 'spinner')]])).toBe(
      'waiting · permission prompt (hook)',
    );
    expect(shown([permission, [1_500, screen('working', 'spinner')], [3_999, TICK]])).toBe(
      'waiting · permission prompt (hook)',
    );
    // Still contradicting once the grace has passed: the screen wins, on a tick.
    expect(shown([permission, [1_500, screen('working', 'spinner')], [4_000, TICK]])).toBe(
      'working · spinner (screen)',
    );
  });

  it('lets a contradicting verdict after the grace window win at once', () => {
    expect(shown([permission, [9_000, screen('working', 'spinner')]])).toBe(
      'working · spinner (screen)',
    );
  });

  it('never applies a verdict older than the hook', () => {
    const steps: Step[] = [
      [500, screen('idle', 'prompt box')],
      [1_000, hook('UserPromptSubmit')],
      [60_000, TICK],
    ];
    expect(shown(steps)).toBe('working · prompt submitted (hook)');
  });

  it("keeps the hook's reason when the screen agrees", () => {
    expect(shown([permission, [9_000, screen('waiting', 'dialog')]])).toBe(
      'waiting · permission prompt (hook)',
    );
  });

  it('never lets output override waiting (it is the human typing the answer)', () => {
    expect(shown([permission, ...burst(2_000, 20_000)])).toBe('waiting · permission prompt (hook)');
  });

  it("lets a sustained burst of output override a hook's idle after the grace", () => {
    const stop: Step = [1_000, hook('Stop')];
    // The burst itself must last the grace window: 1.5 s → 4.0 s is not enough.
    expect(shown([stop, ...burst(1_500, 4_000)])).toBe('idle · turn finished (hook)');
    expect(shown([stop, ...burst(1_500, 4_500)])).toBe('working · output for 3 s (activity)');
  });
});

describe('activity with hysteresis', () => {
  it('drives a worker without hooks or screen detector', () => {
    const working = run([[100, OUTPUT]]);
    expect(describeStatus(working)).toBe('working · output (activity)');
    const quietSoon = nextStatus(working, TICK, 100 + QUIET_MS - 1, OPTIONS);
    expect(quietSoon.state).toBe('working');
    const quiet = nextStatus(working, TICK, 100 + QUIET_MS, OPTIONS);
    expect(describeStatus(quiet)).toBe('idle · quiet for 2 s (activity)');
    expect(describeStatus(nextStatus(quiet, OUTPUT, 5_000, OPTIONS))).toBe(
      'working · output (activity)',
    );
  });

  it('gives way to the screen at once', () => {
    expect(
      shown([
        [100, OUTPUT],
        [200, screen('idle', 'prompt box')],
      ]),
    ).toBe('idle · prompt box (screen)');
  });
});

describe('stall', () => {
  const submitted: Step = [1_000, hook('UserPromptSubmit')];

  it('turns working with no signal for stallAfterMs into stalled', () => {
    expect(shown([submitted, [1_000 + STALL_MS - 1, TICK]])).toBe(
      'working · prompt submitted (hook)',
    );
    expect(shown([submitted, [1_000 + STALL_MS, TICK]])).toBe(
      'stalled · no signal for 90 s (activity)',
    );
  });

  it('counts any signal as life', () => {
    expect(shown([submitted, [60_000, OUTPUT], [1_000 + STALL_MS, TICK]])).toBe(
      'working · prompt submitted (hook)',
    );
  });

  it('comes back on output or a hook', () => {
    const stalled: Step[] = [submitted, [200_000, TICK]];
    expect(shown([...stalled, [200_100, OUTPUT]])).toBe('working · output resumed (activity)');
    expect(shown([...stalled, [200_100, hook('Stop')]])).toBe('idle · turn finished (hook)');
  });

  it('does not count a pause as silence', () => {
    const steps: Step[] = [
      submitted,
      [2_000, proc('paused')],
      [500_000, proc('running')],
      [500_001, TICK],
    ];
    expect(shown(steps)).toBe('working · prompt submitted (hook)');
  });
});

describe('process state always wins', () => {
  const waiting: Step = [1_000, hook('PermissionRequest')];

  it('pauses over anything and ignores every other signal while paused', () => {
    const paused: Step[] = [waiting, [2_000, proc('paused')]];
    expect(shown(paused)).toBe('paused · paused (process)');
    expect(
      shown([
        ...paused,
        [3_000, hook('UserPromptSubmit')],
        [4_000, screen('idle', 'x')],
        [5_000, OUTPUT],
      ]),
    ).toBe('paused · paused (process)');
  });

  it('restores what the worker was doing when it runs again', () => {
    const status = run([waiting, [2_000, proc('paused')], [9_000, proc('running')]]);
    expect(describeStatus(status)).toBe('waiting · permission prompt (hook)');
    expect(status.since).toBe(9_000);
  });

  it('holds exited and failed until a restart', () => {
    const exited: Step[] = [waiting, [2_000, proc('exited', 0)]];
    expect(shown(exited)).toBe('exited · exit code 0 (process)');
    expect(shown([[1, proc('failed', 127)]])).toBe('failed · exit code 127 (process)');
    expect(shown([...exited, [3_000, hook('SessionStart')], [3_100, QUESTION]])).toBe(
      'exited · exit code 0 (process)',
    );
    expect(shown([...exited, [4_000, proc('running')]])).toBe('starting · restarted (process)');
    expect(shown([...exited, [4_000, proc('running')], [5_000, hook('SessionStart')]])).toBe(
      'idle · session started (hook)',
    );
  });
});

describe('questions', () => {
  // The agent reports from inside a tool call, so PostToolUse and Stop follow the report.
  const asked: Step[] = [
    [1_000, hook('PreToolUse', { message: 'Bash' })],
    [1_100, QUESTION],
    [1_200, hook('PostToolUse', { message: 'Bash' })],
    [1_300, hook('Stop')],
  ];

  it('stay waiting through the hooks that follow the report', () => {
    const status = run([...asked, [9_000, screen('idle', 'prompt box')], ...burst(9_500, 20_000)]);
    expect(describeStatus(status)).toBe('waiting · question (human)');
    expect(needsHuman(status)).toBe(true);
  });

  it('end when the human answers or a prompt is submitted', () => {
    expect(shown([...asked, [5_000, ANSWERED]])).toBe('working · question answered (human)');
    expect(shown([...asked, [5_000, hook('UserPromptSubmit')]])).toBe(
      'working · prompt submitted (hook)',
    );
  });

  it('give way to a permission prompt, which is more urgent', () => {
    expect(shown([...asked, [5_000, hook('PermissionRequest')]])).toBe(
      'waiting · permission prompt (hook)',
    );
  });

  it('ignore an answer when no question is open', () => {
    expect(
      shown([
        [1_000, hook('Stop')],
        [2_000, ANSWERED],
      ]),
    ).toBe('idle · turn finished (hook)');
  });
});

describe('statusChanged', () => {
  it('ignores bookkeeping and sees state, signal and reason', () => {
    const working = run([[1_000, hook('UserPromptSubmit')]]);
    expect(statusChanged(working, nextStatus(working, OUTPUT, 2_000, OPTIONS))).toBe(false);
    expect(statusChanged(working, nextStatus(working, hook('Stop'), 2_000, OPTIONS))).toBe(true);
  });
});

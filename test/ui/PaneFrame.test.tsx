import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BREAKER_NOTE,
  NEEDS_HUMAN_COLOR,
  PaneFrame,
  TYPING_NOTE,
  WARNING_COLOR,
  branchSummary,
  paneTitle,
  scrollIndicator,
  statusColor,
  statusLabel,
  workerNotes,
} from '../../components/PaneFrame.js';
import { ELLIPSIS } from '../../src/layout/text.js';
import type { PaneRect } from '../../src/layout/types.js';
import type { WorkerInfo } from '../../src/store/workersSlice.js';
import { BORDER, makeStore, makeWorker, onScreen, screenLines } from './support.js';

const WORKER_ID = 'w1';
const PANE: PaneRect = {
  id: WORKER_ID,
  frame: { x: 0, y: 0, width: 70, height: 8 },
  interior: { x: 1, y: 1, width: 68, height: 6 },
};
const SIZE = '68×6';

afterEach(() => cleanup());

function renderPane(
  patch: Partial<WorkerInfo> = {},
  options: { focused?: boolean; pane?: PaneRect } = {},
) {
  const pane = options.pane ?? PANE;
  const store = makeStore({ workers: [makeWorker({ id: WORKER_ID, name: 'alpha', ...patch })] });
  const view = render(
    onScreen(<PaneFrame store={store} pane={pane} index={1} focused={options.focused ?? false} />, {
      cols: pane.frame.width,
      rows: pane.frame.height,
    }),
  );
  return { store, lines: () => screenLines(view.lastFrame()) };
}

describe('PaneFrame', () => {
  it('titles the pane with number, name, command, status and interior size', () => {
    const [top] = renderPane().lines();
    expect(top).toContain(`1 alpha · bash -l · working (activity) · ${SIZE}`);
  });

  it('adds the role, the current task and the notes', () => {
    const [top] = renderPane({
      role: 'coder',
      currentTask: 'T3',
      status: { state: 'working', signal: 'hook', reason: 'prompt submitted', since: 0 },
    }).lines();
    expect(top).toContain(`1 alpha · coder · bash -l · working (hook) · T3 · ${SIZE}`);
  });

  it('leaves out a role that is the name already', () => {
    const [top] = renderPane({ name: 'coder', role: 'coder' }).lines();
    expect(top).toContain('1 coder · bash -l ·');
  });

  it.each<[Partial<WorkerInfo>, string]>([
    [
      { status: { state: 'waiting', signal: 'hook', reason: 'permission prompt', since: 0 } },
      'waiting · permission prompt (hook)',
    ],
    [
      { status: { state: 'stalled', signal: 'activity', reason: 'no signal for 5 min', since: 0 } },
      'stalled · no signal for 5 min (activity)',
    ],
    [{ status: { state: 'idle', signal: 'screen', reason: 'prompt', since: 0 } }, 'idle (screen)'],
    [
      { status: { state: 'starting', signal: 'process', reason: 'launching', since: 0 } },
      'starting (process)',
    ],
  ])('shows the layered status %o as "%s"', (patch, label) => {
    expect(renderPane(patch).lines()[0]).toContain(`· ${label} · ${SIZE}`);
  });

  it('shows what holds its prompts back, and a worker out of dispatch', () => {
    const worker = makeWorker({
      id: WORKER_ID,
      name: 'alpha',
      queuedPrompts: 2,
      waitingForHuman: true,
      dispatchable: false,
    });
    expect(workerNotes(worker)).toEqual([BREAKER_NOTE, `queued 2 · ${TYPING_NOTE}`]);
    expect(workerNotes({ ...worker, waitingForHuman: false, dispatchable: true })).toEqual([
      'queued 2',
    ]);
    const typing = renderPane({ queuedPrompts: 2, waitingForHuman: true }).lines()[0];
    // Too long for the pane: the command and the size go, the note is cut.
    expect(typing).toContain(
      `1 alpha · working (activity) · queued 2 · waiting for you to st${ELLIPSIS}`,
    );
    cleanup();
    const stopped = renderPane({ dispatchable: false }).lines()[0];
    expect(stopped).toContain(`working (activity) · ${BREAKER_NOTE} · ${SIZE}`);
  });

  it('colours a worker that needs the human apart, its border too', () => {
    const waiting = makeWorker({
      id: WORKER_ID,
      name: 'alpha',
      status: { state: 'waiting', signal: 'hook', reason: 'permission prompt', since: 0 },
    });
    expect(statusColor(waiting)).toBe(NEEDS_HUMAN_COLOR);
    const stalled = { ...waiting, status: { ...waiting.status, state: 'stalled' as const } };
    expect(statusColor(stalled)).toBe(WARNING_COLOR);
    expect(statusColor({ ...waiting, status: { ...waiting.status, state: 'working' } })).toBe(
      undefined,
    );
    expect(
      statusColor({
        ...stalled,
        status: { ...stalled.status, state: 'idle' },
        dispatchable: false,
      }),
    ).toBe(WARNING_COLOR);
  });

  it('keeps the status when the title must shrink: command, size, role, task go, notes are cut', () => {
    const title = (width: number) =>
      paneTitle({
        index: 2,
        name: 'alpha',
        role: 'coder',
        command: 'claude --dangerously-skip-permissions',
        state: 'waiting · permission prompt (hook)',
        task: 'T3',
        notes: [BREAKER_NOTE],
        size: SIZE,
        width,
      });
    expect(title(200)).toBe(
      `2 alpha · coder · claude --dangerously-skip-permissions · waiting · permission prompt (hook) · T3 · ${BREAKER_NOTE} · ${SIZE}`,
    );
    expect(title(110)).toContain(`· claude --danger${ELLIPSIS} · waiting`);
    expect(title(80)).toBe(`2 alpha · waiting · permission prompt (hook) · T3 · ${BREAKER_NOTE}`);
    expect(title(50)).toBe(`2 alpha · waiting · permission prompt (hook) · no${ELLIPSIS}`);
    expect(title(20)).toBe(`2 alpha · waiting ·${ELLIPSIS}`);
  });

  it.each([
    [{ process: 'paused' }, 'paused'],
    [{ process: 'exited', exitCode: 0 }, 'exited 0'],
    [
      { process: 'exited', exitCode: 127, exitReason: 'command not found' },
      'exited 127 · command not found',
    ],
    [{ process: 'exited', exitSignal: 'SIGKILL', exitReason: 'killed' }, 'killed by SIGKILL'],
  ] as const)('shows the process state %o as "%s"', (patch, label) => {
    const [top] = renderPane(patch).lines();
    expect(top).toContain(`· ${label} · ${SIZE}`);
    expect(statusLabel(makeWorker({ id: WORKER_ID, name: 'alpha', ...patch }))).toBe(label);
  });

  it('draws the focused pane with a double border, others with a single one', () => {
    const focused = renderPane({}, { focused: true }).lines();
    expect(focused[0]?.startsWith(BORDER.focusedTopLeft)).toBe(true);
    expect(focused[1]?.startsWith('║')).toBe(true);
    expect(focused[7]?.startsWith(BORDER.focusedBottomLeft)).toBe(true);
    cleanup();
    const plain = renderPane({}, { focused: false }).lines();
    expect(plain[0]?.startsWith(BORDER.topLeft)).toBe(true);
    expect(plain[7]?.startsWith(BORDER.bottomLeft)).toBe(true);
  });

  it('keeps every border line exactly as wide as the frame', () => {
    const lines = renderPane({ scrollOffset: 3 }).lines();
    expect(Array.from(lines[0] ?? '')).toHaveLength(PANE.frame.width);
    expect(Array.from(lines[PANE.frame.height - 1] ?? '')).toHaveLength(PANE.frame.width);
    expect(lines).toHaveLength(PANE.frame.height);
  });

  it('shows how far the view is scrolled back, right-aligned in the bottom border', () => {
    const lines = renderPane({ scrollOffset: 42 }).lines();
    const bottom = lines[PANE.frame.height - 1] ?? '';
    expect(bottom).toContain(scrollIndicator(42));
    expect(bottom.endsWith(`${scrollIndicator(42)} ─┐`.replace('┐', '┘'))).toBe(true);
    expect(scrollIndicator(42)).toBe('↑ 42 lines · any key returns');
  });

  it('shows no indicator at the live bottom', () => {
    const lines = renderPane({ scrollOffset: 0 }).lines();
    expect(lines.join('\n')).not.toContain('↑');
  });

  it('shortens the command first, then cuts the title with … in narrow panes', () => {
    const narrow: PaneRect = {
      id: WORKER_ID,
      frame: { x: 0, y: 0, width: 50, height: 5 },
      interior: { x: 1, y: 1, width: 48, height: 3 },
    };
    const command = 'node scripts/a-very-long-command-line.js --with --flags';
    const [top] = renderPane({ commandLine: command }, { pane: narrow }).lines();
    expect(Array.from(top ?? '')).toHaveLength(narrow.frame.width);
    expect(top).toContain('1 alpha · node');
    expect(top).toContain(`${ELLIPSIS} · working (activity) · 48×3`);
    cleanup();

    const longName = 'a-worker-with-a-name-far-too-long-for-this-pane';
    const [cut] = renderPane({ name: longName }, { pane: narrow }).lines();
    expect(Array.from(cut ?? '')).toHaveLength(narrow.frame.width);
    expect(cut).toContain(ELLIPSIS);
  });
});

describe('branchSummary', () => {
  it('shows the branch and what changed on it', () => {
    const worker = makeWorker({ id: 'w1', name: 'w1', branch: 'multibot/s1/w1' });
    expect(branchSummary(worker)).toBe('multibot/s1/w1');
    const changed = {
      ...worker,
      diff: { files: 2, insertions: 10, deletions: 3, commitsAhead: 1, uncommitted: 1 },
    };
    expect(branchSummary(changed)).toBe('2 files +10 −3 · 1 commit · multibot/s1/w1');
    const clean = {
      ...worker,
      diff: { files: 0, insertions: 0, deletions: 0, commitsAhead: 0, uncommitted: 0 },
    };
    expect(branchSummary(clean)).toBe('no changes · multibot/s1/w1');
    expect(branchSummary(makeWorker({ id: 'w2', name: 'w2' }))).toBeUndefined();
  });
});

describe('cost in titles', () => {
  it('shows what a worker has spent, and the master sums it', async () => {
    const { sessionCost } = await import('../../components/MasterPane.js');
    const { workerNotes, formatUsd } = await import('../../components/PaneFrame.js');
    const cost = { usd: 0.4213, inputTokens: 1000, outputTokens: 50, contextTokens: 900 };
    const spender = makeWorker({ id: 'w1', name: 'w1', cost });
    expect(workerNotes(spender)).toContain('$0.42 · ctx 900');
    expect(formatUsd(12.3)).toBe('$12');
    expect(
      sessionCost([spender, { ...spender, id: 'w2' }, makeWorker({ id: 'w3', name: 'w3' })]),
    ).toBe('$0.84 spent');
    expect(sessionCost([makeWorker({ id: 'w3', name: 'w3' })])).toBe('');
  });
});

/**
 * T3's chrome figure in isolation (PERFORMANCE.md: Ink chrome ≤ 5 ms per frame):
 * what one Ink frame of the control room's chrome costs at 200×50 with 8
 * workers, a busy task board and a full event log; what Ink itself costs for an
 * empty frame of that size (its floor, the peer figure); and how often the
 * chrome renders while every pane floods and nothing in the chrome changes.
 *
 * The frames are rendered as src/cli.tsx renders them (Ink's debug mode into
 * InkStdout; React's production build when run through run.ts, which also
 * turns colours on as in a terminal) over a store filled with synthetic but
 * realistic data, timed from a store change to the frame written, for a cycle
 * of the changes the chrome sees most: focus moves, a worker's status, an event
 * log line, a notice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Box, Text, render } from 'ink';
import { createElement, type ReactElement } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { App } from '../../components/App.js';
import { MASTER_PANE_ID } from '../../src/engine/commands.js';
import { helpEntriesFor } from '../../src/input/keymap.js';
import type { Task, TaskStatus } from '../../src/orchestrator/types.js';
import { InkStdout } from '../../src/render/inkStdout.js';
import { createAppStore, type AppStore } from '../../src/store/store.js';
import type { WorkerInfo } from '../../src/store/workersSlice.js';
import { makeTask } from '../helpers/tasks.js';
import { onCleanup } from './cleanup.js';
import { HeadlessControlRoom } from './controlRoom.js';
import { generateFloodFile, shellQuote, type FloodFile } from './flood.js';
import { fmt, formatTable, median, percentile, sleep, withTimeout } from './stats.js';

export const CHROME_SCREEN = { cols: 200, rows: 50 } as const;
const WORKERS = 8;

export interface ChromeFrameResult {
  /** Store change → Ink's frame written, per change. */
  cycleMs: number[];
  /** Ink's RenderMetrics.renderTime (its output step: tokenizing, measuring, the grid) for the same. */
  outputMs: number[];
  /** Characters of one chrome frame, as Ink wrote it. */
  frameChars: number;
}

const ROLES = ['coder', 'tester', 'reviewer', 'architect'];
const STATES: readonly WorkerInfo['status'][] = [
  { state: 'working', signal: 'hook', reason: 'tool Bash', since: 0 },
  { state: 'idle', signal: 'hook', reason: 'turn finished', since: 0 },
  { state: 'waiting', signal: 'hook', reason: 'permission prompt', since: 0 },
  { state: 'working', signal: 'activity', reason: 'output', since: 0 },
];
const status = (i: number): WorkerInfo['status'] => STATES[i % STATES.length] ?? STATES[0]!;

function worker(n: number, now: number): WorkerInfo {
  const id = `w${n}`;
  return {
    id,
    name: id,
    profile: 'claude',
    worktree: `/tmp/worktrees/S/${id}`,
    branch: `multibot/S/${id}`,
    diff: { files: n, insertions: 10 * n, deletions: n, commitsAhead: n % 2, uncommitted: 0 },
    killed: false,
    agentSessionId: null,
    role: ROLES[n % ROLES.length] ?? null,
    status: { ...status(n), since: now },
    dispatchable: true,
    currentTask: `T${n}`,
    question: n === 3 ? 'Which database should the cache use?' : null,
    queuedPrompts: n === 5 ? 1 : 0,
    waitingForHuman: false,
    permission: n === 2 ? { tool: 'Bash', detail: 'npm test -- --run', since: now } : null,
    cost: { usd: 0.37 * n, inputTokens: 1000 * n, outputTokens: 100 * n, contextTokens: 4500 * n },
    commandLine: 'claude --permission-mode acceptEdits',
    cwd: `/tmp/worktrees/S/${id}`,
    process: 'running',
    pid: 1000 + n,
    exitCode: null,
    exitSignal: null,
    exitReason: null,
    cols: 48,
    rows: 15,
    scrollOffset: 0,
    restarts: 0,
  };
}

const TASK_STATES: readonly TaskStatus[] = ['running', 'pending', 'done', 'assigned', 'failed'];

function task(n: number, now: number): Task {
  const taskStatus = TASK_STATES[n % TASK_STATES.length] ?? 'pending';
  return makeTask({
    id: `T${n}`,
    title: `Task number ${n}: make the ${ROLES[n % ROLES.length]} part of the cache faster`,
    role: ROLES[n % ROLES.length] ?? null,
    priority: n % 3,
    dependsOn: n > 10 ? [`T${n - 10}`] : [],
    status: taskStatus,
    assignee: taskStatus === 'pending' ? null : `w${(n % WORKERS) + 1}`,
    attempts: 1,
    // Minutes and a half old: no age on the board ticks over for the next 30 s.
    createdAt: now - n * 60_000 - 30_000,
    updatedAt: now - n * 1000,
  });
}

/** A store as a busy session has it: `workers` workers, 14 tasks, a full event log. */
export function busyStore(screen: { cols: number; rows: number }, workers = WORKERS): AppStore {
  const store = createAppStore();
  const state = store.getState();
  const now = Date.now();
  for (let n = 1; n <= workers; n++) state.addWorker(worker(n, now));
  state.setTasks(Array.from({ length: 14 }, (_, i) => task(i + 1, now)));
  state.setSession({
    id: 'S',
    repoRoot: '/tmp/repo',
    repoName: 'repo',
    base: 'main',
    startedAt: new Date(now).toISOString(),
    label: null,
  });
  for (let i = 0; i < 40; i++) {
    state.appendLog({
      at: now - (40 - i) * 1000,
      kind: 'status',
      text: `w${(i % workers) + 1}: working · tool Bash (hook)`,
    });
  }
  state.setLayout({ mode: 'grid', screen, focus: 'w1' });
  return store;
}

/** The changes timed, in turn: each is one store update that changes what the chrome shows. */
function change(store: AppStore, i: number, workers: number): void {
  const state = store.getState();
  const n = (i >> 2) % workers;
  switch (i % 4) {
    case 0:
      state.setLayout({ focus: i % 8 === 0 ? MASTER_PANE_ID : `w${n + 1}` });
      return;
    case 1:
      // Each worker's turn comes every 32 changes, each time with the next state in STATES
      // (worker w(n+1) starts with status(n + 1)), so that every patch shows.
      state.patchWorker(`w${n + 1}`, { status: { ...status(n + 2 + (i >> 5)), since: i } });
      return;
    case 2:
      state.appendLog({ at: Date.now(), kind: 'decision', text: `T${n + 1} → w${n + 1} (${i})` });
      return;
    default:
      state.setUi({ notice: { text: `notice ${i}`, level: 'info' } });
  }
}

interface TimedOptions {
  element: ReactElement;
  change: (i: number) => void;
  changes: number;
  warmup: number;
}

/** Renders `element` as the control room renders its chrome, and times store change → frame. */
async function timeFrames(options: TimedOptions): Promise<ChromeFrameResult> {
  let frames = 0;
  let lastFrameAt = 0;
  let frameChars = 0;
  let waiter: (() => void) | null = null;
  const out = new InkStdout(CHROME_SCREEN, (frame) => {
    lastFrameAt = performance.now();
    frameChars = frame.length;
    frames++;
    const resolve = waiter;
    waiter = null;
    resolve?.();
  });
  const outputMs: number[] = [];
  const ink = render(options.element, {
    stdout: out as unknown as NodeJS.WriteStream,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
    onRender: (metrics) => outputMs.push(metrics.renderTime),
  });
  const cycleMs: number[] = [];
  let measuredChars = 0;
  try {
    await sleep(10);
    for (let i = 0; i < options.warmup + options.changes; i++) {
      const seen = frames;
      const frame = new Promise<void>((resolve) => {
        waiter = resolve;
      });
      const started = performance.now();
      options.change(i);
      if (frames === seen) await withTimeout(frame, 5000, `chrome frame after change ${i}`);
      if (i < options.warmup) outputMs.length = 0;
      else {
        cycleMs.push(lastFrameAt - started);
        measuredChars = frameChars;
      }
      // Let timers and I/O run between frames, as they would in the control room.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    waiter = null;
    ink.unmount();
  }
  return { cycleMs, outputMs: outputMs.slice(0, cycleMs.length), frameChars: measuredChars };
}

/** The control room's chrome over a busy store: 200×50, 8 workers. */
export function benchChromeFrames(
  options: { changes?: number; warmup?: number } = {},
): Promise<ChromeFrameResult> {
  const store = busyStore(CHROME_SCREEN, WORKERS);
  return timeFrames({
    element: createElement(App, { store, helpEntries: helpEntriesFor('Ctrl-b'), version: '0.0.0' }),
    change: (i) => change(store, i, WORKERS),
    changes: options.changes ?? 200,
    warmup: options.warmup ?? 50,
  });
}

/** Ink's floor: an empty 200×50 frame (one changing character), the least any chrome costs. */
export function benchEmptyFrames(
  options: { changes?: number; warmup?: number } = {},
): Promise<ChromeFrameResult> {
  const counter = createStore<{ n: number }>()(() => ({ n: 0 }));
  function Empty() {
    const n = useStore(counter, (s) => s.n);
    return createElement(
      Box,
      { width: CHROME_SCREEN.cols, height: CHROME_SCREEN.rows },
      createElement(Text, null, String(n % 10)),
    );
  }
  return timeFrames({
    element: createElement(Empty),
    change: (i) => counter.setState({ n: i + 1 }),
    changes: options.changes ?? 200,
    warmup: options.warmup ?? 50,
  });
}

export interface SteadyFloodResult {
  seconds: number;
  /** Ink renders (React commits) while the panes flooded and nothing in the chrome changed. */
  inkRenders: number;
  /** Store updates in the same window. */
  storeUpdates: number;
}

/**
 * `panes` workers `cat` the file in a loop, with a few tasks on the board (held,
 * so none is dispatched, minutes old); after `warmupMs` (the workers have
 * started and are working), counts Ink renders and store updates for `ms`.
 */
export async function benchSteadyFlood(options: {
  file: FloodFile;
  panes: number;
  cwd: string;
  warmupMs: number;
  ms: number;
}): Promise<SteadyFloodResult> {
  const room = new HeadlessControlRoom(CHROME_SCREEN);
  let storeUpdates = 0;
  const unsubscribe = room.store.subscribe(() => storeUpdates++);
  try {
    const now = Date.now();
    room.store.getState().setDispatch({ held: true });
    // 90 s old: the next age tick ("2m") is 30 s away, after the window.
    room.store
      .getState()
      .setTasks([1, 2, 3].map((n) => makeTask({ id: `T${n}`, createdAt: now - 90_000 })));
    const flood = `while :; do cat ${shellQuote(options.file.path)}; done`;
    for (let i = 1; i <= options.panes; i++) room.addShellWorker(`w${i}`, flood, options.cwd);
    room.start();
    await sleep(options.warmupMs);
    const renders0 = room.inkRenderMs.length;
    storeUpdates = 0;
    const t0 = performance.now();
    await sleep(options.ms);
    return {
      seconds: (performance.now() - t0) / 1000,
      inkRenders: room.inkRenderMs.length - renders0,
      storeUpdates,
    };
  } finally {
    unsubscribe();
    await room.dispose();
  }
}

export interface ChromeBenchResult {
  chrome: ChromeFrameResult[];
  empty: ChromeFrameResult[];
  steady: SteadyFloodResult[];
}

/** `rounds` rounds of each figure; the steady flood only with `flood`. */
export async function benchChrome(options: {
  rounds: number;
  flood: boolean;
}): Promise<ChromeBenchResult> {
  const result: ChromeBenchResult = { chrome: [], empty: [], steady: [] };
  const dir = mkdtempSync(join(os.tmpdir(), 'mb-chrome-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const unregister = onCleanup(removeDir);
  try {
    const file = options.flood ? generateFloodFile(dir, 1_000_000) : null;
    for (let r = 0; r < options.rounds; r++) {
      result.chrome.push(await benchChromeFrames());
      result.empty.push(await benchEmptyFrames());
      if (file) {
        result.steady.push(
          await benchSteadyFlood({ file, panes: WORKERS, cwd: dir, warmupMs: 1500, ms: 4000 }),
        );
      }
    }
  } finally {
    unregister();
    removeDir();
  }
  return result;
}

export function formatChromeBench(result: ChromeBenchResult): string {
  const across = (frames: ChromeFrameResult[], f: (r: ChromeFrameResult) => number) =>
    frames.length ? median(frames.map(f)) : null;
  const cycle = across(result.chrome, (r) => median(r.cycleMs));
  const emptyCycle = across(result.empty, (r) => median(r.cycleMs));
  const output = across(result.chrome, (r) => median(r.outputMs));
  const emptyOutput = across(result.empty, (r) => median(r.outputMs));
  const ratio = (a: number | null, b: number | null) =>
    a !== null && b !== null && b > 0 ? `${(a / b).toFixed(2)}×` : '—';
  const verdict = cycle === null ? '' : cycle <= 5 ? ' ✔' : ' ✘';
  const rows: string[][] = [
    ['figure (median of rounds)', 'chrome', 'empty frame', 'chrome/empty', 'target'],
    [
      '  store change → frame, median ms',
      fmt(cycle, 2),
      fmt(emptyCycle, 2),
      ratio(cycle, emptyCycle),
      `≤ 5 ms${verdict}`,
    ],
    [
      '  store change → frame, p95 ms',
      fmt(
        across(result.chrome, (r) => percentile(r.cycleMs, 95)),
        2,
      ),
      fmt(
        across(result.empty, (r) => percentile(r.cycleMs, 95)),
        2,
      ),
      '',
      '',
    ],
    [
      '  Ink output step (renderTime), median ms',
      fmt(output, 2),
      fmt(emptyOutput, 2),
      ratio(output, emptyOutput),
      '',
    ],
    [
      '  React + layout (change → frame − output), ms',
      fmt(cycle !== null && output !== null ? cycle - output : null, 2),
      fmt(emptyCycle !== null && emptyOutput !== null ? emptyCycle - emptyOutput : null, 2),
      '',
      '',
    ],
    [
      '  frame, characters',
      fmt(result.chrome[0]?.frameChars, 0),
      fmt(result.empty[0]?.frameChars, 0),
      '',
      '',
    ],
  ];
  if (result.steady.length > 0) {
    const perSecond = (f: (r: SteadyFloodResult) => number) =>
      median(result.steady.map((r) => f(r) / r.seconds));
    rows.push(
      [`steady flood, ${WORKERS} panes, chrome unchanged`, '', '', '', ''],
      [
        '  Ink renders per second',
        fmt(
          perSecond((r) => r.inkRenders),
          2,
        ),
        '',
        '',
        '0',
      ],
      [
        '  store updates per second',
        fmt(
          perSecond((r) => r.storeUpdates),
          2,
        ),
        '',
        '',
        '',
      ],
    );
  }
  return formatTable(rows);
}

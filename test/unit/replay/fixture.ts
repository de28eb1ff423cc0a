import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeLayout } from '../../../src/layout/tiling.js';
import { replayLayout } from '../../../src/replay/replayLayout.js';
import { initialReplayState } from '../../../src/replay/replayStore.js';
import type { Task } from '../../../src/orchestrator/types.js';
import { SCHEMA_VERSION, type SavedState } from '../../../src/persistence/schema.js';
import { SessionRecorder } from '../../../src/recording/sessionRecorder.js';
import type { LogEntry } from '../../../src/store/logSlice.js';
import { PaneScreen } from '../../../src/terminal/paneScreen.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import { makeTask } from '../../helpers/tasks.js';

export const SESSION_ID = '20250101-120000-abcd';
export const WALL_START = 1_735_732_800_000;
/** The host screen the session was "recorded" on. */
export const RECORDED_SCREEN = { cols: 120, rows: 40 } as const;
/** When the panes fall silent, and for how long: for --idle-limit. */
export const IDLE_FROM_MS = 9_000;
export const IDLE_MS = 30_000;

const ESC = '\x1b';

/** What happened, in order, on the session clock. */
type Step =
  | { kind: 'start'; id: string; command: string; title: string }
  | { kind: 'output'; id: string; data: string }
  | { kind: 'end'; id: string }
  | { kind: 'marker'; label: string; panes?: string[] }
  | { kind: 'layout'; panes: string[]; focus: string; zoom: string | null }
  | { kind: 'log'; entry: Omit<LogEntry, 'at'> }
  /** A task added (with its title) or changed, as the store's task list changes. */
  | { kind: 'task'; id: string; patch: Partial<Task> }
  | { kind: 'wait'; ms: number };

/** A pane's lines: colours, a wide glyph, a redraw in place. */
function burst(id: string, round: number, lines = 6): string {
  let out = '';
  for (let i = 0; i < lines; i += 1) {
    out += `${ESC}[3${((round + i) % 7) + 1}m${id} round ${round} line ${i}${ESC}[0m ✓ 日本\r\n`;
  }
  return `${out}${ESC}[1A${ESC}[2K${ESC}[1m${id} status ${round}${ESC}[22m\r\n`;
}

/**
 * A three-pane session: w1 from the start, w2 a second in, w3 at 3 s; w2 exits at 5 s
 * and is restarted at 6 s (a second run); then 30 s of silence and a last burst. The
 * layout changes, markers and log entries follow as the live room would record them.
 */
export function sessionSteps(): Step[] {
  const steps: Step[] = [];
  const out = (id: string, data: string, wait = 100): void => {
    steps.push({ kind: 'output', id, data }, { kind: 'wait', ms: wait });
  };
  const log = (entry: Omit<LogEntry, 'at'>): void => void steps.push({ kind: 'log', entry });
  const task = (id: string, patch: Partial<Task>): void =>
    void steps.push({ kind: 'task', id, patch });
  steps.push({ kind: 'start', id: 'w1', command: 'claude', title: 'coder' });
  steps.push({ kind: 'layout', panes: ['w1'], focus: 'w1', zoom: null });
  log({ kind: 'task', text: 'T1 added: write the parser', taskId: 'T1' });
  task('T1', { title: 'write the parser' });
  log({ kind: 'task', text: 'T2 added: test the parser', taskId: 'T2' });
  task('T2', { title: 'test the parser' });
  task('T1', { status: 'assigned', assignee: 'w1', attempts: 1 });
  log({
    kind: 'message',
    text: 'TASK_ASSIGNMENT T1 → coder: write the parser',
    taskId: 'T1',
    workerId: 'w1',
    message: 'TASK_ASSIGNMENT',
  });
  steps.push({ kind: 'marker', label: 'T1 → coder', panes: ['w1'] });
  out('w1', `${ESC}[1;32m✔${ESC}[0m coder ready\r\n`, 300);
  log({ kind: 'message', text: 'prompt T1 → coder arrived (send 1 of 3)', workerId: 'w1' });
  task('T1', { status: 'running' });
  for (let round = 0; round < 3; round += 1) out('w1', burst('w1', round), 200);
  steps.push({ kind: 'start', id: 'w2', command: 'bash', title: 'tester' });
  steps.push({ kind: 'layout', panes: ['w1', 'w2'], focus: 'w2', zoom: null });
  out('w2', '$ npm test\r\n', 200);
  for (let round = 0; round < 4; round += 1) {
    out('w1', burst('w1', round + 3), 150);
    out('w2', burst('w2', round), 150);
  }
  steps.push({ kind: 'start', id: 'w3', command: 'vim', title: 'reviewer' });
  steps.push({ kind: 'layout', panes: ['w1', 'w2', 'w3'], focus: 'w3', zoom: null });
  out('w3', `${ESC}[?1049h${ESC}[H${ESC}[2J${ESC}[44m review ${ESC}[0m\r\n`, 100);
  for (let round = 0; round < 3; round += 1) out('w3', burst('w3', round, 3), 200);
  log({
    kind: 'message',
    text: 'TASK_COMPLETE T1 by coder: parser written',
    taskId: 'T1',
    workerId: 'w1',
    message: 'TASK_COMPLETE',
  });
  task('T1', { status: 'done', result: 'parser written' });
  steps.push({ kind: 'marker', label: 'T1 done', panes: ['w1'] });
  out('w2', 'tests failed\r\n', 100);
  steps.push({ kind: 'end', id: 'w2' });
  log({ kind: 'status', text: 'tester: exited (process)', workerId: 'w2' });
  steps.push({ kind: 'marker', label: 'tester exited', panes: ['w2'] });
  steps.push({ kind: 'wait', ms: 800 });
  steps.push({ kind: 'start', id: 'w2', command: 'bash', title: 'tester' });
  out('w2', '$ npm test again\r\nall green\r\n', 200);
  steps.push({ kind: 'layout', panes: ['w1', 'w2', 'w3'], focus: 'w1', zoom: 'w1' });
  out('w1', 'zoomed in\r\n', 300);
  steps.push({ kind: 'layout', panes: ['w1', 'w2', 'w3'], focus: 'w1', zoom: null });
  steps.push({ kind: 'wait', ms: 1 });
  return steps;
}

/** The steps after the silence: last words from everyone. */
function finalSteps(): Step[] {
  return [
    { kind: 'marker', label: 'wake up' },
    { kind: 'output', id: 'w1', data: `${ESC}[33mDONE-w1${ESC}[0m\r\n$ ` },
    { kind: 'output', id: 'w2', data: 'DONE-w2\r\n' },
    { kind: 'output', id: 'w3', data: `${ESC}[?1049l${ESC}[1mDONE-w3${ESC}[0m\r\n` },
    { kind: 'wait', ms: 500 },
  ];
}

export interface RecordedSession {
  home: string;
  sessionsDir: string;
  sessionDir: string;
  recordingsDir: string;
  /** Session ms when everything was recorded. */
  endMs: number;
  /** Each pane's last run as the live room showed it at the end. */
  live: Map<string, PaneScreen>;
  log: LogEntry[];
}

/**
 * Records `sessionSteps` with the real SessionRecorder into a temp home, sizing every
 * pane to its tile on RECORDED_SCREEN as the engine does (and resizing it when the
 * layout changes), writes a state.json beside, and feeds the same output to live
 * emulators for the reference screens. `taskHistory: false` records no task history,
 * as sessions recorded before there was one.
 */
export async function recordSession(
  options: { keyframes?: boolean; close?: boolean; taskHistory?: boolean } = {},
): Promise<RecordedSession & { recorder: SessionRecorder; clock: FakeClock }> {
  const home = mkdtempSync(join(tmpdir(), 'multibot-replay-'));
  const sessionsDir = join(home, 'sessions');
  const sessionDir = join(sessionsDir, SESSION_ID);
  const recordingsDir = join(sessionDir, 'recordings');
  mkdirSync(sessionDir, { recursive: true });
  const clock = new FakeClock();
  const recorder = await SessionRecorder.open({
    dir: recordingsDir,
    clock,
    wallClock: () => WALL_START,
    env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
    keyframes: options.keyframes === false ? false : { everyChars: 2000, everySeconds: 2 },
    manifestDebounceMs: 0,
  });
  const live = new Map<string, PaneScreen>();
  const log: LogEntry[] = [];
  // As src/session/recording.ts does: the board at the start, then every change.
  let board: Task[] = [];
  const recordTasks = options.taskHistory !== false;
  if (recordTasks) recorder.tasksChanged(board, false);
  let order: string[] = [];
  let zoom: string | null = null;
  const interior = (id: string): { cols: number; rows: number } | null => {
    const layout = computeLayout({
      ...RECORDED_SCREEN,
      paneIds: order,
      focus: zoom ?? id,
      zoom: zoom !== null,
      mode: 'grid',
    });
    const pane = layout.kind === 'tiled' ? layout.panes.find((p) => p.id === id) : undefined;
    return pane ? { cols: pane.interior.width, rows: pane.interior.height } : null;
  };
  const write = (screen: PaneScreen, data: string) =>
    new Promise<void>((resolve) => screen.write(data, resolve));

  const play = async (steps: readonly Step[]): Promise<void> => {
    for (const step of steps) {
      switch (step.kind) {
        case 'start': {
          if (!order.includes(step.id)) order = [...order, step.id];
          const size = interior(step.id) ?? { cols: 80, rows: 24 };
          live.get(step.id)?.dispose();
          live.set(step.id, new PaneScreen({ ...size, scrollback: 100 }));
          recorder.startPane(step.id, { ...size, command: step.command, title: step.title });
          break;
        }
        case 'output': {
          recorder.output(step.id, step.data);
          const screen = live.get(step.id);
          if (screen) await write(screen, step.data);
          break;
        }
        case 'end':
          recorder.endPane(step.id);
          break;
        case 'marker':
          recorder.marker(step.label, step.panes);
          break;
        case 'layout': {
          order = step.panes;
          zoom = step.zoom;
          recorder.layoutChanged({ panes: step.panes, focus: step.focus, zoom: step.zoom });
          // Every pane shown takes its new tile's size, as the engine resizes them.
          for (const id of step.panes) {
            const size = interior(id);
            if (!size) continue;
            recorder.resize(id, size.cols, size.rows);
            live.get(id)?.resize(size.cols, size.rows);
          }
          break;
        }
        case 'log':
          log.push({ ...step.entry, at: WALL_START + recorder.now() });
          break;
        case 'task': {
          const now = WALL_START + recorder.now();
          const known = board.some((candidate) => candidate.id === step.id);
          board = known
            ? board.map((old) =>
                old.id === step.id ? { ...old, ...step.patch, updatedAt: now } : old,
              )
            : [
                ...board,
                task(step.id, step.patch.title ?? step.id, {
                  ...step.patch,
                  createdAt: now,
                  updatedAt: now,
                }),
              ];
          if (recordTasks) recorder.tasksChanged(board, false);
          break;
        }
        case 'wait':
          clock.advance(step.ms);
          break;
      }
    }
  };
  await play(sessionSteps());
  clock.advance(IDLE_FROM_MS - recorder.now());
  clock.advance(IDLE_MS);
  await play(finalSteps());
  const endMs = recorder.now();
  log.push({ at: WALL_START + endMs, kind: 'app', text: 'quit' });
  await recorder.flush();
  if (options.close !== false) await recorder.close();
  writeFileSync(join(sessionDir, 'state.json'), JSON.stringify(savedState(log, endMs)));
  return { home, sessionsDir, sessionDir, recordingsDir, endMs, live, log, recorder, clock };
}

/** A task of the recorded session, created at its start unless the patch says otherwise. */
function task(id: string, title: string, patch: Partial<Task>): Task {
  return makeTask({ id, title, createdAt: WALL_START, updatedAt: WALL_START, ...patch });
}

export function savedState(log: readonly LogEntry[], endMs: number): SavedState {
  const at = (text: string): number => log.find((entry) => entry.text.startsWith(text))?.at ?? 0;
  const worker = (id: string, name: string, commandLine: string) => ({
    id,
    name,
    profile: null,
    commandLine,
    file: commandLine,
    args: [],
    viaShell: true,
    cwd: '/tmp',
    env: {},
    worktree: null,
    branch: null,
    process: 'exited' as const,
    exitCode: 0,
    killed: false,
    agentSessionId: null,
    role: name,
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    session: {
      id: SESSION_ID,
      repoRoot: '/tmp/repo',
      repoName: 'repo',
      base: 'main',
      startedAt: new Date(WALL_START).toISOString(),
      endedAt: new Date(WALL_START + endMs).toISOString(),
      ended: 'quit',
      pid: null,
      label: 'fixture',
      config: {},
    },
    workers: [
      worker('w1', 'coder', 'claude'),
      worker('w2', 'tester', 'bash'),
      worker('w3', 'reviewer', 'vim'),
    ],
    layout: { mode: 'grid', focus: 'w1', zoom: false },
    tasks: [
      task('T1', 'write the parser', {
        status: 'done',
        assignee: 'w1',
        attempts: 1,
        result: 'parser written',
        updatedAt: at('TASK_COMPLETE T1'),
      }),
      task('T2', 'test the parser', { createdAt: at('T2 added'), updatedAt: at('T2 added') }),
    ],
    dispatch: { held: false, strategy: 'capability' },
    log: [...log],
  };
}

/** How the replay tiles the recorded session's three panes on the recorded screen. */
export function recordedRoomLayout() {
  return replayLayout(
    initialReplayState({
      screen: { ...RECORDED_SCREEN },
      panes: ['w1', 'w2', 'w3'].map((id) => ({
        id,
        name: id,
        role: null,
        command: null,
        cols: 1,
        rows: 1,
        started: true,
        run: 1,
        ended: false,
        missing: false,
      })),
      layout: { panes: ['w1', 'w2', 'w3'], focus: 'w1', zoom: null },
    }),
  );
}

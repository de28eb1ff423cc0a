import { Box } from 'ink';
import type { ReactElement } from 'react';
import { MASTER_PANE_ID } from '../../src/engine/commands.js';
import { createAppStore, type AppStore } from '../../src/store/store.js';
import type { WorkerInfo } from '../../src/store/workersSlice.js';

/** ink-testing-library's stdout is 100 columns wide; screens in these tests never exceed it. */
export const SCREEN = { cols: 100, rows: 30 } as const;
export const VERSION = '9.9.9';

export const BORDER = {
  focusedTopLeft: '╔',
  focusedBottomLeft: '╚',
  topLeft: '┌',
  bottomLeft: '└',
} as const;

export function makeWorker(
  patch: Partial<WorkerInfo> & Pick<WorkerInfo, 'id' | 'name'>,
): WorkerInfo {
  return {
    profile: null,
    worktree: null,
    branch: null,
    diff: null,
    killed: false,
    agentSessionId: null,
    role: null,
    status: { state: 'working', signal: 'activity', reason: 'output', since: 0 },
    dispatchable: true,
    currentTask: null,
    question: null,
    queuedPrompts: 0,
    waitingForHuman: false,
    permission: null,
    cost: null,
    commandLine: 'bash -l',
    cwd: '/tmp',
    process: 'running',
    pid: 4242,
    exitCode: null,
    exitSignal: null,
    exitReason: null,
    cols: 80,
    rows: 24,
    scrollOffset: 0,
    restarts: 0,
    ...patch,
  };
}

/** Every line of a frame as wide as `width` cells (after the trailing spaces Ink trims). */
export function widthOf(line: string | undefined): number {
  return Array.from(line ?? '').length;
}

export function makeStore(
  options: {
    workers?: WorkerInfo[];
    screen?: { cols: number; rows: number };
    focus?: string;
  } = {},
): AppStore {
  const store = createAppStore();
  for (const worker of options.workers ?? []) store.getState().addWorker(worker);
  store.getState().setLayout({
    screen: options.screen ?? SCREEN,
    focus: options.focus ?? MASTER_PANE_ID,
  });
  return store;
}

/** A screen-sized root, as App gives the absolutely placed chrome. */
export function onScreen(element: ReactElement, screen: { cols: number; rows: number } = SCREEN) {
  return (
    <Box width={screen.cols} height={screen.rows}>
      {element}
    </Box>
  );
}

const ANSI = /\u001B\[[0-9;]*m/g;

/** The frame as plain lines: what a person reads, without colours. */
export function screenLines(frame: string | undefined): string[] {
  return (frame ?? '').replace(ANSI, '').split('\n');
}

/** The characters of one screen row from `x`, `width` long (rows are trimmed at the end). */
export function cells(lines: readonly string[], y: number, x: number, width: number): string {
  return Array.from(lines[y] ?? '')
    .slice(x, x + width)
    .join('')
    .padEnd(width);
}

/** Store updates reach Ink's frame after React flushes its microtask queue. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

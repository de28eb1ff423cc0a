import { PassThrough } from 'node:stream';
import { render, type Instance } from 'ink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../components/App.js';
import { nextBoardChange, untilAgeChanges } from '../../components/TaskBoard.js';
import { InkStdout } from '../../src/render/inkStdout.js';
import type { AppStore } from '../../src/store/store.js';
import { makeTask } from '../helpers/tasks.js';
import { makeStore, makeWorker, screenLines, settle } from './support.js';

/**
 * Every React commit is a whole Ink frame (15–20 ms at 200×50), so the chrome
 * must not render for store changes it does not show, nor for a clock that
 * moves nothing on screen. Rendered as the control room renders it: Ink's debug
 * mode into InkStdout, where every commit writes a frame.
 */
const SIZE = { cols: 120, rows: 40 };
const T0 = new Date(2025, 0, 2, 9, 0, 0).getTime();

let ink: Instance | null = null;
afterEach(() => {
  ink?.unmount();
  ink = null;
  vi.useRealTimers();
});

function renderApp(store: AppStore) {
  const frames: string[] = [];
  const out = new InkStdout(SIZE, (frame) => {
    if (frame.includes('\n')) frames.push(frame);
  });
  ink = render(<App store={store} helpEntries={[]} version="1.0.0" />, {
    stdout: out as unknown as NodeJS.WriteStream,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return frames;
}

describe('the chrome renders only what changes it', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
  });

  it('does not render for store changes no part of the chrome shows', async () => {
    const store = makeStore({
      screen: SIZE,
      workers: [makeWorker({ id: 'w1', name: 'alpha' }), makeWorker({ id: 'w2', name: 'beta' })],
    });
    store.getState().setTasks([makeTask({ id: 'T1', createdAt: T0 - 5 * 60_000 })]);
    const frames = renderApp(store);
    await settle();
    const before = frames.length;
    expect(before).toBeGreaterThan(0);

    const state = store.getState();
    // Bookkeeping the titles do not show, and patches that change nothing.
    state.patchWorker('w1', { agentSessionId: 'abc', pid: 99, cols: 10, rows: 5 });
    state.patchWorker('w2', { status: { ...state.workers.w2!.status, since: 12345 } });
    state.patchWorker('w2', { name: 'beta', currentTask: null });
    state.setUi({ inputMode: 'navigate', notice: null });
    state.setLayout({ focus: state.layout.focus });
    state.setDispatch({ held: false });
    await settle();
    expect(frames).toHaveLength(before);

    state.patchWorker('w2', { name: 'gamma' });
    await settle();
    expect(frames).toHaveLength(before + 1);
    expect(screenLines(frames.at(-1)).join('\n')).toContain('2 gamma');
  });

  it('moves task ages when they tick over, not every second', async () => {
    const store = makeStore({ screen: SIZE });
    // 1m 30s old: the next age ("2m") is 30 s away.
    store.getState().setTasks([makeTask({ id: 'T1', title: 'age me', createdAt: T0 - 90_000 })]);
    const frames = renderApp(store);
    await settle();
    const row = () => screenLines(frames.at(-1)).find((line) => line.includes('age me')) ?? '';
    expect(row()).toMatch(/ 1m /);
    const before = frames.length;

    for (let s = 0; s < 29; s++) {
      await vi.advanceTimersByTimeAsync(1000);
      await settle();
    }
    expect(frames).toHaveLength(before);
    await vi.advanceTimersByTimeAsync(1500);
    await settle();
    expect(frames).toHaveLength(before + 1);
    expect(row()).toMatch(/ 2m /);
  });

  it('ticks young tasks over together, once a second, whatever moment each was created', async () => {
    const store = makeStore({ screen: SIZE });
    const created = [T0 - 300, T0 - 1_450, T0 - 2_900];
    store
      .getState()
      .setTasks(
        created.map((at, i) => makeTask({ id: `T${i + 1}`, title: `young ${i}`, createdAt: at })),
      );
    const frames = renderApp(store);
    await settle();
    const before = frames.length;
    // Small steps: React renders a moment after the timer fires, and fake time must not run ahead.
    for (let step = 0; step < 105; step++) {
      await vi.advanceTimersByTimeAsync(100);
      await settle();
    }
    // Ten seconds, ten frames: not one per task per second.
    expect(frames).toHaveLength(before + 10);
    expect(screenLines(frames.at(-1)).join('\n')).toMatch(/young 0 +10s/);
  });

  it('shows a task added later with its age from now, not from the last tick', async () => {
    const store = makeStore({ screen: SIZE });
    store.getState().setTasks([makeTask({ id: 'T1', title: 'old', createdAt: T0 - 10 * 60_000 })]);
    const frames = renderApp(store);
    await settle();
    await vi.advanceTimersByTimeAsync(40_000);
    store
      .getState()
      .setTasks([
        ...store.getState().tasks,
        makeTask({ id: 'T2', title: 'restored', createdAt: T0 - 20_000 }),
      ]);
    await settle();
    const row = screenLines(frames.at(-1)).find((line) => line.includes('restored')) ?? '';
    expect(row).toMatch(/ 1m /);
  });
});

describe('nextBoardChange', () => {
  it('is the next second while an age counts seconds, then the next whole unit', () => {
    expect(untilAgeChanges(0)).toBe(1000);
    expect(untilAgeChanges(59_400)).toBe(600);
    expect(untilAgeChanges(90_000)).toBe(30_000);
    expect(untilAgeChanges(2 * 3_600_000 + 1)).toBe(3_600_000 - 1);
    expect(untilAgeChanges(3 * 86_400_000)).toBe(86_400_000);
    // A task stamped a little in the future (clocks) reads 0s until it is 1 s old.
    expect(untilAgeChanges(-200)).toBe(1200);
  });

  it('is the earliest age to tick over or backoff to end; null without tasks', () => {
    const now = T0;
    expect(nextBoardChange([], now)).toBeNull();
    const tasks = [
      makeTask({ id: 'T1', createdAt: now - 10 * 60_000 - 5_000 }),
      makeTask({ id: 'T2', createdAt: now - 10 * 60_000, notBefore: now + 20_000 }),
    ];
    expect(nextBoardChange(tasks, now)).toBe(now + 20_000);
    // A backoff only matters while the task waits.
    const running = tasks.map((task) => ({ ...task, status: 'running' as const }));
    expect(nextBoardChange(running, now)).toBe(now + 55_000);
  });
});

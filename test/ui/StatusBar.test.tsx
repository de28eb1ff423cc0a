import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COMMAND_LINE_HINTS,
  MODE_BADGES,
  NAVIGATE_HINTS,
  PREFIX_BADGE,
  StatusBar,
  insertHints,
  needYouText,
} from '../../components/StatusBar.js';
import { ELLIPSIS } from '../../src/layout/text.js';
import { MASTER_PANE_ID } from '../../src/engine/commands.js';
import type { WorkerStatus } from '../../src/orchestrator/types.js';
import { SCREEN, makeStore, makeWorker, onScreen, screenLines, settle } from './support.js';

const WORKER = makeWorker({ id: 'w1', name: 'alpha' });

afterEach(() => cleanup());

function renderBar(width: number = SCREEN.cols, focus = WORKER.id) {
  const store = makeStore({ workers: [WORKER], focus });
  const rect = { x: 0, y: 0, width, height: 1 };
  const view = render(onScreen(<StatusBar store={store} rect={rect} />, { cols: width, rows: 1 }));
  return { store, line: () => screenLines(view.lastFrame()).join('\n') };
}

describe('StatusBar', () => {
  it('shows NAVIGATE, the focused worker and the navigate keys', () => {
    const { line } = renderBar();
    expect(line().startsWith(MODE_BADGES.navigate)).toBe(true);
    expect(line()).toContain(` ${WORKER.name} `);
    expect(line().endsWith(NAVIGATE_HINTS)).toBe(true);
  });

  it('shows INSERT and the prefix hints, with the configured prefix', async () => {
    const { store, line } = renderBar();
    store.getState().setUi({ inputMode: 'insert', prefixLabel: 'Ctrl-a' });
    await settle();
    expect(line().startsWith(MODE_BADGES.insert)).toBe(true);
    expect(line().endsWith(insertHints('Ctrl-a'))).toBe(true);
    expect(insertHints('Ctrl-a')).toBe('Ctrl-a Esc navigate · Ctrl-a ? help');
  });

  it('shows PREFIX while the prefix key waits for its command key', async () => {
    const { store, line } = renderBar();
    store.getState().setUi({ inputMode: 'insert', prefixPending: true });
    await settle();
    expect(line().startsWith(MODE_BADGES.insert + PREFIX_BADGE)).toBe(true);
    store.getState().setUi({ prefixPending: false });
    await settle();
    expect(line()).not.toContain(PREFIX_BADGE);
  });

  it('names the master when it has the focus', () => {
    expect(renderBar(SCREEN.cols, MASTER_PANE_ID).line()).toContain(` ${MASTER_PANE_ID} `);
  });

  it('shows the notice and keeps it over the hints when space runs out', async () => {
    const notice = 'alpha exited with code 1';
    const { store, line } = renderBar(60);
    store.getState().setUi({ notice: { text: notice, level: 'error' } });
    await settle();
    expect(line()).toContain(notice);
    expect(Array.from(line()).length).toBeLessThanOrEqual(60);
    expect(line().endsWith(ELLIPSIS)).toBe(true);
  });

  it('counts the workers that need the human, and says how to reach them', async () => {
    const waiting: WorkerStatus = {
      state: 'waiting',
      signal: 'hook',
      reason: 'permission prompt',
      since: 0,
    };
    const { store, line } = renderBar();
    expect(line()).not.toContain(needYouText(1));
    store.getState().addWorker(makeWorker({ id: 'w2', name: 'beta', status: waiting }));
    store.getState().addWorker(makeWorker({ id: 'w3', name: 'gamma', status: waiting }));
    await settle();
    expect(needYouText(2)).toBe('2 need you · n jumps');
    expect(line()).toContain(` ${WORKER.name}  ${needYouText(2)} `);
    store.getState().patchWorker('w2', { status: { ...waiting, state: 'working' } });
    await settle();
    expect(line()).toContain(needYouText(1));
  });

  it('keeps the need-you count over the notice when space runs out', async () => {
    const waiting = { state: 'waiting', signal: 'hook', reason: 'question', since: 0 } as const;
    const { store, line } = renderBar(40);
    store.getState().addWorker(makeWorker({ id: 'w2', name: 'beta', status: waiting }));
    store.getState().setUi({ notice: { text: 'a long notice about something', level: 'info' } });
    await settle();
    expect(line()).toContain(needYouText(1));
    expect(Array.from(line()).length).toBeLessThanOrEqual(40);
  });

  it('shows the command-line keys while typing on the master pane', async () => {
    const { store, line } = renderBar(SCREEN.cols, MASTER_PANE_ID);
    store.getState().setUi({ inputMode: 'insert' });
    await settle();
    expect(line().endsWith(COMMAND_LINE_HINTS)).toBe(true);
  });

  it('never grows wider than its row', () => {
    for (const width of [40, 50, 70]) {
      const { line } = renderBar(width);
      expect(line().split('\n')).toHaveLength(1);
      expect(Array.from(line()).length).toBeLessThanOrEqual(width);
      cleanup();
    }
  });
});

import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplayApp } from '../../../components/replay/ReplayApp.js';
import { clipNote } from '../../../components/replay/ReplayPaneFrame.js';
import { REPLAY_BADGE } from '../../../components/replay/ReplayStatus.js';
import { tooSmallMessage } from '../../../components/TooSmall.js';
import { GOTO_HINTS, REPLAY_HINTS } from '../../../src/replay/replayInput.js';
import { replayLayout } from '../../../src/replay/replayLayout.js';
import {
  createReplayStore,
  type ReplayPane,
  type ReplayState,
} from '../../../src/replay/replayStore.js';
import { makeTask } from '../../helpers/tasks.js';
import { SCREEN, cells, screenLines, settle } from '../support.js';

const T0 = new Date(2025, 0, 1, 9, 0, 0).getTime();

function pane(id: string, patch: Partial<ReplayPane> = {}): ReplayPane {
  return {
    id,
    name: id,
    role: null,
    command: 'bash',
    cols: 48,
    rows: 9,
    started: true,
    run: 1,
    ended: false,
    missing: false,
    ...patch,
  };
}

function makeStore(patch: Partial<ReplayState> = {}) {
  return createReplayStore({
    sessionId: '20250101-090000-abcd',
    label: 'demo',
    startedAt: T0,
    screen: { ...SCREEN },
    positionMs: 83_000,
    durationMs: 645_000,
    speed: 2,
    playing: true,
    markers: [
      { timeMs: 200_000, label: 'T1 done', panes: null },
      { timeMs: 400_000, label: 'T2 done', panes: null },
    ],
    panes: [
      pane('w1', { name: 'coder', role: 'coder', command: 'claude' }),
      pane('w2', { name: 'tester' }),
    ],
    layout: { panes: ['w1', 'w2'], focus: 'w1', zoom: null },
    log: [
      { at: T0 + 1_000, kind: 'task', text: 'T1 added: write the parser' },
      { at: T0 + 60_000, kind: 'decision', text: 'T1 → coder (capability: coder)' },
    ],
    tasks: [
      makeTask({
        id: 'T1',
        title: 'write the parser',
        status: 'running',
        assignee: 'w1',
        createdAt: T0,
      }),
    ],
    board: { finalState: 0, available: true },
    ...patch,
  });
}

afterEach(() => cleanup());

describe('ReplayApp', () => {
  it('draws the tiles, the master pane as it was, the timeline and the keys', () => {
    const store = makeStore();
    const view = render(<ReplayApp store={store} />);
    const lines = screenLines(view.lastFrame());
    const room = replayLayout(store.getState());
    expect(room.grid.kind).toBe('tiled');
    if (room.grid.kind !== 'tiled') return;
    const [w1, w2] = room.grid.panes;
    // The focused pane (the recorded focus) has the double border.
    expect(cells(lines, w1?.frame.y ?? 0, w1?.frame.x ?? 0, 40)).toMatch(
      /^╔═ 1 coder · claude · running · 48×9/,
    );
    expect(cells(lines, w2?.frame.y ?? 0, w2?.frame.x ?? 0, 40)).toMatch(
      /^┌─ 2 tester · bash · running/,
    );
    const master = room.grid.master;
    expect(lines[master?.frame.y ?? 0]).toContain('master · demo · as at 01:23');
    expect(lines[(master?.interior.y ?? 0) + 1]).toContain('T1 running write the parser');
    expect(lines.join('\n')).toContain('09:01:00 » T1 → coder (capability:');
    expect(lines[room.timeline.y]).toMatch(/^▶ 01:23 \/ 10:45 {2}×2 {2}─+●─+\|─+\|─+$/);
    expect(lines[room.statusBar.y]?.startsWith(`${REPLAY_BADGE} 20250101-090000-abcd `)).toBe(true);
    expect(lines[room.statusBar.y]).toContain(REPLAY_HINTS.slice(0, 40));
    expect(lines).toHaveLength(SCREEN.rows);
  });

  it('says when a recording is clipped to its tile', async () => {
    const store = makeStore();
    store.setState({ panes: [pane('w1', { cols: 200, rows: 50 }), pane('w2')] });
    const view = render(<ReplayApp store={store} />);
    await settle();
    const room = replayLayout(store.getState());
    if (room.grid.kind !== 'tiled') throw new Error('not tiled');
    const w1 = room.grid.panes[0];
    const note = clipNote({ cols: 200, rows: 50 }, w1?.interior ?? { width: 0, height: 0 });
    expect(note).toBe(
      `recorded 200×50, shown ${w1?.interior.width}×${w1?.interior.height} clipped`,
    );
    expect(screenLines(view.lastFrame())[w1?.frame.y ?? 0]).toContain('recorded 200×50, shown');
  });

  it('shows what is wrong with the recordings and how the board was made', async () => {
    const store = makeStore({
      issues: [
        { file: 'w1.cast', message: '3 unreadable lines skipped (first: line 12)' },
        { file: 'manifest.json', message: 'not JSON' },
        { file: 'w3.cast', message: 'missing' },
      ],
      board: { finalState: 2, available: true },
    });
    const view = render(<ReplayApp store={store} />);
    await settle();
    const text = screenLines(view.lastFrame()).join('\n');
    expect(text).toContain('▲ w1.cast: 3 unreadable lines skipped (first: line 12)');
    expect(text).toContain('▲ manifest.json: not JSON  +1 more');
    expect(text).toContain('2 tasks show their final state (log trimmed)');
  });

  it('shows the go-to prompt and its error in the status bar', async () => {
    const store = makeStore({ goTo: { text: 'T9', error: null } });
    const view = render(<ReplayApp store={store} />);
    await settle();
    const status = () => screenLines(view.lastFrame())[SCREEN.rows - 1] ?? '';
    expect(status()).toContain('go to: T9█');
    expect(status()).toContain(GOTO_HINTS.slice(0, 20));
    store.setState({ goTo: { text: 'T9', error: 'no such marker' } });
    await settle();
    expect(status()).toContain('go to: T9█  no such marker');
    store.setState({ goTo: null, notice: { text: '▸ T1 done', level: 'info' } });
    await settle();
    expect(status()).toContain('▸ T1 done');
  });

  it('follows a zoom: the pane fills the room and the timeline stays', async () => {
    const store = makeStore({ zoom: 'on', focus: 'w2' });
    const view = render(<ReplayApp store={store} />);
    await settle();
    const lines = screenLines(view.lastFrame());
    expect(lines[0]).toMatch(/^╔═ 2 tester/);
    expect(lines.join('\n')).not.toContain('master ·');
    expect(lines[SCREEN.rows - 2]).toMatch(/^▶ 01:23/);
  });

  it('asks for a bigger window when the room does not fit', async () => {
    const store = makeStore({ screen: { cols: 30, rows: 10 } });
    const view = render(<ReplayApp store={store} />);
    await settle();
    const room = replayLayout(store.getState());
    if (room.grid.kind !== 'tooSmall') throw new Error('expected too small');
    expect(screenLines(view.lastFrame()).join(' ')).toContain(
      tooSmallMessage({
        cols: 30,
        rows: 10,
        minCols: room.grid.minCols,
        minRows: room.grid.minRows,
      }).slice(0, 25),
    );
  });
});

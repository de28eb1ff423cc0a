import { rmSync } from 'node:fs';
import type { Terminal } from '@xterm/headless';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyReplayAction } from '../../../src/replay/replayInput.js';
import { ReplayPlayer, type ReplayPlayerOptions } from '../../../src/replay/replayPlayer.js';
import { openReplaySession } from '../../../src/replay/replaySession.js';
import { createReplayStore, type ReplayStore } from '../../../src/replay/replayStore.js';
import { rowToAnsi } from '../../../src/terminal/rowToAnsi.js';
import type { PaneScreen } from '../../../src/terminal/paneScreen.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import { IDLE_FROM_MS, RECORDED_SCREEN, recordSession, type RecordedSession } from './fixture.js';

let recorded: RecordedSession;
const players: ReplayPlayer[] = [];

beforeAll(async () => {
  recorded = await recordSession();
});
afterAll(() => {
  for (const screen of recorded.live.values()) screen.dispose();
  rmSync(recorded.home, { recursive: true, force: true });
});
afterEach(() => {
  for (const player of players.splice(0)) player.dispose();
});

async function openPlayer(
  options: Partial<ReplayPlayerOptions> = {},
): Promise<{ player: ReplayPlayer; store: ReplayStore; clock: FakeClock }> {
  const clock = new FakeClock();
  const store = createReplayStore({ screen: { ...RECORDED_SCREEN } });
  const session = await openReplaySession(recorded.sessionDir);
  const player = await ReplayPlayer.open({ session, store, clock, paused: true, ...options });
  players.push(player);
  return { player, store, clock };
}

/** Every row as ANSI and the cursor: equal screens are equal cell for cell. */
function cells(terminal: Terminal): { rows: string[]; cursor: string; size: string } {
  const buffer = terminal.buffer.active;
  const rows = Array.from({ length: terminal.rows }, (_, y) =>
    rowToAnsi(buffer.getLine(buffer.baseY + y), terminal.cols),
  );
  return {
    rows,
    cursor: `${buffer.cursorX},${buffer.cursorY}`,
    size: `${terminal.cols}x${terminal.rows}`,
  };
}

function liveCells(screen: PaneScreen): { rows: string[]; cursor: string; size: string } {
  const rows = Array.from({ length: screen.rows }, (_, y) => screen.renderRow(y));
  const cursor = screen.cursor();
  return { rows, cursor: `${cursor.x},${cursor.y}`, size: `${screen.cols}x${screen.rows}` };
}

function screensOf(player: ReplayPlayer, ids: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    ids.map((id) => {
      const terminal = (
        player as unknown as { session: { model: { screen(id: string): Terminal | null } } }
      ).session.model.screen(id);
      return [id, terminal ? cells(terminal) : null];
    }),
  );
}

describe('ReplayPlayer clock', () => {
  it('plays every pane on one clock, at the chosen speed', async () => {
    const { player, store, clock } = await openPlayer();
    expect(store.getState()).toMatchObject({ positionMs: 0, playing: false, speed: 1 });
    player.play();
    clock.advance(1_000);
    await player.settle();
    expect(player.positionMs).toBe(1_000);
    player.setSpeed(2);
    clock.advance(500);
    player.pause();
    await player.settle();
    expect(store.getState()).toMatchObject({ positionMs: 2_000, playing: false, speed: 2 });
    clock.advance(5_000);
    await player.settle();
    expect(store.getState().positionMs).toBe(2_000);
  });

  it('steps the speed between 0.25× and 16×, doubling', async () => {
    const { player, store } = await openPlayer();
    for (let i = 0; i < 6; i += 1) player.faster();
    expect(store.getState().speed).toBe(16);
    for (let i = 0; i < 8; i += 1) player.slower();
    expect(store.getState().speed).toBe(0.25);
  });

  it('seeks by 5 s and 60 s within the recording', async () => {
    const { player, store } = await openPlayer();
    await player.seekBy(5_000);
    expect(store.getState().positionMs).toBe(5_000);
    await player.seekBy(-60_000);
    expect(store.getState().positionMs).toBe(0);
    await player.seekBy(60_000);
    expect(store.getState().positionMs).toBe(recorded.endMs);
    expect(store.getState().durationMs).toBe(recorded.endMs);
  });

  it('goes to the next and previous marker, and says when there is none', async () => {
    const { player, store } = await openPlayer();
    const times = store.getState().markers.map((marker) => marker.timeMs);
    expect(times.length).toBeGreaterThan(2);
    // The first marker is at 0, where the player starts: "next" is the one after it.
    await player.nextMarker();
    expect(store.getState().positionMs).toBe(times[1]);
    expect(store.getState().notice?.text).toContain('T1 done');
    await player.nextMarker();
    expect(store.getState().positionMs).toBe(times[2]);
    await player.previousMarker();
    expect(store.getState().positionMs).toBe(times[1]);
    await player.seekTo(recorded.endMs);
    await player.nextMarker();
    expect(store.getState().notice?.text).toMatch(/^no marker after/);
    expect(store.getState().positionMs).toBe(recorded.endMs);
  });

  it('skips a marker just passed when going back while playing', async () => {
    const { player, store, clock } = await openPlayer();
    const times = store.getState().markers.map((marker) => marker.timeMs);
    await player.seekTo((times[2] ?? 0) + 200);
    await player.previousMarker();
    expect(store.getState().positionMs).toBe(times[2]);
    await player.seekTo((times[2] ?? 0) + 200);
    player.play();
    clock.advance(100);
    // Both markers within the last 1.5 s are passed over.
    await player.previousMarker();
    expect(player.positionMs).toBe(times[0]);
  });

  it('compresses idle gaps longer than --idle-limit', async () => {
    const { player, clock } = await openPlayer({ idleLimitS: 2 });
    // The panes fall silent soon after 4 s and speak again at 39 s.
    await player.seekTo(IDLE_FROM_MS - 5_000);
    player.play();
    clock.advance(3_000);
    await player.settle();
    const at = player.positionMs;
    expect(at).toBeGreaterThan(IDLE_FROM_MS + 20_000);
    clock.advance(2_000);
    await player.settle();
    expect(player.positionMs).toBe(recorded.endMs);
    expect(player.isPlaying).toBe(false);
  });

  it('plays the gap as recorded without --idle-limit', async () => {
    const { player, clock } = await openPlayer();
    await player.seekTo(IDLE_FROM_MS);
    player.play();
    clock.advance(3_000);
    await player.settle();
    expect(player.positionMs).toBe(IDLE_FROM_MS + 3_000);
  });

  it('stops at the end and starts over from the top on play', async () => {
    const { player, store, clock } = await openPlayer({ speed: 16 });
    await player.seekTo(recorded.endMs - 1_000);
    player.play();
    clock.advance(1_000);
    await player.settle();
    expect(store.getState()).toMatchObject({ playing: false, positionMs: recorded.endMs });
    expect(store.getState().notice?.text).toBe('end of the recording');
    player.play();
    expect(player.positionMs).toBe(0);
  });

  it('starts --from a time or a marker, and refuses one that is neither', async () => {
    expect((await openPlayer({ from: '0:02' })).store.getState().positionMs).toBe(2_000);
    const { store } = await openPlayer({ from: 'tester' });
    expect(store.getState().positionMs).toBe(
      store.getState().markers.find((marker) => marker.label === 'tester exited')?.timeMs,
    );
    await expect(openPlayer({ from: 'nowhere' })).rejects.toThrow(
      /--from nowhere: "nowhere" is neither/,
    );
  });

  it('goes to a time or a marker typed at the g prompt', async () => {
    const { player, store } = await openPlayer();
    applyReplayAction(player, { type: 'goto.open' });
    applyReplayAction(player, { type: 'goto.edit', text: 'wake' });
    await player.submitGoTo();
    expect(store.getState().goTo).toBeNull();
    expect(store.getState().positionMs).toBe(39_000);
    applyReplayAction(player, { type: 'goto.open' });
    applyReplayAction(player, { type: 'goto.edit', text: 'zzz' });
    await player.submitGoTo();
    expect(store.getState().goTo?.error).toContain('neither a time');
    applyReplayAction(player, { type: 'goto.cancel' });
    expect(store.getState().goTo).toBeNull();
  });
});

describe('ReplayPlayer screens', () => {
  it('ends on the screens the live panes showed, cell for cell', async () => {
    const { player } = await openPlayer();
    await player.seekTo(recorded.endMs);
    for (const [id, live] of recorded.live) {
      expect(screensOf(player, [id])[id], id).toEqual(liveCells(live));
      // What the compositor paints: the snapshot, at the same size as the live tile.
      const shown = player.screen(id);
      expect(`${shown.cols}x${shown.rows}`).toBe(`${live.cols}x${live.rows}`);
      for (let y = 0; y < live.rows; y += 1)
        expect(shown.renderRow(y), `${id} row ${y}`).toBe(live.renderRow(y));
      expect(shown.clipped).toBe(false);
    }
  });

  it('shows the same screens after playing to a moment as after seeking to it', async () => {
    const ids = ['w1', 'w2', 'w3'];
    for (const ms of [700, 2_450, 3_500, 4_150, 39_200]) {
      const played = await openPlayer({ speed: 4 });
      await played.player.seekTo(Math.max(0, ms - 2_000));
      played.player.play();
      const steps = 20;
      const from = played.player.positionMs;
      for (let i = 0; i < steps; i += 1) {
        played.clock.advance((ms - from) / 4 / steps);
        await played.player.settle();
      }
      played.player.pause();
      await played.player.settle();
      const seeked = await openPlayer();
      await seeked.player.seekTo(played.player.positionMs);
      expect(played.player.positionMs).toBeCloseTo(ms, 6);
      expect(screensOf(played.player, ids), `at ${ms} ms`).toEqual(screensOf(seeked.player, ids));
    }
  });

  it('follows the recorded layout, and lets the viewer zoom and focus', async () => {
    const { player, store } = await openPlayer();
    await player.seekTo(1_000);
    expect(store.getState().layout).toEqual({ panes: ['w1', 'w2'], focus: 'w2', zoom: null });
    expect(store.getState().panes.map((pane) => [pane.id, pane.started, pane.run])).toEqual([
      ['w1', true, 1],
      ['w2', true, 1],
      ['w3', false, 0],
    ]);
    applyReplayAction(player, { type: 'zoom' });
    expect(store.getState().zoom).toBe('on');
    // Zoomed, the pane's tile is wider than its recording: shown whole, not clipped.
    expect(player.screen('w2').clipped).toBe(false);
    applyReplayAction(player, { type: 'focus.index', index: 1 });
    expect(store.getState()).toMatchObject({ focus: 'w1', zoom: 'on' });
    applyReplayAction(player, { type: 'zoom' });
    expect(store.getState().zoom).toBe('off');
    applyReplayAction(player, { type: 'follow' });
    expect(store.getState()).toMatchObject({ focus: null, zoom: 'recorded' });
    await player.seekTo(4_200);
    expect(store.getState().layout?.zoom).toBe('w1');
    const w2 = store.getState().panes.find((pane) => pane.id === 'w2');
    expect(w2).toMatchObject({
      started: true,
      run: 2,
      ended: false,
      name: 'tester',
      role: 'tester',
    });
  });

  it('shows the event log and the board as they were', async () => {
    const { player, store } = await openPlayer();
    await player.seekTo(200);
    expect(store.getState().log.map((entry) => entry.text)).toEqual([
      'T1 added: write the parser',
      'T2 added: test the parser',
      'TASK_ASSIGNMENT T1 → coder: write the parser',
    ]);
    expect(store.getState().tasks.map((task) => [task.id, task.status])).toEqual([
      ['T1', 'assigned'],
      ['T2', 'pending'],
    ]);
    await player.seekTo(500);
    expect(store.getState().tasks[0]?.status).toBe('running');
    await player.seekTo(recorded.endMs);
    expect(store.getState().tasks.map((task) => [task.id, task.status])).toEqual([
      ['T1', 'done'],
      ['T2', 'pending'],
    ]);
    expect(store.getState().log).toHaveLength(recorded.log.length);
    expect(store.getState().board).toEqual({ finalState: 0, available: true });
  });
});

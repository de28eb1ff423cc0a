import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRecorder } from '../../../src/recording/sessionRecorder.js';
import { ReplayPlayer } from '../../../src/replay/replayPlayer.js';
import { openReplaySession } from '../../../src/replay/replaySession.js';
import { createReplayStore } from '../../../src/replay/replayStore.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import { makeTask } from '../../helpers/tasks.js';
import { RECORDED_SCREEN, WALL_START, recordSession, type RecordedSession } from './fixture.js';

let recorded: RecordedSession & { recorder: SessionRecorder; clock: FakeClock };

beforeAll(async () => {
  recorded = await recordSession({ close: false });
  // The control room is still running: this process plays its part.
  const file = join(recorded.sessionDir, 'state.json');
  const state = JSON.parse(readFileSync(file, 'utf8')) as { session: Record<string, unknown> };
  state.session = { ...state.session, ended: 'running', endedAt: null, pid: process.pid };
  writeFileSync(file, JSON.stringify(state));
});
afterAll(async () => {
  await recorded.recorder.close();
  for (const screen of recorded.live.values()) screen.dispose();
  rmSync(recorded.home, { recursive: true, force: true });
});

describe('replaying a session still running', () => {
  it('plays up to now and picks up what is recorded meanwhile', async () => {
    const { recorder } = recorded;
    const clock = new FakeClock();
    const store = createReplayStore({ screen: { ...RECORDED_SCREEN } });
    const session = await openReplaySession(recorded.sessionDir);
    expect(session.live).toBe(true);
    const player = await ReplayPlayer.open({
      session,
      store,
      clock,
      wallClock: () => WALL_START + recorder.now(),
      paused: true,
      refreshMs: 1_000,
    });
    try {
      const before = recorder.now();
      expect(store.getState()).toMatchObject({ live: true, durationMs: before });

      // Meanwhile in the control room: a new worker, more output, a marker.
      recorder.startPane('w4', { cols: 38, rows: 12, command: 'sh', title: 'late' });
      recorder.layoutChanged({ panes: ['w1', 'w2', 'w3', 'w4'], focus: 'w4', zoom: null });
      recorder.output('w4', 'LATE-w4\r\n');
      recorder.output('w1', 'MORE-w1\r\n');
      recorder.marker('late worker');
      const board = session.taskHistory?.at(Infinity)?.tasks ?? [];
      recorder.tasksChanged([...board, makeTask({ id: 'T3', title: 'late task' })], false);
      recorded.clock.advance(2_000);
      await recorder.flush();

      clock.advance(1_000);
      await player.settle();
      const state = store.getState();
      expect(state.durationMs).toBe(before + 2_000);
      expect(state.panes.map((pane) => pane.id)).toContain('w4');
      expect(state.markers.at(-1)?.label).toBe('late worker');

      // Playing at the live edge goes on: the end keeps moving.
      await player.seekTo(player.durationMs() - 100);
      player.play();
      recorded.clock.advance(1_000);
      clock.advance(500);
      await player.settle();
      expect(player.isPlaying).toBe(true);
      expect(player.positionMs).toBe(before + 2_400);
      player.pause();
      await player.settle();
      expect(player.screen('w4').rowText(0)).toBe('LATE-w4');
      expect(store.getState().layout?.panes).toEqual(['w1', 'w2', 'w3', 'w4']);
      // The task added meanwhile is on the board, read from the growing task history.
      expect(store.getState().tasks.map((task) => task.id)).toEqual(['T1', 'T2', 'T3']);
      // After w1's prompt, where its cursor was.
      const w1 = player.screen('w1');
      const rows = Array.from({ length: w1.rows }, (_, y) => w1.rowText(y));
      expect(rows).toContain('$ MORE-w1');
    } finally {
      player.dispose();
    }
  });
});

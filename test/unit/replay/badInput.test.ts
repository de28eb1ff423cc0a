import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../../src/persistence/home.js';
import type { SavedState } from '../../../src/persistence/schema.js';
import { exportSession } from '../../../src/replay/exportCast.js';
import { ReplayPlayer } from '../../../src/replay/replayPlayer.js';
import { findReplaySession, openReplaySession } from '../../../src/replay/replaySession.js';
import { createReplayStore } from '../../../src/replay/replayStore.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import { SESSION_ID, recordSession, type RecordedSession } from './fixture.js';

let recorded: RecordedSession;
let scratch: string;
beforeAll(async () => {
  recorded = await recordSession();
  scratch = mkdtempSync(join(tmpdir(), 'multibot-bad-'));
});
afterAll(() => {
  for (const screen of recorded.live.values()) screen.dispose();
  rmSync(recorded.home, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** A copy of the recorded session to damage, under its own id. */
function copy(id: string): { dir: string; recordings: string } {
  const dir = join(scratch, 'sessions', id);
  cpSync(recorded.sessionDir, dir, { recursive: true });
  return { dir, recordings: join(dir, 'recordings') };
}

async function play(dir: string, screen = { cols: 120, rows: 40 }) {
  const store = createReplayStore({ screen });
  const player = await ReplayPlayer.open({
    session: await openReplaySession(dir),
    store,
    clock: new FakeClock(),
    paused: true,
  });
  await player.seekTo(recorded.endMs);
  return { player, store };
}

describe('unknown sessions', () => {
  it('names the sessions folder and `multibot-tui sessions`', async () => {
    const home = paths(recorded.home);
    await expect(findReplaySession(home, '20240101-000000-zzzz')).rejects.toThrow(
      `There is no session 20240101-000000-zzzz in ${home.sessionsDir}.\n\`multibot-tui sessions\` lists the sessions there.`,
    );
    await expect(findReplaySession(home, '../etc')).rejects.toThrow(
      /is not a session id.*multibot-tui sessions/s,
    );
    await expect(openReplaySession(join(home.sessionsDir, '20240101-000000-zzzz'))).rejects.toThrow(
      /There is no session 20240101-000000-zzzz/,
    );
  });

  it('finds the newest recorded session when none is named, and says when there is none', async () => {
    expect(await findReplaySession(paths(recorded.home), null)).toBe(recorded.sessionDir);
    expect(await findReplaySession(paths(recorded.home), SESSION_ID)).toBe(recorded.sessionDir);
    const empty = mkdtempSync(join(tmpdir(), 'multibot-empty-'));
    try {
      mkdirSync(join(empty, 'sessions'));
      await expect(findReplaySession(paths(empty), null)).rejects.toThrow(
        /No recorded sessions in .*sessions yet/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('missing and damaged files', () => {
  it('refuses a session without a recordings folder, saying where it looked', async () => {
    const { dir, recordings } = copy('20250101-120001-aaaa');
    rmSync(recordings, { recursive: true });
    await expect(openReplaySession(dir)).rejects.toThrow(
      `Session 20250101-120001-aaaa has no recordings: ${recordings} does not exist.`,
    );
  });

  it('refuses an empty recordings folder', async () => {
    const { dir, recordings } = copy('20250101-120002-aaaa');
    rmSync(recordings, { recursive: true });
    mkdirSync(recordings);
    await expect(openReplaySession(dir)).rejects.toThrow(/cannot be replayed: no recordings found/);
  });

  it('plays the casts alone when the manifest is missing', async () => {
    const { dir, recordings } = copy('20250101-120003-aaaa');
    unlinkSync(join(recordings, 'manifest.json'));
    const { player, store } = await play(dir);
    try {
      // No layout was recorded: every pane that had started is tiled, each cast a pane.
      expect(store.getState().layout).toBeNull();
      // w2.2.cast is w2's second run, as the recorder names them.
      expect(store.getState().panes.map((pane) => pane.id)).toEqual(['w1', 'w2', 'w3']);
      expect(store.getState().panes.find((pane) => pane.id === 'w2')?.run).toBe(2);
      expect(player.screen('w1').rowText(0)).not.toBe('');
      expect(store.getState().issues).toEqual([]);
    } finally {
      player.dispose();
    }
  });

  it('falls back to the casts when the manifest is corrupt, and says so', async () => {
    const { dir, recordings } = copy('20250101-120004-aaaa');
    writeFileSync(join(recordings, 'manifest.json'), '{"version": 1, "panes": [');
    const { player, store } = await play(dir);
    try {
      expect(store.getState().issues).toEqual([
        { file: 'manifest.json', message: expect.stringContaining('is not JSON') as unknown },
      ]);
      expect(store.getState().panes.length).toBeGreaterThan(0);
    } finally {
      player.dispose();
    }
  });

  it('skips truncated and corrupt cast lines, counts them and shows them', async () => {
    const { dir, recordings } = copy('20250101-120005-aaaa');
    const cast = join(recordings, 'w3.cast');
    const firstBad = readFileSync(cast, 'utf8').split('\n').length;
    // A corrupt line in the middle, then a line cut short by a crash.
    appendFileSync(cast, 'not json at all\n[1.0, "o", "cut sho');
    unlinkSync(join(recordings, 'w3.keyframes.jsonl'));
    const { player, store } = await play(dir);
    try {
      expect(store.getState().issues).toEqual([
        { file: 'w3.cast', message: `2 unreadable lines skipped (first: line ${firstBad})` },
      ]);
      expect(player.screen('w3').rowText(0)).toBe('DONE-w3');
    } finally {
      player.dispose();
    }
    const exported = await exportSession({
      sessionDir: dir,
      worker: 'w3',
      out: join(scratch, 'w3.cast'),
    });
    expect(exported.issues).toEqual([{ file: 'w3.cast', message: '2 unreadable lines skipped' }]);
  });

  it('plays without a board when state.json is unreadable, and says so', async () => {
    const { dir, recordings } = copy('20250101-120006-aaaa');
    writeFileSync(join(dir, 'state.json'), '{broken');
    // A recording made before the task history: the saved state was the only board.
    unlinkSync(join(recordings, 'tasks.jsonl'));
    const { player, store } = await play(dir);
    try {
      expect(store.getState().issues).toEqual([
        { file: 'state.json', message: 'not JSON: no board or event log' },
      ]);
      expect(store.getState().board.available).toBe(false);
      expect(store.getState().panes.find((pane) => pane.id === 'w1')?.name).toBe('coder');
    } finally {
      player.dispose();
    }
  });

  it('keeps the recorded board when state.json is unreadable', async () => {
    const { dir } = copy('20250101-120010-aaaa');
    writeFileSync(join(dir, 'state.json'), '{broken');
    const { player, store } = await play(dir);
    try {
      expect(store.getState().issues).toEqual([
        { file: 'state.json', message: 'not JSON: no event log' },
      ]);
      expect(store.getState().board).toEqual({ finalState: 0, available: true });
      expect(store.getState().tasks.map((task) => [task.id, task.status])).toEqual([
        ['T1', 'done'],
        ['T2', 'pending'],
      ]);
    } finally {
      player.dispose();
    }
  });

  it('reports a missing cast and draws its pane empty', async () => {
    const { dir, recordings } = copy('20250101-120007-aaaa');
    unlinkSync(join(recordings, 'w3.cast'));
    const { player, store } = await play(dir);
    try {
      expect(store.getState().issues).toEqual([{ file: 'w3.cast', message: 'missing' }]);
      expect(store.getState().panes.find((pane) => pane.id === 'w3')).toMatchObject({
        missing: true,
      });
      expect(player.screen('w3').rows).toBe(0);
    } finally {
      player.dispose();
    }
  });
});

describe('a recording at another size', () => {
  it('is clipped to a smaller tile, keeping the cursor in view', async () => {
    const { player, store } = await play(recorded.sessionDir, { cols: 60, rows: 24 });
    try {
      const w1 = player.screen('w1');
      expect(w1.recorded).toEqual({ cols: 38, rows: 25 });
      expect(w1.clipped).toBe(true);
      expect(w1.cols).toBeLessThan(38);
      expect(w1.rows).toBeLessThan(25);
      // The bottom rows, where the cursor is, are the ones shown.
      const live = recorded.live.get('w1');
      const last = w1.rowText(w1.rows - 1);
      expect(live?.rowText(24).slice(0, w1.cols).trimEnd()).toBe(last.trimEnd());
      expect(w1.cursor().visible).toBe(true);
      expect(store.getState().screen).toEqual({ cols: 60, rows: 24 });
    } finally {
      player.dispose();
    }
  });
});

/**
 * A copy of the session whose saved log kept only its newest entries (from T1's
 * completion on), as a long session's does; `withHistory: false` as recorded before
 * there was a task history.
 */
function trimmedCopy(id: string, withHistory: boolean): string {
  const { dir, recordings } = copy(id);
  const file = join(dir, 'state.json');
  const state = JSON.parse(readFileSync(file, 'utf8')) as SavedState;
  const cut = recorded.log.findIndex((entry) => entry.text.startsWith('TASK_COMPLETE T1'));
  state.log = recorded.log.slice(cut);
  writeFileSync(file, JSON.stringify(state));
  if (!withHistory) unlinkSync(join(recordings, 'tasks.jsonl'));
  return dir;
}

/** The board and the issues at each of `times`. */
async function boardsAt(dir: string, times: readonly number[]) {
  const { player, store } = await play(dir);
  try {
    const boards = [];
    for (const ms of times) {
      await player.seekTo(ms);
      const { tasks, board, issues } = store.getState();
      boards.push({
        tasks: tasks.map((task) => [task.id, task.status, task.assignee, task.attempts]),
        finalState: board.finalState,
        issues,
      });
    }
    return boards;
  } finally {
    player.dispose();
  }
}

describe('a trimmed event log', () => {
  it('does not matter to the board from the task history', async () => {
    const dir = trimmedCopy('20250101-120020-aaaa', true);
    const [assigned, running, end] = await boardsAt(dir, [200, 500, recorded.endMs]);
    expect(assigned).toMatchObject({
      tasks: [
        ['T1', 'assigned', 'w1', 1],
        ['T2', 'pending', null, 0],
      ],
      finalState: 0,
    });
    expect(running?.tasks[0]).toEqual(['T1', 'running', 'w1', 1]);
    expect(end?.tasks).toEqual([
      ['T1', 'done', 'w1', 1],
      ['T2', 'pending', null, 0],
    ]);
  });

  it('leaves a recording without task history with final states, as before', async () => {
    const [assigned] = await boardsAt(trimmedCopy('20250101-120021-aaaa', false), [200]);
    // The log was trimmed past T1's beginning: it shows its final state (T2 never changed).
    expect(assigned).toMatchObject({
      tasks: [
        ['T1', 'done', 'w1', 1],
        ['T2', 'pending', null, 0],
      ],
      finalState: 1,
    });
  });

  it('with an unreadable line in the task history: skipped, and said', async () => {
    const dir = trimmedCopy('20250101-120022-aaaa', true);
    appendFileSync(join(dir, 'recordings', 'tasks.jsonl'), '{"kind":"change","t":\n');
    const [end] = await boardsAt(dir, [recorded.endMs]);
    expect(end?.issues).toContainEqual({
      file: 'tasks.jsonl',
      message: expect.stringMatching(/^1 unreadable line skipped \(first: line \d+\)$/) as string,
    });
    expect(end?.tasks[0]).toEqual(['T1', 'done', 'w1', 1]);
  });
});

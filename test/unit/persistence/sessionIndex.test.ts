import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDir, paths, type HomePaths } from '../../../src/persistence/home.js';
import type { SavedState } from '../../../src/persistence/schema.js';
import {
  latestSession,
  listSessions,
  processIsAlive,
  uncleanSession,
} from '../../../src/persistence/sessionIndex.js';
import { openSessionFile } from '../../../src/persistence/sessionStore.js';
import { makeSavedState, makeWorker } from './savedState.js';

let dir: string;
let home: HomePaths;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'multibot-index-'));
  home = paths(dir);
  mkdirSync(home.sessionsDir);
  writeFileSync(join(home.sessionsDir, '.gitkeep'), '');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that surely belongs to no process any more: a child that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

async function saveSession(
  id: string,
  session: Partial<SavedState['session']>,
  workers = 1,
): Promise<void> {
  await ensureDir(home.sessionDir(id));
  const base = makeSavedState();
  const state = makeSavedState({
    session: { ...base.session, id, ...session },
    workers: Array.from({ length: workers }, (_, i) => makeWorker({ id: `w${i}` })),
  });
  await (await openSessionFile(home.stateFile(id))).save(state);
}

describe('listSessions', () => {
  it('is empty without a sessions folder', async () => {
    expect(await listSessions(paths(join(dir, 'nowhere')))).toEqual([]);
  });

  it('lists sessions newest first, with their problems', async () => {
    await saveSession('20250101-090000-aaaa', {
      startedAt: '2025-01-01T09:00:00.000Z',
      ended: 'quit',
      endedAt: '2025-01-01T10:00:00.000Z',
    });
    await saveSession(
      '20250103-090000-cccc',
      { startedAt: '2025-01-03T09:00:00.000Z', repoRoot: '/repos/other', repoName: 'other' },
      3,
    );
    await ensureDir(home.sessionDir('20250102-090000-bbbb'));
    writeFileSync(home.stateFile('20250102-090000-bbbb'), '{ torn');
    await ensureDir(home.sessionDir('20250104-090000-dddd')); // never saved
    mkdirSync(join(home.sessionsDir, 'not-a-session'));

    const listed = await listSessions(home);
    expect(listed.map((s) => s.id)).toEqual([
      '20250104-090000-dddd',
      '20250103-090000-cccc',
      '20250102-090000-bbbb',
      '20250101-090000-aaaa',
    ]);
    expect(listed[1]).toMatchObject({
      kind: 'session',
      repoRoot: '/repos/other',
      repoName: 'other',
      workers: 3,
      ended: 'running',
    });
    expect(listed[2]).toMatchObject({ kind: 'unreadable', problem: /not valid JSON/ });
    expect(listed[0]).toMatchObject({ kind: 'unreadable', problem: /missing/ });
    expect(listed[3]).toMatchObject({ kind: 'session', ended: 'quit', workers: 1 });
  });

  it('filters by repository but keeps the unreadable ones', async () => {
    await saveSession('20250101-090000-aaaa', { startedAt: '2025-01-01T09:00:00.000Z' });
    await saveSession('20250103-090000-cccc', { repoRoot: '/repos/other' });
    await ensureDir(home.sessionDir('20250102-090000-bbbb'));
    writeFileSync(home.stateFile('20250102-090000-bbbb'), '{}');
    const listed = await listSessions(home, { repoRoot: '/repos/demo/' });
    expect(listed.map((s) => s.id)).toEqual(['20250102-090000-bbbb', '20250101-090000-aaaa']);
  });
});

describe('latestSession', () => {
  it('is the newest readable session of the repository', async () => {
    await saveSession('20250101-090000-aaaa', { startedAt: '2025-01-01T09:00:00.000Z' });
    await saveSession('20250102-090000-bbbb', { startedAt: '2025-01-02T09:00:00.000Z' });
    await saveSession('20250103-090000-cccc', {
      startedAt: '2025-01-03T09:00:00.000Z',
      repoRoot: '/repos/other',
    });
    expect((await latestSession(home, '/repos/demo'))?.id).toBe('20250102-090000-bbbb');
    expect(await latestSession(home, '/repos/none')).toBeNull();
  });
});

describe('uncleanSession', () => {
  it('finds the last session when it still says running and its control room is gone', async () => {
    await saveSession('20250101-090000-aaaa', {
      startedAt: '2025-01-01T09:00:00.000Z',
      pid: deadPid(),
    });
    expect((await uncleanSession(home, '/repos/demo'))?.id).toBe('20250101-090000-aaaa');
  });

  it('ignores a session whose control room is still alive', async () => {
    await saveSession('20250101-090000-aaaa', { pid: process.pid });
    expect(await uncleanSession(home, '/repos/demo')).toBeNull();
  });

  it('ignores it when a later session ended cleanly', async () => {
    await saveSession('20250101-090000-aaaa', {
      startedAt: '2025-01-01T09:00:00.000Z',
      pid: deadPid(),
    });
    await saveSession('20250102-090000-bbbb', {
      startedAt: '2025-01-02T09:00:00.000Z',
      ended: 'quit',
      endedAt: '2025-01-02T10:00:00.000Z',
    });
    expect(await uncleanSession(home, '/repos/demo')).toBeNull();
  });

  it('looks past sessions running right now in another control room', async () => {
    await saveSession('20250101-090000-aaaa', {
      startedAt: '2025-01-01T09:00:00.000Z',
      pid: 111,
    });
    await saveSession('20250102-090000-bbbb', {
      startedAt: '2025-01-02T09:00:00.000Z',
      pid: 222,
    });
    const isAlive = (pid: number): boolean => pid === 222;
    expect((await uncleanSession(home, '/repos/demo', { isAlive }))?.id).toBe(
      '20250101-090000-aaaa',
    );
  });

  it('tells live pids from dead ones', () => {
    expect(processIsAlive(process.pid)).toBe(true);
    expect(processIsAlive(deadPid())).toBe(false);
  });
});

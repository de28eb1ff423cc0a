import { describe, expect, it } from 'vitest';
import { DiffRefresher } from '../../../src/engine/diffRefresher.js';
import { createAppStore } from '../../../src/store/store.js';
import type { DiffSummary } from '../../../src/store/workersSlice.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import { makeWorker } from '../../ui/support.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));
const diff = (files: number): DiffSummary => ({
  files,
  insertions: files * 2,
  deletions: 0,
  commitsAhead: 0,
  uncommitted: files,
});

describe('DiffRefresher', () => {
  it('refreshes workers with worktrees, one at a time, and again after the interval', async () => {
    const store = createAppStore();
    store.getState().addWorker(makeWorker({ id: 'a', name: 'a', worktree: '/wt/a' }));
    store.getState().addWorker(makeWorker({ id: 'b', name: 'b' }));
    const clock = new FakeClock();
    const asked: string[] = [];
    let files = 1;
    const refresher = new DiffRefresher({
      store,
      clock,
      intervalMs: 1000,
      summarize: async (worktree) => {
        asked.push(worktree);
        return diff(files);
      },
    });
    refresher.start();
    await flush();
    expect(asked).toEqual(['/wt/a']);
    expect(store.getState().workers.a!.diff).toEqual(diff(1));
    expect(store.getState().workers.b!.diff).toBeNull();
    files = 3;
    clock.advance(1000);
    await flush();
    expect(store.getState().workers.a!.diff).toEqual(diff(3));
    refresher.stop();
    clock.advance(5000);
    await flush();
    expect(asked).toHaveLength(2);
  });

  it('reports a failing worktree and keeps going', async () => {
    const store = createAppStore();
    store.getState().addWorker(makeWorker({ id: 'a', name: 'a', worktree: '/gone' }));
    const errors: string[] = [];
    const refresher = new DiffRefresher({
      store,
      clock: new FakeClock(),
      summarize: async () => {
        throw new Error('not a git repository');
      },
      onError: (id) => errors.push(id),
    });
    await refresher.refreshAll();
    expect(errors).toEqual(['a']);
    refresher.stop();
  });
});

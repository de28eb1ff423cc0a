import type { SavedState } from '../../../src/persistence/schema.js';
import { makeSavedState, makeWorker } from './savedState.js';

/**
 * The n-th state the crash child saves: it grows with n (more log entries, more
 * workers), so a torn write would show as bad JSON or a state that was never saved.
 */
export function crashState(n: number): SavedState {
  return makeSavedState({
    workers: Array.from({ length: 1 + (n % 7) }, (_, i) =>
      makeWorker({ id: `w${i}`, name: `worker-${i}`, agentSessionId: `agent-${n}-${i}` }),
    ),
    layout: { mode: 'grid', focus: `w${n % 7}`, zoom: n % 2 === 0 },
    log: [
      { savedCount: n },
      ...Array.from({ length: Math.min(n, 499) }, (_, i) => ({
        at: i,
        kind: 'info',
        text: `save ${n}, entry ${i}: ${'x'.repeat(i % 40)}`,
      })),
    ],
  });
}

/** Which n a saved state is, read back from its first log entry. */
export function crashStateNumber(state: SavedState): number {
  const [first] = state.log ?? [];
  const n = (first as { savedCount?: unknown } | undefined)?.savedCount;
  if (typeof n !== 'number') throw new Error('not a crash-test state');
  return n;
}

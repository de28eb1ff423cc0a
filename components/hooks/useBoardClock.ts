import { useEffect, useMemo, useState } from 'react';
import type { Task } from '../../src/orchestrator/types.js';
import { nextBoardChange } from '../TaskBoard.js';

/**
 * The time the task board is drawn at. It moves only when the board would look
 * different — the next age to tick over ("59s" → "1m", then once a minute), a
 * backoff to end — not every second regardless: each render is a whole Ink frame.
 * Read afresh whenever the tasks change, so a new task never ages from a stale clock.
 */
export function useBoardClock(tasks: readonly Task[]): number {
  const [tick, setTick] = useState(0);
  // `tick` is not read: it is the timer's way to have the clock read again.
  const now = useMemo(() => Date.now(), [tasks, tick]);
  useEffect(() => {
    const due = nextBoardChange(tasks, now);
    if (due === null) return undefined;
    // On the next whole second: tasks created at different moments tick over together,
    // once a second at most, each at most a second late. And a millisecond late rather
    // than early: an early timer would draw the same board again.
    const at = Math.ceil(due / 1000) * 1000;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.max(0, at - Date.now()) + 1);
    return () => clearTimeout(timer);
  }, [tasks, now]);
  return now;
}

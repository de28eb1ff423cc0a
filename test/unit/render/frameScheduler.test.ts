import { describe, expect, it } from 'vitest';
import { FrameScheduler, type FrameRequest } from '../../../src/render/frameScheduler.js';
import { FakeClock } from '../../helpers/fakeClock.js';

function setup() {
  const clock = new FakeClock();
  const frames: { at: number; panes: string[]; chrome: boolean }[] = [];
  const scheduler = new FrameScheduler({
    clock,
    focusedIntervalMs: 16,
    otherIntervalMs: 66,
    paint: (request: FrameRequest) =>
      frames.push({ at: clock.now(), panes: [...request.panes].sort(), chrome: request.chrome }),
  });
  return { clock, frames, scheduler };
}

describe('FrameScheduler', () => {
  it('paints a first change at once (leading edge), in one frame per tick', () => {
    const { clock, frames, scheduler } = setup();
    scheduler.markPane('a');
    scheduler.markPane('b');
    scheduler.markChrome();
    expect(frames).toEqual([]);
    clock.advance(0);
    expect(frames).toEqual([{ at: 1000, panes: ['a', 'b'], chrome: true }]);
  });

  it('caps the focused pane at its interval and other panes at theirs', () => {
    const { clock, frames, scheduler } = setup();
    scheduler.setFocused('f');
    // A flood: both panes change every millisecond for 200 ms.
    for (let t = 0; t < 200; t++) {
      scheduler.markPane('f');
      scheduler.markPane('o');
      clock.advance(1);
    }
    clock.advance(100);
    const focusedPaints = frames.filter((frame) => frame.panes.includes('f')).length;
    const otherPaints = frames.filter((frame) => frame.panes.includes('o')).length;
    expect(focusedPaints).toBeGreaterThanOrEqual(12);
    expect(focusedPaints).toBeLessThanOrEqual(14);
    expect(otherPaints).toBeGreaterThanOrEqual(3);
    expect(otherPaints).toBeLessThanOrEqual(5);
    for (let i = 1; i < frames.length; i++) {
      const previous = frames.slice(0, i).reverse();
      for (const pane of frames[i]!.panes) {
        const last = previous.find((frame) => frame.panes.includes(pane));
        if (last) expect(frames[i]!.at - last.at).toBeGreaterThanOrEqual(pane === 'f' ? 16 : 66);
      }
    }
  });

  it('never drops a change: the last change of a burst is painted (no trailing loss)', () => {
    const { clock, frames, scheduler } = setup();
    scheduler.markPane('o');
    clock.advance(0);
    scheduler.markPane('o');
    clock.advance(10);
    expect(frames).toHaveLength(1);
    clock.advance(60);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toMatchObject({ at: 1066, panes: ['o'] });
  });

  it('paints a keystroke echo after a quiet period without waiting', () => {
    const { clock, frames, scheduler } = setup();
    scheduler.setFocused('f');
    scheduler.markPane('f');
    clock.advance(500);
    scheduler.markPane('f');
    clock.advance(0);
    expect(frames.map((frame) => frame.at)).toEqual([1000, 1500]);
  });

  it('stops after dispose', () => {
    const { clock, frames, scheduler } = setup();
    scheduler.markPane('a');
    scheduler.dispose();
    clock.advance(100);
    expect(frames).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});

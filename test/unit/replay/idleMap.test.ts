import { describe, expect, it } from 'vitest';
import { IdleMap, faster, slower, speedLabel } from '../../../src/replay/idleMap.js';

describe('IdleMap', () => {
  const map = IdleMap.fromBusy(
    [
      { start: 0, end: 1_000 },
      { start: 500, end: 2_000 },
      // 2 s → 12 s: a 10 s gap, shown in 2 s.
      { start: 12_000, end: 13_000 },
      // 13 s → 14.5 s: shorter than the limit, kept.
      { start: 14_500, end: 15_000 },
      // 15 s → 35 s: 20 s shown in 2 s.
      { start: 35_000, end: 36_000 },
    ],
    2_000,
  );

  it('finds the gaps longer than the limit', () => {
    expect(map.gaps).toEqual([
      { start: 2_000, end: 12_000 },
      { start: 15_000, end: 35_000 },
    ]);
  });

  it('plays each long gap in the limit, linearly', () => {
    expect(map.toPlayback(1_000)).toBe(1_000);
    expect(map.toPlayback(2_000)).toBe(2_000);
    expect(map.toPlayback(7_000)).toBe(3_000);
    expect(map.toPlayback(12_000)).toBe(4_000);
    expect(map.toPlayback(14_000)).toBe(6_000);
    expect(map.toPlayback(35_000)).toBe(9_000);
    expect(map.toPlayback(36_000)).toBe(10_000);
  });

  it('maps back exactly', () => {
    for (let ms = 0; ms <= 40_000; ms += 250) {
      expect(map.toSession(map.toPlayback(ms))).toBeCloseTo(ms, 6);
    }
    expect(map.toSession(3_000)).toBe(7_000);
  });

  it('is the identity without gaps', () => {
    const none = IdleMap.none();
    expect(none.toPlayback(12_345)).toBe(12_345);
    expect(none.toSession(12_345)).toBe(12_345);
    expect(IdleMap.fromBusy([{ start: 0, end: 10 }], 2_000).gaps).toEqual([]);
  });
});

describe('speeds', () => {
  it('double and halve between 0.25× and 16×', () => {
    const up: number[] = [];
    let speed = 1;
    for (let i = 0; i < 6; i += 1) up.push((speed = faster(speed)));
    expect(up).toEqual([2, 4, 8, 16, 16, 16]);
    const down: number[] = [];
    for (let i = 0; i < 8; i += 1) down.push((speed = slower(speed)));
    expect(down).toEqual([8, 4, 2, 1, 0.5, 0.25, 0.25, 0.25]);
    expect(speedLabel(0.25)).toBe('×0.25');
  });
});

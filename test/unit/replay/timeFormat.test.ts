import { describe, expect, it } from 'vitest';
import { formatClock, parseTime, resolveGoTo } from '../../../src/replay/timeFormat.js';

const markers = [
  { timeMs: 1_000, label: 'T1 → coder', panes: ['w1'] },
  { timeMs: 5_000, label: 'T1 done', panes: ['w1'] },
  { timeMs: 9_000, label: 'T2 → tester', panes: ['w2'] },
  { timeMs: 12_000, label: 'tester: waiting · permission prompt (hook)', panes: ['w2'] },
];

describe('formatClock', () => {
  it('shows minutes and seconds, and hours once there are some', () => {
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(83_999)).toBe('01:23');
    expect(formatClock(645_000)).toBe('10:45');
    expect(formatClock(3_723_000)).toBe('1:02:03');
    expect(formatClock(-5)).toBe('00:00');
  });
});

describe('parseTime', () => {
  it('reads seconds, mm:ss and hh:mm:ss', () => {
    expect(parseTime('90')).toBe(90_000);
    expect(parseTime('90s')).toBe(90_000);
    expect(parseTime('1.5')).toBe(1_500);
    expect(parseTime('1:30')).toBe(90_000);
    expect(parseTime(' 01:02:03 ')).toBe(3_723_000);
  });

  it('reads +/- as relative to the position', () => {
    expect(parseTime('+30', 10_000)).toBe(40_000);
    expect(parseTime('-1:00', 90_000)).toBe(30_000);
  });

  it('refuses what is not a time', () => {
    for (const text of ['', 'abc', '1:60', '1::2', 'T1', '1:2:3:4']) {
      expect(parseTime(text), text).toBeNull();
    }
  });
});

describe('resolveGoTo', () => {
  it('goes to a time first', () => {
    expect(resolveGoTo('1:30', markers)).toEqual({ ok: true, ms: 90_000, what: '01:30' });
  });

  it('goes to the first marker whose label starts with the text, case-insensitive', () => {
    expect(resolveGoTo('t1 d', markers)).toMatchObject({ ok: true, ms: 5_000 });
    expect(resolveGoTo('T1', markers)).toMatchObject({ ok: true, ms: 1_000 });
  });

  it('prefers the next matching marker after the position', () => {
    expect(resolveGoTo('T1', markers, 2_000)).toMatchObject({ ok: true, ms: 5_000 });
    expect(resolveGoTo('T1', markers, 6_000)).toMatchObject({ ok: true, ms: 1_000 });
  });

  it('falls back to a label containing the text', () => {
    expect(resolveGoTo('permission', markers)).toMatchObject({ ok: true, ms: 12_000 });
  });

  it('says why when nothing matches', () => {
    const result = resolveGoTo('nothing', markers);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('"nothing" is neither a time');
    expect(resolveGoTo('  ', markers).ok).toBe(false);
  });
});

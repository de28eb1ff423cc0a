import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/orchestrator/duration.js';

describe('formatDuration', () => {
  it('keeps seconds up to two minutes, then minutes, then hours', () => {
    expect([0, 1_400, 90_000, 119_000, 120_000, 3 * 3_600_000].map(formatDuration)).toEqual([
      '0 s',
      '1 s',
      '90 s',
      '119 s',
      '2 min',
      '3 h',
    ]);
  });

  it('never shows a negative duration', () => {
    expect(formatDuration(-5_000)).toBe('0 s');
  });
});

import { describe, expect, it } from 'vitest';
import { parseReplayOptions } from '../../../src/replay/replayOptions.js';

describe('parseReplayOptions', () => {
  it('reads speed, from and idle limit', () => {
    expect(parseReplayOptions({})).toEqual({});
    expect(parseReplayOptions({ speed: '2', from: '1:30', idleLimit: '5' })).toEqual({
      speed: 2,
      from: '1:30',
      idleLimitS: 5,
    });
    expect(parseReplayOptions({ speed: '0.25x', idleLimit: '1.5s' })).toEqual({
      speed: 0.25,
      idleLimitS: 1.5,
    });
  });

  it('refuses values out of range, as usage errors', () => {
    for (const values of [{ speed: '32' }, { speed: 'fast' }, { idleLimit: '0' }, { from: ' ' }]) {
      try {
        parseReplayOptions(values);
        expect.unreachable(JSON.stringify(values));
      } catch (error) {
        expect((error as { exitCode: number }).exitCode).toBe(2);
        expect((error as Error).message).toMatch(/^multibot-tui: --/);
      }
    }
  });
});

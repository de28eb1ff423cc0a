import { describe, expect, it } from 'vitest';
import {
  isSessionId,
  newSessionId,
  parseSessionId,
  sessionIdTime,
} from '../../../src/persistence/sessionId.js';
import { UserError } from '../../../src/util/errors.js';

describe('session ids', () => {
  it('read as the UTC start time plus 4 random base36 characters', () => {
    const at = new Date(Date.UTC(2025, 0, 31, 14, 5, 9));
    expect(newSessionId(at, () => 0)).toBe('20250131-140509-0000');
    expect(newSessionId(at, (max) => max - 1)).toBe('20250131-140509-zzzz');
  });

  it('sort by time and differ within one second', () => {
    const a = newSessionId(new Date(Date.UTC(2025, 0, 31, 9, 59, 59)));
    const b = newSessionId(new Date(Date.UTC(2025, 0, 31, 10, 0, 0)));
    expect([b, a].sort()).toEqual([a, b]);
    const now = new Date();
    const many = new Set(Array.from({ length: 200 }, () => newSessionId(now)));
    expect(many.size).toBeGreaterThan(195);
    for (const id of many) expect(isSessionId(id)).toBe(true);
  });

  it('carry their start time', () => {
    expect(sessionIdTime('20250131-140509-0000')).toBe(Date.UTC(2025, 0, 31, 14, 5, 9));
    expect(sessionIdTime('nope')).toBeNaN();
  });

  it('from the command line: accepted exactly, trimmed', () => {
    expect(parseSessionId(' 20250131-140509-ab12 ')).toBe('20250131-140509-ab12');
  });

  it.each([
    '../20250131-140509-ab12',
    '20250131-140509-ab12/..',
    '/tmp/x',
    '..',
    '',
    'x',
    '20250131-140509-AB12',
  ])('from the command line: refuses %j', (input) => {
    expect(() => parseSessionId(input)).toThrow(UserError);
    expect(() => parseSessionId(input)).toThrow(/multibot-tui sessions/);
  });
});

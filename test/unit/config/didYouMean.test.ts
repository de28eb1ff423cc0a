import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../../src/config/didYouMean.js';

describe('didYouMean', () => {
  const keys = ['args', 'resumeArgs', 'command', 'promptDelivery'];

  it('finds typos, swapped letters and case slips', () => {
    expect(didYouMean('argz', keys)).toBe('args');
    expect(didYouMean('comand', keys)).toBe('command');
    expect(didYouMean('cmomand', keys)).toBe('command');
    expect(didYouMean('ResumeArgs', keys)).toBe('resumeArgs');
    expect(didYouMean('promptDelivry', keys)).toBe('promptDelivery');
  });

  it('says nothing when no known word is close', () => {
    expect(didYouMean('colour', keys)).toBeNull();
    expect(didYouMean('x', [])).toBeNull();
  });
});

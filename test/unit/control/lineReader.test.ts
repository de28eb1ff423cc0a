import { describe, expect, it } from 'vitest';
import { LineReader } from '../../../src/control/lineReader.js';

describe('LineReader', () => {
  it('splits lines across chunks and strips CR', () => {
    const reader = new LineReader(100);
    expect(reader.push(Buffer.from('ab'))).toEqual({ lines: [], overflow: false });
    expect(reader.push(Buffer.from('c\r\nde\nf'))).toEqual({
      lines: ['abc', 'de'],
      overflow: false,
    });
    expect(reader.flush()).toBe('f');
    expect(reader.flush()).toBeNull();
  });

  it('decodes a UTF-8 character split between chunks', () => {
    const reader = new LineReader(100);
    const bytes = Buffer.from('é\n');
    reader.push(bytes.subarray(0, 1));
    expect(reader.push(bytes.subarray(1)).lines).toEqual(['é']);
  });

  it('accepts a line of exactly the limit', () => {
    expect(new LineReader(4).push(Buffer.from('abcd\n')).lines).toEqual(['abcd']);
  });

  it('overflows as soon as an unterminated line passes the limit, and stays overflowed', () => {
    const reader = new LineReader(4);
    expect(reader.push(Buffer.from('ok\nabc'))).toEqual({ lines: ['ok'], overflow: false });
    expect(reader.push(Buffer.from('de'))).toEqual({ lines: [], overflow: true });
    expect(reader.hasOverflowed).toBe(true);
    expect(reader.push(Buffer.from('\nfine\n'))).toEqual({ lines: [], overflow: true });
    expect(reader.flush()).toBeNull();
  });

  it('overflows on a terminated line that is too long', () => {
    expect(new LineReader(2).push(Buffer.from('a\nabc\nb\n'))).toEqual({
      lines: ['a'],
      overflow: true,
    });
  });
});

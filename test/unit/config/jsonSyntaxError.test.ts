import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineAndColumn } from '../../../src/config/jsonSyntaxError.js';

const at = (text: string) => {
  const error = findJsonSyntaxError(text);
  return error && { line: error.line, column: error.column, message: error.message };
};

describe('findJsonSyntaxError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of [
      '{}',
      ' [ ] ',
      '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9\\"", {"b": {}}]}',
      '"just a string"',
      '0',
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonSyntaxError(text)).toBeNull();
    }
  });

  it('places each common mistake at its line and column', () => {
    expect(at('{\n  "a": 1,\n}')).toEqual({
      line: 3,
      column: 1,
      message: 'JSON does not allow a comma before "}"',
    });
    expect(at('[1, 2,]')).toMatchObject({
      line: 1,
      column: 7,
      message: expect.stringContaining('"]"'),
    });
    expect(at('{\n  // note\n  "a": 1\n}')).toEqual({
      line: 2,
      column: 3,
      message: 'JSON does not allow comments',
    });
    expect(at("{'a': 1}")).toMatchObject({
      column: 2,
      message: expect.stringContaining('double quotes'),
    });
    expect(at('{"a": 1 "b": 2}')).toMatchObject({
      column: 9,
      message: `expected "," or "}" after a property value, found '"'`,
    });
    expect(at('{"a": yes}')).toMatchObject({
      column: 7,
      message: 'unexpected word "yes"; strings need double quotes',
    });
    expect(at('{"a": "open\n}')).toMatchObject({
      line: 1,
      column: 7,
      message: 'unterminated string',
    });
    expect(at('{"a": 01}')).toMatchObject({ column: 8 });
    expect(at('{"a": 1')).toMatchObject({
      column: 8,
      message: expect.stringContaining('end of file'),
    });
    expect(at('')).toMatchObject({ line: 1, column: 1 });
    expect(at('{} {}')).toMatchObject({
      column: 4,
      message: expect.stringContaining('after the end'),
    });
  });

  it('agrees with JSON.parse on which texts are invalid', () => {
    for (const text of ['{"a":1,}', '[,]', '{"a"}', '{"a":"\\x"}', 'nul', '-', '1.', '{"a":1}}']) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(findJsonSyntaxError(text), text).not.toBeNull();
    }
  });
});

describe('lineAndColumn', () => {
  it('counts from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import { mergeLayers } from '../../../src/config/mergeLayers.js';

describe('mergeLayers', () => {
  it('merges objects key by key at every depth and replaces arrays and scalars whole', () => {
    const { value, sources } = mergeLayers([
      { file: 'a', json: { n: 1, list: [1, 2], deep: { x: { p: 1, q: 2 } } } },
      { file: 'b', json: { list: [3], deep: { x: { q: 3 }, y: {} } } },
    ]);
    expect(value).toEqual({ n: 1, list: [3], deep: { x: { p: 1, q: 3 }, y: {} } });
    expect(sources).toEqual({
      n: 'a',
      list: 'b',
      'deep.x.p': 'a',
      'deep.x.q': 'b',
      'deep.y': 'b',
    });
  });

  it('forgets the sources below a value that replaced an object', () => {
    const { value, sources } = mergeLayers([
      { file: 'a', json: { k: { inner: 1 } } },
      { file: 'b', json: { k: [1] } },
    ]);
    expect(value).toEqual({ k: [1] });
    expect(sources).toEqual({ k: 'b' });
  });

  it('does not mutate its inputs', () => {
    const first = { o: { a: 1 } };
    mergeLayers([
      { file: 'a', json: first },
      { file: 'b', json: { o: { b: 2 } } },
    ]);
    expect(first).toEqual({ o: { a: 1 } });
  });

  it('treats "__proto__" from JSON as a plain key, never as the prototype', () => {
    const { value } = mergeLayers([
      { file: 'a', json: JSON.parse('{"__proto__": {"polluted": 1}}') },
    ]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(value)).toEqual(['__proto__']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PREFIX_KEY,
  findNavigateBinding,
  helpEntries,
  helpEntriesFor,
  navigateBindings,
  parsePrefixKey,
} from '../../../src/input/keymap.js';
import { InputTokenizer } from '../../../src/input/tokenizer.js';
import type { KeyToken } from '../../../src/input/types.js';

function keyOf(raw: string): KeyToken {
  const tokenizer = new InputTokenizer();
  const [token] = [...tokenizer.push(raw), ...tokenizer.flush()];
  if (token?.kind !== 'key') throw new Error(`not a key: ${JSON.stringify(raw)}`);
  return token;
}

describe('parsePrefixKey', () => {
  it.each([
    ['C-b', '\x02', 'Ctrl-b'],
    ['c-b', '\x02', 'Ctrl-b'],
    ['Ctrl-b', '\x02', 'Ctrl-b'],
    ['ctrl+a', '\x01', 'Ctrl-a'],
    ['CTRL+A', '\x01', 'Ctrl-a'],
    ['Control-a', '\x01', 'Ctrl-a'],
    [' C-s ', '\x13', 'Ctrl-s'],
    ['C-z', '\x1a', 'Ctrl-z'],
  ])('accepts %j', (spec, byte, label) => {
    expect(parsePrefixKey(spec)).toEqual({ byte, label });
  });

  it.each(['', 'b', 'C-', 'C-bb', 'C-1', 'Alt-b', 'M-b', 'C b', '^b', 'Ctrl-Enter', 'C-é'])(
    'rejects %j, naming the value and the accepted forms',
    (spec) => {
      expect(() => parsePrefixKey(spec)).toThrow(JSON.stringify(spec));
      expect(() => parsePrefixKey(spec)).toThrow(/C-b, Ctrl-b or ctrl\+b/);
    },
  );

  it.each([
    ['C-i', 'Tab'],
    ['C-m', 'Enter'],
    ['C-h', 'Backspace'],
  ])('rejects %j, whose byte is %s', (spec, clash) => {
    expect(() => parsePrefixKey(spec)).toThrow(clash);
  });

  it('defaults to Ctrl-b', () => {
    expect(DEFAULT_PREFIX_KEY).toEqual({ byte: '\x02', label: 'Ctrl-b' });
  });
});

describe('navigate bindings', () => {
  it('every binding has a help entry in the Navigate group', () => {
    const navigate = helpEntries.filter((entry) => entry.group === 'Navigate');
    for (const binding of navigateBindings) {
      expect(navigate.map((entry) => entry.keys)).toContain(binding.label);
    }
    expect(navigate).toHaveLength(new Set(navigateBindings.map((b) => b.label)).size);
  });

  it('binds no key twice', () => {
    const keys = navigateBindings.flatMap((b) => b.keys.map((key) => JSON.stringify(key)));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    ['h', 'focus.move'],
    ['\x1b[D', 'focus.move'],
    ['5', 'focus.index'],
    ['\t', 'focus.cycle'],
    ['\x1b[Z', 'focus.cycle'],
    ['z', 'layout.zoom'],
    ['L', 'layout.cycle'],
    ['\r', 'mode.set'],
    ['\x1b[5~', 'worker.scroll'],
    ['\x1b[F', 'worker.scrollToBottom'],
    ['\x1bOF', 'worker.scrollToBottom'],
  ])('finds the binding for %j', (raw, type) => {
    expect(findNavigateBinding(keyOf(raw))?.commands('w1')[0]?.type).toBe(type);
  });

  it.each([
    ['Ctrl-h', '\x08'],
    ['Alt-h', '\x1bh'],
    ['Ctrl-up', '\x1b[1;5A'],
    ['lowercase l is not L', 'g'],
    ['Escape', '\x1b'],
  ])('binds nothing to %s', (_name, raw) => {
    expect(findNavigateBinding(keyOf(raw))).toBeUndefined();
  });
});

describe('help entries', () => {
  it('covers every group', () => {
    const groups = new Set(helpEntries.map((entry) => entry.group));
    expect([...groups]).toEqual(['Navigate', 'Insert mode (prefix keys)', 'Mouse', 'Dialogs']);
  });

  it('writes the prefix as configured', () => {
    const insert = helpEntriesFor('Ctrl-a').filter((e) => e.group === 'Insert mode (prefix keys)');
    expect(insert.map((e) => e.keys)).toContain('Ctrl-a Esc');
    expect(insert.map((e) => e.keys)).toContain('Ctrl-a Ctrl-a');
    expect(JSON.stringify(insert)).not.toContain('Ctrl-b');
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PREFIX_KEY,
  dialogEditBindings,
  findEditBinding,
  findNavigateBinding,
  lineEditBindings,
  type BindingContext,
  helpEntries,
  helpEntriesFor,
  navigateBindings,
  parsePrefixKey,
} from '../../../src/input/keymap.js';
import { InputTokenizer } from '../../../src/input/tokenizer.js';
import type { KeyToken } from '../../../src/input/types.js';

const BINDING_CONTEXT: BindingContext = { commandLine: { text: '', cursor: 0 } };

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
    ['0', 'focus.set'],
    ['t', 'taskDialog.open'],
    ['n', 'focus.nextWaiting'],
    ['/', 'mode.set'],
    [':', 'mode.set'],
  ])('finds the binding for %j', (raw, type) => {
    expect(findNavigateBinding(keyOf(raw))?.commands('w1', BINDING_CONTEXT)[0]?.type).toBe(type);
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

describe('edit bindings', () => {
  it.each([
    ['\x7f', 'Backspace / Delete'],
    ['\x1b[3~', 'Backspace / Delete'],
    ['\x01', 'Home / Ctrl-a'],
    ['\x1b[H', 'Home / Ctrl-a'],
    ['\x05', 'End / Ctrl-e'],
    ['\x17', 'Ctrl-w'],
    ['\x08', 'Ctrl-w'],
    ['\x15', 'Ctrl-u / Ctrl-k'],
    ['\x0b', 'Ctrl-u / Ctrl-k'],
  ])('finds the edit for %j', (raw, label) => {
    expect(findEditBinding(keyOf(raw), lineEditBindings)?.label).toBe(label);
  });

  it('leaves Ctrl-free letters and Alt combinations alone', () => {
    expect(findEditBinding(keyOf('a'), lineEditBindings)).toBeUndefined();
    expect(findEditBinding(keyOf('\x1bw'), lineEditBindings)).toBeUndefined();
  });

  it('binds no key twice among the editing keys', () => {
    const keys = [...lineEditBindings, ...dialogEditBindings].flatMap((b) =>
      b.keys.map((key) => JSON.stringify(key)),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('help entries', () => {
  it('covers every group', () => {
    const groups = new Set(helpEntries.map((entry) => entry.group));
    expect([...groups]).toEqual([
      'Navigate',
      'Insert mode (prefix keys)',
      'Command line (master pane, INSERT)',
      'Commands',
      'New-task dialog',
      'Mouse',
      'Dialogs',
    ]);
  });

  it('lists every editing key once per label', () => {
    const keys = helpEntries.map((entry) => entry.keys);
    for (const binding of [...lineEditBindings, ...dialogEditBindings]) {
      expect(keys).toContain(binding.label);
    }
  });

  it('names the new master-pane keys and the commands', () => {
    const keys = helpEntries.map((entry) => entry.keys);
    for (const key of ['0', 't', 'n', '/ or :', 'Tab', 'Ctrl-s', '/task TITLE', '/answer W TEXT']) {
      expect(keys).toContain(key);
    }
  });

  it('writes the prefix as configured', () => {
    const insert = helpEntriesFor('Ctrl-a').filter((e) => e.group === 'Insert mode (prefix keys)');
    expect(insert.map((e) => e.keys)).toContain('Ctrl-a Esc');
    expect(insert.map((e) => e.keys)).toContain('Ctrl-a Ctrl-a');
    expect(JSON.stringify(insert)).not.toContain('Ctrl-b');
  });
});

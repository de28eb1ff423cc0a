import { afterEach, describe, expect, it } from 'vitest';
import type { Key } from '../../../../src/agents/demo/keys.js';
import { KeyParser, cleanPaste } from '../../../../src/agents/demo/keys.js';
import { eventually } from './agentPty.js';

const parsers: KeyParser[] = [];
function parser(): { keys: Key[]; feed(chunk: string): void } {
  const keys: Key[] = [];
  const made = new KeyParser((key) => keys.push(key));
  parsers.push(made);
  return { keys, feed: (chunk) => made.feed(chunk) };
}

afterEach(() => {
  for (const made of parsers.splice(0)) made.dispose();
});

describe('KeyParser', () => {
  it('turns typing, Enter, Backspace and control keys into keys', () => {
    const { keys, feed } = parser();
    feed('hello\x7f\r\x03\x04\x15\x17\n');
    expect(keys).toEqual([
      { kind: 'text', text: 'hello' },
      { kind: 'backspace' },
      { kind: 'enter' },
      { kind: 'ctrl-c' },
      { kind: 'ctrl-d' },
      { kind: 'ctrl-u' },
      { kind: 'ctrl-w' },
      { kind: 'enter' },
    ]);
  });

  it('takes a bracketed paste as one key, even split across chunks', () => {
    const { keys, feed } = parser();
    feed('\x1b[200~line one\r\nli');
    feed('ne two\x1b[20');
    expect(keys).toEqual([]);
    feed('1~\r');
    expect(keys).toEqual([{ kind: 'paste', text: 'line one\nline two' }, { kind: 'enter' }]);
  });

  it('ignores arrow keys and other sequences, and reads Alt+Enter as a new line', () => {
    const { keys, feed } = parser();
    feed('a\x1b[A\x1b[1;5C\x1bOPb\x1b\r');
    expect(keys).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'text', text: 'b' },
      { kind: 'newline' },
    ]);
  });

  it('reads a lone ESC as the Esc key after a short pause', async () => {
    const { keys, feed } = parser();
    feed('\x1b');
    expect(keys).toEqual([]);
    await eventually(() => keys.length === 1, 'the Esc key', 2_000);
    expect(keys).toEqual([{ kind: 'escape' }]);
  });

  it('cleans pasted text', () => {
    expect(cleanPaste('a\r\nb\rc\td\x07')).toBe('a\nb\nc  d');
  });
});

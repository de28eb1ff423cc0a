import { describe, expect, it } from 'vitest';
import { InputTokenizer } from '../../../src/input/tokenizer.js';
import {
  LONG_SEEK_MS,
  SEEK_MS,
  routeReplayInput,
  type ReplayAction,
} from '../../../src/replay/replayInput.js';

/** Raw bytes as a host terminal sends them → actions, through the real tokenizer. */
function route(raw: string, goTo: string | null = null): ReplayAction[] {
  const tokenizer = new InputTokenizer();
  const tokens = [...tokenizer.push(raw), ...tokenizer.flush()];
  return tokens.flatMap((token) => routeReplayInput(token, { goTo }));
}

describe('routeReplayInput', () => {
  it('plays, pauses and changes speed', () => {
    expect(route(' ')).toEqual([{ type: 'toggle' }]);
    expect(route('+')).toEqual([{ type: 'faster' }]);
    expect(route('=')).toEqual([{ type: 'faster' }]);
    expect(route('-')).toEqual([{ type: 'slower' }]);
  });

  it('seeks 5 s with the arrows and 60 s with Shift or PageUp/PageDown', () => {
    expect(route('\x1b[C')).toEqual([{ type: 'seek', deltaMs: SEEK_MS }]);
    expect(route('\x1b[D')).toEqual([{ type: 'seek', deltaMs: -SEEK_MS }]);
    expect(route('\x1bOC')).toEqual([{ type: 'seek', deltaMs: SEEK_MS }]);
    expect(route('\x1b[1;2C')).toEqual([{ type: 'seek', deltaMs: LONG_SEEK_MS }]);
    expect(route('\x1b[1;2D')).toEqual([{ type: 'seek', deltaMs: -LONG_SEEK_MS }]);
    expect(route('\x1b[6~')).toEqual([{ type: 'seek', deltaMs: LONG_SEEK_MS }]);
    expect(route('\x1b[5~')).toEqual([{ type: 'seek', deltaMs: -LONG_SEEK_MS }]);
    expect(route('\x1b[H')).toEqual([{ type: 'start' }]);
    expect(route('\x1b[F')).toEqual([{ type: 'end' }]);
  });

  it('jumps between markers, zooms, focuses and follows', () => {
    expect(route(']')).toEqual([{ type: 'marker', direction: 1 }]);
    expect(route('[')).toEqual([{ type: 'marker', direction: -1 }]);
    expect(route('z')).toEqual([{ type: 'zoom' }]);
    expect(route('\t')).toEqual([{ type: 'focus.cycle', delta: 1 }]);
    expect(route('\x1b[Z')).toEqual([{ type: 'focus.cycle', delta: -1 }]);
    expect(route('3')).toEqual([{ type: 'focus.index', index: 3 }]);
    expect(route('f')).toEqual([{ type: 'follow' }]);
  });

  it('quits on q and Ctrl-C, and ignores the rest', () => {
    expect(route('q')).toEqual([{ type: 'quit' }]);
    expect(route('\x03')).toEqual([{ type: 'quit' }]);
    expect(route('x')).toEqual([]);
    expect(route('\x1b[<0;10;5M')).toEqual([]);
    expect(route('\x1b[200~pasted\x1b[201~')).toEqual([]);
  });

  it('opens the go-to prompt on g and edits it as a line', () => {
    expect(route('g')).toEqual([{ type: 'goto.open' }]);
    expect(route('1', '')).toEqual([{ type: 'goto.edit', text: '1' }]);
    expect(route(':', '1')).toEqual([{ type: 'goto.edit', text: '1:' }]);
    expect(route('q', 'T1 ')).toEqual([{ type: 'goto.edit', text: 'T1 q' }]);
    expect(route('\x7f', '1:3')).toEqual([{ type: 'goto.edit', text: '1:' }]);
    expect(route('\x15', '1:3')).toEqual([{ type: 'goto.edit', text: '' }]);
    expect(route('\x1b[200~T2 →\ntester\x1b[201~', 'go ')).toEqual([
      { type: 'goto.edit', text: 'go T2 → tester' },
    ]);
    expect(route('\r', '1:30')).toEqual([{ type: 'goto.submit' }]);
    expect(route('\x1b', '1:30')).toEqual([{ type: 'goto.cancel' }]);
    expect(route('\x03', '1:30')).toEqual([{ type: 'quit' }]);
    expect(route(' ', '')).toEqual([{ type: 'goto.edit', text: ' ' }]);
  });
});

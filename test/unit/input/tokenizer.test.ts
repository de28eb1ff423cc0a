import { describe, expect, it } from 'vitest';
import { InputTokenizer, PASTE_END, PASTE_START } from '../../../src/input/tokenizer.js';
import type { InputToken, KeyToken, MouseToken } from '../../../src/input/types.js';

const ESC = '\x1b';

/** Push every chunk, then flush as the caller's ESC timer would. */
function tokenize(...chunks: string[]): InputToken[] {
  const tokenizer = new InputTokenizer();
  const tokens = chunks.flatMap((chunk) => tokenizer.push(chunk));
  return [...tokens, ...tokenizer.flush()];
}

function only(input: string): InputToken {
  const tokens = tokenize(input);
  expect(tokens).toHaveLength(1);
  return tokens[0] as InputToken;
}

/** The bytes a token came from; a paste's markers are implied by its kind. */
function rawOf(token: InputToken): string {
  return token.kind === 'paste' ? PASTE_START + token.text + PASTE_END : token.raw;
}

const plain = { ctrl: false, alt: false, shift: false };
const keyed = (name: KeyToken['name'], mods: Partial<typeof plain> = {}) => ({
  kind: 'key',
  name,
  ...plain,
  ...mods,
});
const charKey = (char: string, mods: Partial<typeof plain> = {}) => ({
  ...keyed('char', mods),
  char,
});

/** Input → the one token it must become (matched on the listed fields, raw always). */
const SINGLE_TOKENS: [string, string, object][] = [
  ['letter', 'a', charKey('a')],
  ['capital', 'A', charKey('A')],
  ['digit', '2', charKey('2')],
  ['symbol', '?', charKey('?')],
  ['accented', 'é', charKey('é')],
  ['CJK', '漢', charKey('漢')],
  ['emoji (surrogate pair)', '😀', charKey('😀')],
  ['Ctrl-a', '\x01', charKey('a', { ctrl: true })],
  ['Ctrl-b', '\x02', charKey('b', { ctrl: true })],
  ['Ctrl-c', '\x03', charKey('c', { ctrl: true })],
  ['Ctrl-j (LF)', '\n', charKey('j', { ctrl: true })],
  ['Ctrl-z', '\x1a', charKey('z', { ctrl: true })],
  ['Ctrl-space', '\x00', charKey(' ', { ctrl: true })],
  ['Ctrl-\\', '\x1c', charKey('\\', { ctrl: true })],
  ['Tab', '\t', keyed('tab')],
  ['Enter', '\r', keyed('enter')],
  ['Backspace (DEL)', '\x7f', keyed('backspace')],
  ['Backspace (BS)', '\x08', keyed('backspace', { ctrl: true })],
  ['Alt-a', `${ESC}a`, charKey('a', { alt: true })],
  ['Alt-A', `${ESC}A`, charKey('A', { alt: true })],
  ['Alt-Ctrl-a', `${ESC}\x01`, charKey('a', { alt: true, ctrl: true })],
  ['Alt-Enter', `${ESC}\r`, keyed('enter', { alt: true })],
  ['Alt-Backspace', `${ESC}\x7f`, keyed('backspace', { alt: true })],
  ['Alt-emoji', `${ESC}😀`, charKey('😀', { alt: true })],
  ['up (CSI)', `${ESC}[A`, keyed('up')],
  ['down (CSI)', `${ESC}[B`, keyed('down')],
  ['right (CSI)', `${ESC}[C`, keyed('right')],
  ['left (CSI)', `${ESC}[D`, keyed('left')],
  ['up (SS3)', `${ESC}OA`, keyed('up')],
  ['left (SS3)', `${ESC}OD`, keyed('left')],
  ['Shift-up', `${ESC}[1;2A`, keyed('up', { shift: true })],
  ['Alt-up', `${ESC}[1;3A`, keyed('up', { alt: true })],
  ['Ctrl-up', `${ESC}[1;5A`, keyed('up', { ctrl: true })],
  ['Ctrl-Shift-right', `${ESC}[1;6C`, keyed('right', { ctrl: true, shift: true })],
  ['Alt-up (rxvt ESC ESC)', `${ESC}${ESC}[A`, keyed('up', { alt: true })],
  ['home (CSI H)', `${ESC}[H`, keyed('home')],
  ['end (CSI F)', `${ESC}[F`, keyed('end')],
  ['home (CSI 1~)', `${ESC}[1~`, keyed('home')],
  ['end (CSI 4~)', `${ESC}[4~`, keyed('end')],
  ['home (SS3)', `${ESC}OH`, keyed('home')],
  ['end (SS3)', `${ESC}OF`, keyed('end')],
  ['insert', `${ESC}[2~`, keyed('insert')],
  ['delete', `${ESC}[3~`, keyed('delete')],
  ['Ctrl-delete', `${ESC}[3;5~`, keyed('delete', { ctrl: true })],
  ['page up', `${ESC}[5~`, keyed('pageup')],
  ['page down', `${ESC}[6~`, keyed('pagedown')],
  ['F1', `${ESC}OP`, keyed('f1')],
  ['F2', `${ESC}OQ`, keyed('f2')],
  ['F3', `${ESC}OR`, keyed('f3')],
  ['F4', `${ESC}OS`, keyed('f4')],
  ['Shift-F1', `${ESC}[1;2P`, keyed('f1', { shift: true })],
  ['F5', `${ESC}[15~`, keyed('f5')],
  ['F6', `${ESC}[17~`, keyed('f6')],
  ['F7', `${ESC}[18~`, keyed('f7')],
  ['F8', `${ESC}[19~`, keyed('f8')],
  ['F9', `${ESC}[20~`, keyed('f9')],
  ['F10', `${ESC}[21~`, keyed('f10')],
  ['F11', `${ESC}[23~`, keyed('f11')],
  ['F12', `${ESC}[24~`, keyed('f12')],
  ['Ctrl-F5', `${ESC}[15;5~`, keyed('f5', { ctrl: true })],
  ['Shift-Tab', `${ESC}[Z`, keyed('tab', { shift: true })],
  ['unknown CSI', `${ESC}[?1;2c`, keyed('unknown')],
  ['focus-in report', `${ESC}[I`, keyed('unknown')],
  ['stray paste end', PASTE_END, keyed('unknown')],
  [
    'SGR left press',
    `${ESC}[<0;10;5M`,
    { kind: 'mouse', action: 'press', button: 0, x: 9, y: 4, ...plain },
  ],
  [
    'SGR left release',
    `${ESC}[<0;10;5m`,
    { kind: 'mouse', action: 'release', button: 0, x: 9, y: 4 },
  ],
  ['SGR right press', `${ESC}[<2;1;1M`, { kind: 'mouse', action: 'press', button: 2, x: 0, y: 0 }],
  ['SGR wheel up', `${ESC}[<64;3;4M`, { kind: 'mouse', action: 'wheelUp', button: null, x: 2 }],
  ['SGR wheel down', `${ESC}[<65;3;4M`, { kind: 'mouse', action: 'wheelDown', button: null }],
  ['SGR drag', `${ESC}[<32;7;8M`, { kind: 'mouse', action: 'move', button: 0, x: 6, y: 7 }],
  ['SGR hover', `${ESC}[<35;7;8M`, { kind: 'mouse', action: 'move', button: null }],
  [
    'SGR ctrl-alt-shift click',
    `${ESC}[<28;300;200M`,
    {
      kind: 'mouse',
      action: 'press',
      button: 0,
      x: 299,
      y: 199,
      ctrl: true,
      alt: true,
      shift: true,
    },
  ],
  ['SGR horizontal wheel', `${ESC}[<66;3;4M`, keyed('unknown')],
  [
    'X10 left press',
    `${ESC}[M ${String.fromCharCode(33 + 9)}${String.fromCharCode(33 + 4)}`,
    { kind: 'mouse', action: 'press', button: 0, x: 9, y: 4 },
  ],
  ['X10 release', `${ESC}[M#!!`, { kind: 'mouse', action: 'release', button: null, x: 0, y: 0 }],
  ['X10 wheel down', `${ESC}[Ma!!`, { kind: 'mouse', action: 'wheelDown', button: null }],
];

describe('InputTokenizer', () => {
  it.each(SINGLE_TOKENS)('reads %s', (_name, input, expected) => {
    const token = only(input);
    expect(token).toMatchObject(expected);
    expect(rawOf(token)).toBe(input);
  });

  it('gives named keys an exact shape (no stray char field)', () => {
    expect(only(`${ESC}[A`)).toEqual({ ...keyed('up'), raw: `${ESC}[A` });
    expect(only('x')).toEqual({ ...charKey('x'), raw: 'x' });
  });

  it('reads a run of typed text as one token per character', () => {
    const tokens = tokenize('héllo😀!');
    expect(tokens.map((t) => (t.kind === 'key' ? t.char : null))).toEqual([
      'h',
      'é',
      'l',
      'l',
      'o',
      '😀',
      '!',
    ]);
  });

  it('reads mixed input in order', () => {
    const tokens = tokenize(`a${ESC}[Ab\x02${ESC}[<0;1;1M\r`);
    expect(tokens.map((t) => (t.kind === 'key' ? t.name : t.kind))).toEqual([
      'char',
      'up',
      'char',
      'char',
      'mouse',
      'enter',
    ]);
  });

  describe('held input', () => {
    it('holds a lone ESC until flush', () => {
      const tokenizer = new InputTokenizer();
      expect(tokenizer.push(ESC)).toEqual([]);
      expect(tokenizer.hasPending()).toBe(true);
      expect(tokenizer.flush()).toEqual([{ ...keyed('escape'), raw: ESC }]);
      expect(tokenizer.hasPending()).toBe(false);
    });

    it('completes a held ESC with the next chunk', () => {
      const tokenizer = new InputTokenizer();
      tokenizer.push(ESC);
      expect(tokenizer.push('[A')).toMatchObject([{ name: 'up', raw: `${ESC}[A` }]);
      expect(tokenizer.hasPending()).toBe(false);
    });

    it('reads ESC then a key in the same chunk as Alt+key, not Escape', () => {
      expect(tokenize(`${ESC}x`)).toMatchObject([{ name: 'char', char: 'x', alt: true }]);
    });

    it('reads ESC ESC at flush as Alt-Escape', () => {
      expect(only(`${ESC}${ESC}`)).toMatchObject({
        name: 'escape',
        alt: true,
        raw: `${ESC}${ESC}`,
      });
    });

    it('reads ESC [ and ESC O left alone at flush as Alt-[ and Alt-O', () => {
      expect(only(`${ESC}[`)).toMatchObject({ name: 'char', char: '[', alt: true });
      expect(only(`${ESC}O`)).toMatchObject({ name: 'char', char: 'O', alt: true });
    });

    it('gives up an incomplete sequence at flush as unknown, keeping its bytes', () => {
      expect(only(`${ESC}[1;5`)).toMatchObject({ name: 'unknown', raw: `${ESC}[1;5` });
      expect(only(`${ESC}[<0;1`)).toMatchObject({ name: 'unknown', raw: `${ESC}[<0;1` });
      expect(only(`${ESC}[M `)).toMatchObject({ name: 'unknown', raw: `${ESC}[M ` });
    });

    it('ends a malformed CSI at the byte that cannot belong to it', () => {
      const tokens = tokenize(`${ESC}[12\x03`);
      expect(tokens).toMatchObject([
        { name: 'unknown', raw: `${ESC}[12` },
        { name: 'char', char: 'c', ctrl: true },
      ]);
    });

    it('gives up a runaway CSI without waiting forever', () => {
      const runaway = `${ESC}[${'1;'.repeat(100)}`;
      const tokenizer = new InputTokenizer();
      const tokens = tokenizer.push(runaway);
      expect(tokens.length).toBeGreaterThan(0);
      expect([...tokens, ...tokenizer.flush()].map(rawOf).join('')).toBe(runaway);
    });
  });

  describe('bracketed paste', () => {
    it('reads a paste as one token, escape sequences inside included', () => {
      const text = `line 1\r\nq${ESC}[A\x02 ${ESC}`;
      expect(tokenize(PASTE_START + text + PASTE_END)).toEqual([{ kind: 'paste', text }]);
    });

    it('reads an empty paste', () => {
      expect(tokenize(PASTE_START + PASTE_END)).toEqual([{ kind: 'paste', text: '' }]);
    });

    it('reads a paste spanning many chunks, markers split too', () => {
      const text = 'x'.repeat(5000) + '\n' + 'y'.repeat(5000);
      const whole = `a${PASTE_START}${text}${PASTE_END}b`;
      const chunks: string[] = [];
      for (let i = 0; i < whole.length; i += 7) chunks.push(whole.slice(i, i + 7));
      const tokens = tokenize(...chunks);
      expect(tokens).toMatchObject([{ char: 'a' }, { kind: 'paste', text }, { char: 'b' }]);
    });

    it('keeps a paste open across flush: a timeout must not turn it into typed keys', () => {
      const tokenizer = new InputTokenizer();
      expect(tokenizer.push(`${PASTE_START}rm -rf build\r${ESC}[20`)).toEqual([]);
      expect(tokenizer.hasPending()).toBe(false);
      expect(tokenizer.flush()).toEqual([]);
      expect(tokenizer.push('1~')).toEqual([{ kind: 'paste', text: 'rm -rf build\r' }]);
    });

    it('keeps text that only looks like the start of the end marker', () => {
      expect(tokenize(`${PASTE_START}a${ESC}[20x${PASTE_END}`)).toEqual([
        { kind: 'paste', text: `a${ESC}[20x` },
      ]);
    });
  });

  describe('split anywhere', () => {
    const SEQUENCES = [
      ...SINGLE_TOKENS.map(([, input]) => input),
      `${PASTE_START}pasted${ESC}[A text${PASTE_END}`,
      `ab${ESC}[1;5Ccd${ESC}OP😀${ESC}[<0;12;3m`,
    ];

    it.each(SEQUENCES.map((s) => [JSON.stringify(s), s]))(
      '%s gives the same tokens split at every boundary',
      (_name, input) => {
        const expected = tokenize(input);
        for (let cut = 1; cut < input.length; cut++) {
          expect(tokenize(input.slice(0, cut), input.slice(cut))).toEqual(expected);
        }
        expect(tokenize(...input)).toEqual(expected);
      },
    );
  });

  describe('raw round trip', () => {
    /** Deterministic pseudo-random numbers (mulberry32), so failures reproduce. */
    function random(seed: number): () => number {
      let state = seed;
      return () => {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }

    const FRAGMENTS = [
      ...SINGLE_TOKENS.map(([, input]) => input),
      `${PASTE_START}some ${ESC}[B paste${PASTE_END}`,
      ESC,
      '[',
      'O',
      ';',
      '1',
      '~',
      '<',
      'M',
      '\x02',
      `${ESC}[`,
      `${ESC}[1;`,
    ];

    it.each([1, 2, 3, 4, 5, 6, 7, 8])('reproduces the input from the raws (seed %i)', (seed) => {
      const next = random(seed);
      const pick = () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] ?? '';
      const input = Array.from({ length: 300 }, pick).join('');
      const chunks: string[] = [];
      for (let i = 0; i < input.length;) {
        const size = 1 + Math.floor(next() * 12);
        chunks.push(input.slice(i, i + size));
        i += size;
      }
      const tokens = tokenize(...chunks);
      expect(tokens.map(rawOf).join('')).toBe(input);
      expect(tokens).toEqual(tokenize(input));
    });
  });

  it('reports mouse coordinates 0-based and clamps a zero coordinate', () => {
    const token = only(`${ESC}[<0;0;0M`) as MouseToken;
    expect([token.x, token.y]).toEqual([0, 0]);
  });
});

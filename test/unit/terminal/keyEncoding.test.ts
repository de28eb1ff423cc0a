import { describe, expect, it } from 'vitest';
import { InputTokenizer } from '../../../src/input/tokenizer.js';
import type { KeyToken, MouseToken } from '../../../src/input/types.js';
import {
  encodeKeyForPane,
  encodeMouseForPane,
  encodePasteForPane,
} from '../../../src/terminal/keyEncoding.js';
import type { MouseTracking, PaneModes } from '../../../src/terminal/types.js';

const ESC = '\x1b';
const PASTE_START = `${ESC}[200~`;
const PASTE_END = `${ESC}[201~`;

const NORMAL: PaneModes = {
  applicationCursorKeys: false,
  bracketedPaste: false,
  mouseTracking: 'none',
  sgrMouse: false,
};
const APPLICATION: PaneModes = { ...NORMAL, applicationCursorKeys: true };

function keyOf(raw: string): KeyToken {
  const tokenizer = new InputTokenizer();
  const [token] = [...tokenizer.push(raw), ...tokenizer.flush()];
  if (token?.kind !== 'key') throw new Error(`not a key: ${JSON.stringify(raw)}`);
  return token;
}

describe('encodeKeyForPane', () => {
  it.each([
    ['up', `${ESC}[A`, `${ESC}OA`],
    ['down', `${ESC}OB`, `${ESC}OB`],
    ['right', `${ESC}[C`, `${ESC}OC`],
    ['left', `${ESC}OD`, `${ESC}OD`],
    ['home', `${ESC}[1~`, `${ESC}OH`],
    ['end', `${ESC}[4~`, `${ESC}OF`],
    ['home', `${ESC}OH`, `${ESC}OH`],
  ])('sends %s (host %j) as SS3 in application-cursor mode', (_name, raw, expected) => {
    expect(encodeKeyForPane(keyOf(raw), APPLICATION)).toBe(expected);
  });

  it.each([
    ['up', `${ESC}OA`, `${ESC}[A`],
    ['down', `${ESC}[B`, `${ESC}[B`],
    ['right', `${ESC}OC`, `${ESC}[C`],
    ['left', `${ESC}[D`, `${ESC}[D`],
    ['home', `${ESC}[1~`, `${ESC}[H`],
    ['end', `${ESC}OF`, `${ESC}[F`],
  ])('sends %s (host %j) as CSI in normal mode', (_name, raw, expected) => {
    expect(encodeKeyForPane(keyOf(raw), NORMAL)).toBe(expected);
  });

  it.each([
    ['Ctrl-up', `${ESC}[1;5A`],
    ['Shift-left', `${ESC}[1;2D`],
    ['Alt-up', `${ESC}${ESC}[A`],
    ['page up', `${ESC}[5~`],
    ['F1', `${ESC}OP`],
    ['F5', `${ESC}[15~`],
    ['letter', 'a'],
    ['Ctrl-c', '\x03'],
    ['Enter', '\r'],
    ['Escape', ESC],
    ['unknown', `${ESC}[?1;2c`],
  ])('passes %s through unchanged', (_name, raw) => {
    expect(encodeKeyForPane(keyOf(raw), NORMAL)).toBe(raw);
    expect(encodeKeyForPane(keyOf(raw), APPLICATION)).toBe(raw);
  });
});

describe('encodePasteForPane', () => {
  const BRACKETED: PaneModes = { ...NORMAL, bracketedPaste: true };

  it('wraps the text in markers for a pane that enabled bracketed paste', () => {
    expect(encodePasteForPane('ls\r', BRACKETED)).toBe(`${PASTE_START}ls\r${PASTE_END}`);
  });

  it('sends the text alone to a pane that did not', () => {
    expect(encodePasteForPane('ls\r', NORMAL)).toBe('ls\r');
  });

  it('strips embedded markers so pasted text cannot end the bracket early', () => {
    const hostile = `a${PASTE_END}rm -rf /\r${PASTE_START}b`;
    expect(encodePasteForPane(hostile, BRACKETED)).toBe(`${PASTE_START}arm -rf /\rb${PASTE_END}`);
    expect(encodePasteForPane(hostile, NORMAL)).toBe('arm -rf /\rb');
  });

  it('strips markers that only appear once another is removed', () => {
    const nested = `a${ESC}[20${PASTE_START}1~b${ESC}[2${PASTE_END}00~c`;
    expect(encodePasteForPane(nested, NORMAL)).toBe('abc');
  });
});

describe('encodeMouseForPane', () => {
  const mouse = (
    action: MouseToken['action'],
    button: MouseToken['button'],
    mods: Partial<Pick<MouseToken, 'ctrl' | 'alt' | 'shift'>> = {},
  ): MouseToken => ({
    kind: 'mouse',
    action,
    button,
    x: 50,
    y: 20,
    ctrl: false,
    alt: false,
    shift: false,
    raw: '',
    ...mods,
  });
  const PRESS = mouse('press', 0);
  const RELEASE = mouse('release', 0);
  const WHEEL_UP = mouse('wheelUp', null);
  const WHEEL_DOWN = mouse('wheelDown', null);
  const DRAG = mouse('move', 0);
  const HOVER = mouse('move', null);
  const ALL = [PRESS, RELEASE, WHEEL_UP, WHEEL_DOWN, DRAG, HOVER];

  const sgr = (tracking: MouseTracking): PaneModes => ({
    ...NORMAL,
    mouseTracking: tracking,
    sgrMouse: true,
  });

  it.each<[MouseTracking, MouseToken[]]>([
    ['none', []],
    ['x10', [PRESS]],
    ['vt200', [PRESS, RELEASE, WHEEL_UP, WHEEL_DOWN]],
    ['drag', [PRESS, RELEASE, WHEEL_UP, WHEEL_DOWN, DRAG]],
    ['any', ALL],
  ])('tracking %s reports only the events it asked for', (tracking, wanted) => {
    for (const token of ALL) {
      const encoded = encodeMouseForPane(token, 3, 4, sgr(tracking));
      expect(encoded === null, `${tracking} ${token.action} ${token.button}`).toBe(
        !wanted.includes(token),
      );
    }
  });

  it('encodes SGR with 1-based pane coordinates', () => {
    const modes = sgr('any');
    expect(encodeMouseForPane(PRESS, 3, 4, modes)).toBe(`${ESC}[<0;4;5M`);
    expect(encodeMouseForPane(RELEASE, 3, 4, modes)).toBe(`${ESC}[<0;4;5m`);
    expect(encodeMouseForPane(mouse('press', 2), 0, 0, modes)).toBe(`${ESC}[<2;1;1M`);
    expect(encodeMouseForPane(WHEEL_UP, 3, 4, modes)).toBe(`${ESC}[<64;4;5M`);
    expect(encodeMouseForPane(WHEEL_DOWN, 3, 4, modes)).toBe(`${ESC}[<65;4;5M`);
    expect(encodeMouseForPane(DRAG, 3, 4, modes)).toBe(`${ESC}[<32;4;5M`);
    expect(encodeMouseForPane(HOVER, 3, 4, modes)).toBe(`${ESC}[<35;4;5M`);
    expect(encodeMouseForPane(mouse('press', 0, { shift: true, ctrl: true }), 3, 4, modes)).toBe(
      `${ESC}[<20;4;5M`,
    );
    expect(encodeMouseForPane(mouse('press', 1, { alt: true }), 3, 4, modes)).toBe(
      `${ESC}[<9;4;5M`,
    );
  });

  it('encodes X10 bytes offset by 32, releases as button 3', () => {
    const modes: PaneModes = { ...NORMAL, mouseTracking: 'vt200' };
    expect(encodeMouseForPane(PRESS, 3, 4, modes)).toBe(`${ESC}[M $%`);
    expect(encodeMouseForPane(RELEASE, 3, 4, modes)).toBe(`${ESC}[M#$%`);
    expect(encodeMouseForPane(WHEEL_DOWN, 0, 0, modes)).toBe(`${ESC}[Ma!!`);
  });

  it('clamps X10 coordinates to the largest one a byte can carry', () => {
    const modes: PaneModes = { ...NORMAL, mouseTracking: 'x10' };
    const encoded = encodeMouseForPane(PRESS, 400, 500, modes);
    expect(encoded).toBe(`${ESC}[M ${String.fromCharCode(255)}${String.fromCharCode(255)}`);
  });

  it('round-trips through the tokenizer', () => {
    const tokenizer = new InputTokenizer();
    for (const modes of [sgr('any'), { ...NORMAL, mouseTracking: 'any' as const }]) {
      for (const token of [PRESS, WHEEL_UP, DRAG, HOVER]) {
        const encoded = encodeMouseForPane(token, 7, 9, modes) ?? '';
        expect(tokenizer.push(encoded)).toMatchObject([
          { kind: 'mouse', action: token.action, button: token.button, x: 7, y: 9 },
        ]);
      }
    }
  });
});

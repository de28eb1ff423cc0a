import type { InputToken, KeyName, KeyToken, MouseToken } from './types.js';

/** Bracketed-paste markers (mode 2004) around pasted text. */
export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';

/**
 * Turns raw stdin from an xterm-compatible host terminal into key, paste and mouse
 * tokens. Chunks may split anywhere, so anything that could still grow into a longer
 * sequence is held; a lone ESC is only known to be the Escape key once the caller's
 * timer runs out and calls `flush()`.
 *
 * Every token's `raw` is exactly the bytes it was read from (for a paste: the markers
 * around `text`), so input forwarded to a pane is never rewritten by accident.
 */
export class InputTokenizer {
  private buffer = '';
  /** Text of a bracketed paste whose end marker has not arrived yet; null outside one. */
  private paste: string | null = null;

  push(chunk: string): InputToken[] {
    this.buffer += chunk;
    return this.drain(false);
  }

  /** Resolve held input as if nothing more will follow (after the caller's ESC timeout). */
  flush(): InputToken[] {
    return this.drain(true);
  }

  /**
   * Input is held that `flush()` would resolve. An open bracketed paste is not counted:
   * it ends only at its end marker, because a timeout would turn a slow paste into typed
   * keys — the very thing bracketed paste exists to prevent.
   */
  hasPending(): boolean {
    return this.paste === null && this.buffer.length > 0;
  }

  private drain(final: boolean): InputToken[] {
    const tokens: InputToken[] = [];
    const s = this.buffer;
    let i = 0;
    while (i < s.length) {
      if (this.paste !== null) {
        const endAt = s.indexOf(PASTE_END, i);
        if (endAt === -1) {
          const keep = partialMarkerLength(s, i, PASTE_END);
          this.paste += s.slice(i, s.length - keep);
          i = s.length - keep;
          break;
        }
        tokens.push({ kind: 'paste', text: this.paste + s.slice(i, endAt) });
        this.paste = null;
        i = endAt + PASTE_END.length;
        continue;
      }
      const parsed = parseAt(s, i, final, true);
      if (parsed.kind === 'incomplete') break;
      if (parsed.kind === 'pasteStart') this.paste = '';
      else tokens.push(parsed.token);
      i = parsed.end;
    }
    this.buffer = s.slice(i);
    return tokens;
  }
}

/** Whether `raw` is a mouse report (SGR or X10), e.g. one read as 'unknown' (horizontal wheel). */
export function isMouseReport(raw: string): boolean {
  return raw.startsWith('\x1b[<') || raw.startsWith('\x1b[M');
}

const ESC = '\x1b';
/** Far longer than any real CSI; past this a runaway sequence is given up as unknown. */
const MAX_CSI_LENGTH = 64;

type Parsed =
  | { kind: 'token'; token: InputToken; end: number }
  | { kind: 'pasteStart'; end: number }
  | { kind: 'incomplete' };

const INCOMPLETE: Parsed = { kind: 'incomplete' };

interface Modifiers {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
}

const NO_MODS: Modifiers = { ctrl: false, alt: false, shift: false };

function key(name: KeyName, raw: string, mods: Modifiers = NO_MODS, char?: string): KeyToken {
  const token: KeyToken = {
    kind: 'key',
    name,
    ctrl: mods.ctrl,
    alt: mods.alt,
    shift: mods.shift,
    raw,
  };
  if (char !== undefined) token.char = char;
  return token;
}

const found = (token: InputToken, end: number): Parsed => ({ kind: 'token', token, end });

function parseAt(s: string, i: number, final: boolean, altAllowed: boolean): Parsed {
  if (s[i] !== ESC) return parsePlain(s, i, final);
  if (i + 1 >= s.length) return final ? found(key('escape', ESC), i + 1) : INCOMPLETE;
  const next = s[i + 1];
  // A null result means "ESC [" / "ESC O" did not start a sequence: read it as Alt-[ / Alt-O.
  const sequence =
    next === '[' ? parseCsi(s, i, final) : next === 'O' ? parseSs3(s, i, final) : null;
  if (sequence !== null) return sequence;
  if (!altAllowed) return found(key('escape', ESC), i + 1);
  // Terminals send Alt+key as ESC then the key (xterm metaSendsEscape, rxvt's ESC ESC [ A).
  const inner = parseAt(s, i + 1, final, false);
  if (inner.kind === 'incomplete') return inner;
  if (inner.kind === 'token' && inner.token.kind === 'key') {
    const token = inner.token;
    return found({ ...token, alt: true, raw: ESC + token.raw }, inner.end);
  }
  return found(key('escape', ESC), i + 1);
}

/** Names of C0 control bytes 0x1c–0x1f, which terminals send for Ctrl with these keys. */
const CTRL_SYMBOLS = ['\\', ']', '^', '_'];

function parsePlain(s: string, i: number, final: boolean): Parsed {
  const code = s.charCodeAt(i);
  const raw = s[i] ?? '';
  const ctrl: Modifiers = { ...NO_MODS, ctrl: true };
  if (code === 0x0d) return found(key('enter', raw), i + 1);
  if (code === 0x09) return found(key('tab', raw), i + 1);
  if (code === 0x7f) return found(key('backspace', raw), i + 1);
  // 0x08 is what Ctrl-H and, in several terminals, Ctrl-Backspace send.
  if (code === 0x08) return found(key('backspace', raw, ctrl), i + 1);
  if (code === 0x00) return found(key('char', raw, ctrl, ' '), i + 1);
  if (code >= 0x01 && code <= 0x1a) {
    return found(key('char', raw, ctrl, String.fromCharCode(code + 0x60)), i + 1);
  }
  if (code >= 0x1c && code <= 0x1f)
    return found(key('char', raw, ctrl, CTRL_SYMBOLS[code - 0x1c]), i + 1);
  // A surrogate pair split across chunks: wait for its second half.
  const isHighSurrogate = code >= 0xd800 && code <= 0xdbff;
  if (isHighSurrogate && i + 1 >= s.length && !final) return INCOMPLETE;
  const char = String.fromCodePoint(s.codePointAt(i) ?? code);
  return found(key('char', char, NO_MODS, char), i + char.length);
}

function parseSs3(s: string, i: number, final: boolean): Parsed | null {
  let j = i + 2;
  // Some terminals put a modifier digit before the final byte (ESC O 5 A).
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  if (j >= s.length) return final ? null : INCOMPLETE;
  const finalChar = s[j] ?? '';
  const name = SS3_KEYS[finalChar];
  if (name === undefined) return null;
  const digits = s.slice(i + 2, j);
  const mods = digits === '' ? NO_MODS : decodeModifier(Number(digits));
  return found(key(name, s.slice(i, j + 1), mods), j + 1);
}

function parseCsi(s: string, i: number, final: boolean): Parsed | null {
  const start = i + 2;
  if (start >= s.length) return final ? null : INCOMPLETE;
  if (s[start] === 'M') return parseX10Mouse(s, i, final);
  for (let j = start; j < s.length; j++) {
    const code = s.charCodeAt(j);
    if (code >= 0x40 && code <= 0x7e) {
      return decodeCsi(s.slice(i, j + 1), s.slice(start, j), s[j] ?? '', j + 1);
    }
    // Only parameter (0x30–0x3f) and intermediate (0x20–0x2f) bytes may come before the final.
    if (code < 0x20 || code > 0x3f || j - i >= MAX_CSI_LENGTH) {
      if (j === start) return null;
      return found(key('unknown', s.slice(i, j)), j);
    }
  }
  return final ? found(key('unknown', s.slice(i)), s.length) : INCOMPLETE;
}

function decodeCsi(raw: string, params: string, finalChar: string, end: number): Parsed {
  if (params.startsWith('<') && (finalChar === 'M' || finalChar === 'm')) {
    const m = /^<(\d+);(\d+);(\d+)$/.exec(params);
    if (m === null) return found(key('unknown', raw), end);
    const [code, x, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return found(mouseToken(code, x, y, finalChar === 'm', raw), end);
  }
  if (params === '200' && finalChar === '~') return { kind: 'pasteStart', end };
  if (!/^[\d;]*$/.test(params)) return found(key('unknown', raw), end);
  const [first = 1, modifier = 1] = params.split(';').map((p) => (p === '' ? 1 : Number(p)));
  const mods = decodeModifier(modifier);
  if (finalChar === 'Z') return found(key('tab', raw, { ...mods, shift: true }), end);
  const name =
    finalChar === '~' ? TILDE_KEYS[first] : first === 1 ? CSI_LETTER_KEYS[finalChar] : undefined;
  return found(key(name ?? 'unknown', raw, name === undefined ? NO_MODS : mods), end);
}

/** X10 encoding: ESC [ M then button, column and row, each offset by 32 (1-based). */
function parseX10Mouse(s: string, i: number, final: boolean): Parsed {
  const values: number[] = [];
  let j = i + 3;
  while (values.length < 3 && j < s.length) {
    const codePoint = s.codePointAt(j) ?? 0;
    values.push(codePoint);
    j += codePoint > 0xffff ? 2 : 1;
  }
  if (values.length < 3) return final ? found(key('unknown', s.slice(i)), s.length) : INCOMPLETE;
  const [code = 32, x = 33, y = 33] = values;
  return found(mouseToken(code - 32, x - 32, y - 32, false, s.slice(i, j)), j);
}

/**
 * Button byte bits, shared by SGR and X10: low two bits the button (3 = released in
 * X10, or no button while moving), 4 shift, 8 alt, 16 ctrl, 32 motion, 64 wheel,
 * 128 buttons 8–11. Coordinates arrive 1-based.
 */
function mouseToken(
  code: number,
  x1: number,
  y1: number,
  released: boolean,
  raw: string,
): InputToken {
  const low = code & 3;
  const base = {
    kind: 'mouse' as const,
    x: Math.max(0, x1 - 1),
    y: Math.max(0, y1 - 1),
    shift: (code & 4) !== 0,
    alt: (code & 8) !== 0,
    ctrl: (code & 16) !== 0,
    raw,
  };
  const button = low === 3 ? null : (low as 0 | 1 | 2);
  // Horizontal wheel, buttons 8–11 and wheel "releases" have no token of their own.
  if ((code & 128) !== 0) return key('unknown', raw);
  if ((code & 64) !== 0) {
    if (released || low > 1) return key('unknown', raw);
    return {
      ...base,
      action: low === 0 ? 'wheelUp' : 'wheelDown',
      button: null,
    } satisfies MouseToken;
  }
  if ((code & 32) !== 0) return { ...base, action: 'move', button } satisfies MouseToken;
  if (released || low === 3) return { ...base, action: 'release', button } satisfies MouseToken;
  return { ...base, action: 'press', button } satisfies MouseToken;
}

/** xterm modifier parameter: 1 + (1 shift, 2 alt, 4 ctrl, 8 meta — read as alt). */
function decodeModifier(parameter: number): Modifiers {
  const bits = Math.max(0, parameter - 1);
  return { shift: (bits & 1) !== 0, alt: (bits & 10) !== 0, ctrl: (bits & 4) !== 0 };
}

/** How many characters at the end of `s` (from `from`) could be the start of `marker`. */
function partialMarkerLength(s: string, from: number, marker: string): number {
  for (let n = Math.min(marker.length - 1, s.length - from); n > 0; n--) {
    if (marker.startsWith(s.slice(s.length - n))) return n;
  }
  return 0;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

const CURSOR_KEYS: Record<string, KeyName> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
};

const SS3_KEYS: Record<string, KeyName | undefined> = {
  ...CURSOR_KEYS,
  P: 'f1',
  Q: 'f2',
  R: 'f3',
  S: 'f4',
};

/** CSI 1 ; m <letter>: cursor keys and F1–F4 with modifiers (xterm). */
const CSI_LETTER_KEYS: Record<string, KeyName | undefined> = SS3_KEYS;

/** CSI n ~ : vt220-style keys; 7/8 and 11–14 are rxvt's home/end and F1–F4. */
const TILDE_KEYS: Record<number, KeyName | undefined> = {
  1: 'home',
  2: 'insert',
  3: 'delete',
  4: 'end',
  5: 'pageup',
  6: 'pagedown',
  7: 'home',
  8: 'end',
  11: 'f1',
  12: 'f2',
  13: 'f3',
  14: 'f4',
  15: 'f5',
  17: 'f6',
  18: 'f7',
  19: 'f8',
  20: 'f9',
  21: 'f10',
  23: 'f11',
  24: 'f12',
};

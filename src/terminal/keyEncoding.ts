import { PASTE_END, PASTE_START } from '../input/tokenizer.js';
import type { KeyName, KeyToken, MouseToken } from '../input/types.js';
import type { MouseTracking, PaneModes } from './types.js';

/**
 * Encodes host input for one worker's pty according to the modes that worker switched
 * on. The host terminal encoded keys for *our* modes, not the worker's, so the few
 * mode-dependent forms are rewritten here; everything else passes through untouched.
 */

const CURSOR_FINALS: Partial<Record<KeyName, string>> = {
  up: 'A',
  down: 'B',
  right: 'C',
  left: 'D',
  home: 'H',
  end: 'F',
};

/**
 * Unmodified cursor keys become SS3 in application-cursor mode (DECCKM) and CSI
 * otherwise — the xterm forms, which is what workers expect with TERM=xterm-256color,
 * even when the host sent home/end as `ESC [ 1 ~`.
 */
export function encodeKeyForPane(token: KeyToken, modes: PaneModes): string {
  const final = CURSOR_FINALS[token.name];
  if (final === undefined || token.ctrl || token.alt || token.shift) return token.raw;
  return modes.applicationCursorKeys ? `\x1bO${final}` : `\x1b[${final}`;
}

/**
 * Paste markers reach only workers that asked for them (mode 2004). Markers inside the
 * text are removed so pasted content can never end the bracket early and be run as typed.
 */
export function encodePasteForPane(text: string, modes: PaneModes): string {
  let clean = text;
  // Repeat: removing one marker can join its neighbours into another.
  while (clean.includes(PASTE_START) || clean.includes(PASTE_END)) {
    clean = clean.split(PASTE_START).join('').split(PASTE_END).join('');
  }
  return modes.bracketedPaste ? PASTE_START + clean + PASTE_END : clean;
}

/** Which mouse events each tracking mode (9, 1000, 1002, 1003) reports. */
function wants(tracking: MouseTracking, token: MouseToken): boolean {
  const isWheel = token.action === 'wheelUp' || token.action === 'wheelDown';
  switch (tracking) {
    case 'none':
      return false;
    case 'x10':
      return token.action === 'press';
    case 'vt200':
      return token.action === 'press' || token.action === 'release' || isWheel;
    case 'drag':
      return token.action !== 'move' || token.button !== null;
    case 'any':
      return true;
  }
}

/** Largest 1-based coordinate the X10 form can carry in one byte (255 − 32). */
const X10_MAX_COORDINATE = 223;

/**
 * A mouse event at pane cell (`col`, `row`), 0-based, for the worker's pty; null when the
 * worker's tracking mode does not report this kind of event.
 */
export function encodeMouseForPane(
  token: MouseToken,
  col: number,
  row: number,
  modes: PaneModes,
): string | null {
  if (!wants(modes.mouseTracking, token)) return null;
  const mods = (token.shift ? 4 : 0) | (token.alt ? 8 : 0) | (token.ctrl ? 16 : 0);
  const x = Math.max(0, col) + 1;
  const y = Math.max(0, row) + 1;
  if (modes.sgrMouse) {
    const button = buttonCode(token, true) | mods;
    return `\x1b[<${button};${x};${y}${token.action === 'release' ? 'm' : 'M'}`;
  }
  const button = buttonCode(token, false) | mods;
  const byte = (value: number) => String.fromCharCode(32 + Math.min(value, X10_MAX_COORDINATE));
  return `\x1b[M${String.fromCharCode(32 + button)}${byte(x)}${byte(y)}`;
}

/** The button part of the report; SGR names the released button, X10 only says "3". */
function buttonCode(token: MouseToken, sgr: boolean): number {
  switch (token.action) {
    case 'wheelUp':
      return 64;
    case 'wheelDown':
      return 65;
    case 'move':
      return 32 + (token.button ?? 3);
    case 'release':
      return sgr ? (token.button ?? 3) : 3;
    case 'press':
      return token.button ?? 0;
  }
}

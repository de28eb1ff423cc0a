import type { InputToken } from '../input/types.js';

/** Everything a key can ask of the player, as plain data. */
export type ReplayAction =
  | { type: 'toggle' }
  | { type: 'faster' }
  | { type: 'slower' }
  | { type: 'seek'; deltaMs: number }
  | { type: 'start' }
  | { type: 'end' }
  | { type: 'marker'; direction: 1 | -1 }
  | { type: 'goto.open' }
  | { type: 'goto.edit'; text: string }
  | { type: 'goto.submit' }
  | { type: 'goto.cancel' }
  | { type: 'zoom' }
  | { type: 'focus.cycle'; delta: 1 | -1 }
  | { type: 'focus.index'; index: number }
  | { type: 'follow' }
  | { type: 'quit' };

export interface ReplayInputContext {
  /** The `g` prompt's text while it is open, else null. */
  goTo: string | null;
}

export const SEEK_MS = 5_000;
export const LONG_SEEK_MS = 60_000;

export const REPLAY_HINTS =
  'space play/pause · +/- speed · ←/→ 5 s · shift 60 s · ]/[ markers · g go to · z zoom · q quit';
export const GOTO_HINTS = 'Enter go · Esc cancel · 1:30, 90, +30 or a marker label';

/**
 * One token of host input → player actions; pure. Shift-arrows may not reach us from
 * every terminal, so PageDown/PageUp seek 60 s too.
 */
export function routeReplayInput(token: InputToken, context: ReplayInputContext): ReplayAction[] {
  if (token.kind === 'mouse') return [];
  if (context.goTo !== null) return routeGoTo(token, context.goTo);
  if (token.kind === 'paste') return [];
  if (token.ctrl && token.char === 'c') return [{ type: 'quit' }];
  switch (token.name) {
    case 'left':
      return [{ type: 'seek', deltaMs: token.shift ? -LONG_SEEK_MS : -SEEK_MS }];
    case 'right':
      return [{ type: 'seek', deltaMs: token.shift ? LONG_SEEK_MS : SEEK_MS }];
    case 'pageup':
      return [{ type: 'seek', deltaMs: -LONG_SEEK_MS }];
    case 'pagedown':
      return [{ type: 'seek', deltaMs: LONG_SEEK_MS }];
    case 'home':
      return [{ type: 'start' }];
    case 'end':
      return [{ type: 'end' }];
    case 'tab':
      return [{ type: 'focus.cycle', delta: token.shift ? -1 : 1 }];
    case 'char':
      return token.ctrl || token.alt ? [] : routeChar(token.char ?? '');
    default:
      return [];
  }
}

function routeChar(char: string): ReplayAction[] {
  if (/^[1-9]$/.test(char)) return [{ type: 'focus.index', index: Number(char) }];
  switch (char) {
    case ' ':
      return [{ type: 'toggle' }];
    case '+':
    case '=':
      return [{ type: 'faster' }];
    case '-':
    case '_':
      return [{ type: 'slower' }];
    case ']':
      return [{ type: 'marker', direction: 1 }];
    case '[':
      return [{ type: 'marker', direction: -1 }];
    case 'g':
      return [{ type: 'goto.open' }];
    case 'z':
      return [{ type: 'zoom' }];
    case 'f':
      return [{ type: 'follow' }];
    case 'q':
      return [{ type: 'quit' }];
    default:
      return [];
  }
}

/** The `g` prompt: a one-line editor. */
function routeGoTo(token: InputToken, text: string): ReplayAction[] {
  if (token.kind === 'paste') {
    return [{ type: 'goto.edit', text: text + token.text.replace(/\s+/g, ' ') }];
  }
  if (token.kind !== 'key') return [];
  if (token.ctrl && token.char === 'c') return [{ type: 'quit' }];
  switch (token.name) {
    case 'enter':
      return [{ type: 'goto.submit' }];
    case 'escape':
      return [{ type: 'goto.cancel' }];
    case 'backspace':
      return [{ type: 'goto.edit', text: Array.from(text).slice(0, -1).join('') }];
    case 'char':
      if (token.ctrl && token.char === 'u') return [{ type: 'goto.edit', text: '' }];
      return token.ctrl || token.alt
        ? []
        : [{ type: 'goto.edit', text: text + (token.char ?? '') }];
    default:
      return [];
  }
}

/** What the keys drive: the player (src/replay/replayPlayer.ts). */
export interface ReplayControls {
  toggle(): void;
  faster(): void;
  slower(): void;
  seekBy(deltaMs: number): Promise<void>;
  seekTo(ms: number): Promise<void>;
  durationMs(): number;
  nextMarker(): Promise<void>;
  previousMarker(): Promise<void>;
  openGoTo(): void;
  editGoTo(text: string): void;
  submitGoTo(): Promise<void>;
  cancelGoTo(): void;
  toggleZoom(): void;
  cycleFocus(delta: number): void;
  focusIndex(index: number): void;
  follow(): void;
  clearNotice(): void;
}

/** Runs one action; true when it asks to quit. A new action clears the last notice. */
export function applyReplayAction(player: ReplayControls, action: ReplayAction): boolean {
  if (action.type !== 'goto.edit') player.clearNotice();
  switch (action.type) {
    case 'quit':
      return true;
    case 'toggle':
      player.toggle();
      break;
    case 'faster':
      player.faster();
      break;
    case 'slower':
      player.slower();
      break;
    case 'seek':
      void player.seekBy(action.deltaMs);
      break;
    case 'start':
      void player.seekTo(0);
      break;
    case 'end':
      void player.seekTo(player.durationMs());
      break;
    case 'marker':
      void (action.direction > 0 ? player.nextMarker() : player.previousMarker());
      break;
    case 'goto.open':
      player.openGoTo();
      break;
    case 'goto.edit':
      player.editGoTo(action.text);
      break;
    case 'goto.submit':
      void player.submitGoTo();
      break;
    case 'goto.cancel':
      player.cancelGoTo();
      break;
    case 'zoom':
      player.toggleZoom();
      break;
    case 'focus.cycle':
      player.cycleFocus(action.delta);
      break;
    case 'focus.index':
      player.focusIndex(action.index);
      break;
    case 'follow':
      player.follow();
      break;
  }
  return false;
}

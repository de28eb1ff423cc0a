import { MASTER_PANE_ID, type Command } from '../engine/commands.js';
import type { Overlay } from '../store/uiSlice.js';
import {
  encodeKeyForPane,
  encodeMouseForPane,
  encodePasteForPane,
} from '../terminal/keyEncoding.js';
import type { PaneModes } from '../terminal/types.js';
import {
  cancelKeys,
  confirmKeys,
  findNavigateBinding,
  helpCloseKeys,
  leaveInsertKey,
  matchesAny,
  matchesKey,
  WHEEL_SCROLL_LINES,
} from './keymap.js';
import { isMouseReport } from './tokenizer.js';
import type { KeyToken, MouseToken, PasteToken, Route, RouterContext } from './types.js';

/**
 * The input mode machine: one token and a snapshot of the moment in, commands out.
 * Overlays take every key first; then the mouse; then NAVIGATE or INSERT.
 */
export const routeInput: Route = (token, context) => {
  if (context.overlay !== null) {
    return token.kind === 'key' ? routeOverlay(token, context.overlay) : [];
  }
  if (token.kind === 'mouse') return routeMouse(token, context);
  // INSERT needs a worker to type into; on the master pane it reads as NAVIGATE.
  if (context.mode === 'insert' && context.focus !== MASTER_PANE_ID) {
    return routeInsert(token, context);
  }
  if (token.kind !== 'key') return [];
  const commands = routeNavigate(token, context);
  // A prefix left pending from INSERT means nothing in NAVIGATE: clear it.
  return context.prefixPending ? [prefixSet(false), ...commands] : commands;
};

function routeOverlay(token: KeyToken, overlay: Overlay['kind']): Command[] {
  switch (overlay) {
    case 'confirm':
      if (matchesAny(token, confirmKeys)) return [{ type: 'dialog.confirm' }];
      if (matchesAny(token, cancelKeys)) return [{ type: 'dialog.cancel' }];
      return [];
    case 'help':
      return matchesAny(token, helpCloseKeys) ? [{ type: 'help.toggle' }] : [];
    case 'taskDialog':
      return [];
  }
}

function routeNavigate(token: KeyToken, context: RouterContext): Command[] {
  const binding = findNavigateBinding(token);
  if (binding === undefined) return [];
  if (binding.scope === 'worker' && context.focus === MASTER_PANE_ID) return [];
  return binding.commands(context.focus);
}

function routeInsert(token: KeyToken | PasteToken, context: RouterContext): Command[] {
  const isPrefix = token.kind === 'key' && token.raw === context.prefixKey;
  if (!context.prefixPending) {
    return isPrefix ? [prefixSet(true)] : deliver(token, context);
  }
  // The key after the prefix is a command key, whatever it turns out to be.
  if (token.kind === 'paste') return [prefixSet(false), ...deliver(token, context)];
  if (isPrefix) return [prefixSet(false), ...deliver(token, context)];
  if (matchesKey(token, leaveInsertKey)) {
    return [prefixSet(false), { type: 'mode.set', mode: 'navigate' }];
  }
  return [prefixSet(false), ...routeNavigate(token, context)];
}

/** All modes off: how a pane whose screen is gone would be typed to. */
const PLAIN_MODES: PaneModes = {
  applicationCursorKeys: false,
  bracketedPaste: false,
  mouseTracking: 'none',
  sgrMouse: false,
};

/** Typed or pasted input for the focused worker; it brings a scrolled-back view home. */
function deliver(token: KeyToken | PasteToken, context: RouterContext): Command[] {
  const id = context.focus;
  const modes = context.focusedModes ?? PLAIN_MODES;
  let data: string;
  if (token.kind === 'paste') {
    data = encodePasteForPane(token.text, modes);
  } else if (token.name === 'unknown' && isMouseReport(token.raw)) {
    // A mouse report we could not name (horizontal wheel) would be garbage to the worker.
    return [];
  } else {
    data = encodeKeyForPane(token, modes);
  }
  if (data === '') return [];
  const input: Command = { type: 'worker.input', id, data };
  return context.focusedScrolled ? [{ type: 'worker.scrollToBottom', id }, input] : [input];
}

function routeMouse(token: MouseToken, context: RouterContext): Command[] {
  const hit = context.paneAt(token.x, token.y);
  if (hit === null) return [];
  const isFocused = hit.id === context.focus;
  if (hit.id === MASTER_PANE_ID) {
    return isLeftPress(token) && !isFocused ? [{ type: 'focus.set', target: hit.id }] : [];
  }
  const modes = context.modesOf(hit.id);
  const data = modes === null ? null : encodeMouseForPane(token, hit.col, hit.row, modes);
  const forward: Command[] = data === null ? [] : [{ type: 'worker.input', id: hit.id, data }];
  switch (token.action) {
    case 'press':
      if (isLeftPress(token)) {
        return isFocused ? forward : [{ type: 'focus.set', target: hit.id }, ...forward];
      }
      // Other buttons do not move focus, so they reach only the pane already focused.
      return isFocused ? forward : [];
    case 'wheelUp':
    case 'wheelDown': {
      if (data !== null) return forward;
      const lines = token.action === 'wheelUp' ? WHEEL_SCROLL_LINES : -WHEEL_SCROLL_LINES;
      return [{ type: 'worker.scroll', id: hit.id, lines }];
    }
    case 'release':
    case 'move':
      return forward;
  }
}

function isLeftPress(token: MouseToken): boolean {
  return token.action === 'press' && token.button === 0;
}

function prefixSet(pending: boolean): Command {
  return { type: 'prefix.set', pending };
}

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
  commandLineKeys,
  confirmKeys,
  dialogEditBindings,
  findEditBinding,
  findNavigateBinding,
  helpCloseKeys,
  leaveInsertKey,
  lineEditBindings,
  matchesAny,
  matchesKey,
  taskDialogKeys,
  WHEEL_SCROLL_LINES,
} from './keymap.js';
import {
  completeCommandLine,
  EMPTY_LINE,
  insertText,
  multiLine,
  singleLine,
  type LineState,
} from './lineEditor.js';
import { isMouseReport } from './tokenizer.js';
import type {
  InputToken,
  KeyToken,
  MouseToken,
  PasteToken,
  Route,
  RouterContext,
} from './types.js';

/**
 * The input mode machine: one token and a snapshot of the moment in, commands out.
 * Overlays take every key first; then the mouse; then NAVIGATE or INSERT — which
 * on a worker types into it and on the master pane edits the command line.
 */
export const routeInput: Route = (token, context) => {
  if (context.overlay !== null) return routeOverlay(token, context.overlay, context);
  if (token.kind === 'mouse') return routeMouse(token, context);
  if (context.mode === 'insert') {
    return context.focus === MASTER_PANE_ID
      ? routeCommandLine(token, context)
      : routeInsert(token, context);
  }
  if (token.kind !== 'key') return [];
  const commands = routeNavigate(token, context);
  // A prefix left pending from INSERT means nothing in NAVIGATE: clear it.
  return context.prefixPending ? [prefixSet(false), ...commands] : commands;
};

function routeOverlay(
  token: InputToken,
  overlay: Overlay['kind'],
  context: RouterContext,
): Command[] {
  if (overlay === 'taskDialog') return routeTaskDialog(token, context.taskDialog ?? EMPTY_LINE);
  if (token.kind !== 'key') return [];
  switch (overlay) {
    case 'confirm':
      if (matchesAny(token, confirmKeys)) return [{ type: 'dialog.confirm' }];
      if (matchesAny(token, cancelKeys)) return [{ type: 'dialog.cancel' }];
      return [];
    case 'help':
      return matchesAny(token, helpCloseKeys) ? [{ type: 'help.toggle' }] : [];
  }
}

function routeNavigate(token: KeyToken, context: RouterContext): Command[] {
  const binding = findNavigateBinding(token);
  if (binding === undefined) return [];
  const onMaster = context.focus === MASTER_PANE_ID;
  if (binding.scope === 'worker' && onMaster) return [];
  if (binding.scope === 'master' && !onMaster) return [];
  return binding.commands(context.focus, { commandLine: context.commandLine });
}

function routeInsert(token: KeyToken | PasteToken, context: RouterContext): Command[] {
  const isPrefix = token.kind === 'key' && token.raw === context.prefixKey;
  if (!context.prefixPending) {
    return isPrefix ? [prefixSet(true)] : deliver(token, context);
  }
  // The key after the prefix is a command key, whatever it turns out to be.
  if (token.kind === 'paste') return [prefixSet(false), ...deliver(token, context)];
  if (isPrefix) return [prefixSet(false), ...deliver(token, context)];
  return [prefixSet(false), ...afterPrefix(token, context)];
}

/** A command key after the prefix: Esc leaves INSERT, anything else is a NAVIGATE key. */
function afterPrefix(token: KeyToken, context: RouterContext): Command[] {
  if (matchesKey(token, leaveInsertKey)) return [{ type: 'mode.set', mode: 'navigate' }];
  return routeNavigate(token, context);
}

/**
 * INSERT on the master pane: the keys edit the command line. The prefix key
 * works as in a worker (there is no literal prefix to send: twice only clears it).
 */
function routeCommandLine(token: KeyToken | PasteToken, context: RouterContext): Command[] {
  const line = context.commandLine;
  if (token.kind === 'paste') {
    const edit = setLine(line, insertText(line, singleLine(token.text)));
    return context.prefixPending ? [prefixSet(false), ...edit] : edit;
  }
  const isPrefix = token.raw === context.prefixKey;
  if (context.prefixPending) {
    return [prefixSet(false), ...(isPrefix ? [] : afterPrefix(token, context))];
  }
  if (isPrefix) return [prefixSet(true)];
  if (matchesKey(token, commandLineKeys.leave)) return [{ type: 'mode.set', mode: 'navigate' }];
  // A blank line has nothing to run; Enter on it is not worth an error.
  if (matchesKey(token, commandLineKeys.submit)) {
    return line.text.trim() === '' ? [] : [{ type: 'commandLine.submit' }];
  }
  if (matchesKey(token, commandLineKeys.complete)) {
    const completed = completeCommandLine(line.text, line.cursor, context.completionNames());
    return completed === null ? [] : setLine(line, completed);
  }
  const binding = findEditBinding(token, lineEditBindings);
  if (binding !== undefined) return setLine(line, binding.edit(line));
  const typed = printable(token);
  return typed === null ? [] : setLine(line, insertText(line, typed));
}

/** The new-task dialog: a small multi-line editor; Ctrl-s creates the task, Esc cancels. */
function routeTaskDialog(token: InputToken, text: LineState): Command[] {
  if (token.kind === 'mouse') return [];
  const set = (next: LineState): Command[] =>
    sameLine(text, next) ? [] : [{ type: 'taskDialog.set', text: next.text, cursor: next.cursor }];
  if (token.kind === 'paste') return set(insertText(text, multiLine(token.text)));
  if (matchesKey(token, taskDialogKeys.submit)) return [{ type: 'taskDialog.submit' }];
  if (matchesKey(token, taskDialogKeys.cancel)) return [{ type: 'dialog.cancel' }];
  if (matchesAny(token, taskDialogKeys.newline)) return set(insertText(text, '\n'));
  const binding =
    findEditBinding(token, lineEditBindings) ?? findEditBinding(token, dialogEditBindings);
  if (binding !== undefined) return set(binding.edit(text));
  const typed = printable(token);
  return typed === null ? [] : set(insertText(text, typed));
}

/** The character a key types, if it types one (no Ctrl, no Alt, not a named key). */
function printable(token: KeyToken): string | null {
  if (token.name !== 'char' || token.ctrl || token.alt || token.char === undefined) return null;
  return token.char;
}

function sameLine(a: LineState, b: LineState): boolean {
  return a.text === b.text && a.cursor === b.cursor;
}

function setLine(before: LineState, after: LineState): Command[] {
  return sameLine(before, after)
    ? []
    : [{ type: 'commandLine.set', text: after.text, cursor: after.cursor }];
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

import type { Command, InputMode } from '../engine/commands.js';
import type { Overlay } from '../store/uiSlice.js';
import type { PaneModes } from '../terminal/types.js';
import type { CompletionNames, LineState } from './lineEditor.js';

/** Named keys the tokenizer recognises; printable characters are `char`. */
export type KeyName =
  | 'char'
  | 'enter'
  | 'tab'
  | 'backspace'
  | 'escape'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'pageup'
  | 'pagedown'
  | 'insert'
  | 'delete'
  | 'f1'
  | 'f2'
  | 'f3'
  | 'f4'
  | 'f5'
  | 'f6'
  | 'f7'
  | 'f8'
  | 'f9'
  | 'f10'
  | 'f11'
  | 'f12'
  /** A sequence the tokenizer could not name; passed through raw. */
  | 'unknown';

export interface KeyToken {
  kind: 'key';
  name: KeyName;
  /** The character for `char` keys (after Ctrl/Alt are stripped): 'a', 'A', '2', '?'. */
  char?: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  /** The exact bytes received from the host terminal. */
  raw: string;
}

export interface PasteToken {
  kind: 'paste';
  /** The pasted text, without the bracketed-paste markers. */
  text: string;
}

export type MouseAction = 'press' | 'release' | 'move' | 'wheelUp' | 'wheelDown';

export interface MouseToken {
  kind: 'mouse';
  action: MouseAction;
  /** 0 left, 1 middle, 2 right; null for moves without a button and wheel events. */
  button: 0 | 1 | 2 | null;
  /** Screen cell, 0-based. */
  x: number;
  y: number;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  raw: string;
}

export type InputToken = KeyToken | PasteToken | MouseToken;

/** Where a screen cell falls: a worker pane's interior (0-based inside it), or nothing. */
export interface PaneHit {
  id: string;
  col: number;
  row: number;
}

/** Everything the router needs to know about the moment, as plain data. */
export interface RouterContext {
  mode: InputMode;
  prefixPending: boolean;
  overlay: Overlay['kind'] | null;
  /** A worker id or MASTER_PANE_ID. */
  focus: string;
  /** Modes of the focused worker's screen; null when the master pane is focused. */
  focusedModes: PaneModes | null;
  /** The focused worker's view is scrolled back into its scrollback. */
  focusedScrolled: boolean;
  /** Hit-test a screen cell against the visible panes. */
  paneAt: (x: number, y: number) => PaneHit | null;
  /** Modes of any visible worker, for forwarding mouse events to it. */
  modesOf: (id: string) => PaneModes | null;
  /** The prefix key's byte(s), e.g. "\x02" for Ctrl-b. */
  prefixKey: string;
  /** The master pane's command line (INSERT mode on the master pane edits it). */
  commandLine: LineState;
  /** The new-task dialog's text and cursor while it is open, else null. */
  taskDialog: LineState | null;
  /** What Tab completes on the command line; only called when Tab is pressed. */
  completionNames: () => CompletionNames;
}

/** The router turns one token into commands; it is a pure function. */
export type Route = (token: InputToken, context: RouterContext) => Command[];

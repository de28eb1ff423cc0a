import { MASTER_PANE_ID, type Command, type Direction } from '../engine/commands.js';
import {
  deleteBackward,
  deleteForward,
  deleteWordBackward,
  killToLineEnd,
  killToLineStart,
  moveDown,
  moveLeft,
  moveLineEnd,
  moveLineStart,
  moveRight,
  moveUp,
  type LineState,
} from './lineEditor.js';
import type { KeyName, KeyToken } from './types.js';

/**
 * Every key binding, as data, in one place. The router reads these; the help overlay
 * and the README are written from `helpEntriesFor`.
 */

/**
 * A key as bindings name it. Alt must be off, and Ctrl is as `ctrl` says (off
 * unless set); `shift` only matters for named keys.
 */
export interface KeySpec {
  name: KeyName;
  /** For `char` keys: the character, whose case already says whether Shift was held. */
  char?: string;
  shift?: boolean;
  ctrl?: boolean;
}

/** What a NAVIGATE binding may look at besides the focus. */
export interface BindingContext {
  commandLine: LineState;
}

export interface NavigateBinding {
  keys: readonly KeySpec[];
  /** The keys as help writes them; bindings sharing a label share one help line. */
  label: string;
  description: string;
  /**
   * 'worker' bindings act on the focused worker, so they do nothing on the
   * master pane; 'master' bindings work only there.
   */
  scope: 'global' | 'worker' | 'master';
  commands: (focus: string, context: BindingContext) => Command[];
}

/** Lines PageUp / PageDown scroll: about half a pane. */
export const PAGE_SCROLL_LINES = 10;
/** Lines one wheel notch scrolls a pane's scrollback. */
export const WHEEL_SCROLL_LINES = 3;

const ch = (char: string): KeySpec => ({ name: 'char', char });
const named = (name: KeyName, shift = false): KeySpec => ({ name, shift });
const ctrl = (char: string): KeySpec => ({ name: 'char', char, ctrl: true });

const INSERT: Command = { type: 'mode.set', mode: 'insert' };
/** What `/` and `:` put into an empty command line. */
export const COMMAND_START = '/';

const move = (direction: Direction, arrow: KeyName, vi: string): NavigateBinding => ({
  keys: [named(arrow), ch(vi)],
  label: 'arrows / h j k l',
  description: 'Move focus to the neighbouring pane',
  scope: 'global',
  commands: () => [{ type: 'focus.move', direction }],
});

const focusIndex = (index: number): NavigateBinding => ({
  keys: [ch(String(index))],
  label: '1–9',
  description: 'Focus worker N',
  scope: 'global',
  commands: () => [{ type: 'focus.index', index }],
});

export const navigateBindings: readonly NavigateBinding[] = [
  move('left', 'left', 'h'),
  move('down', 'down', 'j'),
  move('up', 'up', 'k'),
  move('right', 'right', 'l'),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map(focusIndex),
  {
    keys: [named('tab')],
    label: 'Tab / Shift-Tab',
    description: 'Focus the next / previous pane',
    scope: 'global',
    commands: () => [{ type: 'focus.cycle', delta: 1 }],
  },
  {
    keys: [named('tab', true)],
    label: 'Tab / Shift-Tab',
    description: 'Focus the next / previous pane',
    scope: 'global',
    commands: () => [{ type: 'focus.cycle', delta: -1 }],
  },
  {
    keys: [ch('z')],
    label: 'z',
    description: 'Zoom the focused pane (again to unzoom)',
    scope: 'global',
    commands: () => [{ type: 'layout.zoom' }],
  },
  {
    keys: [ch('L')],
    label: 'L',
    description: 'Cycle the layout: grid, columns, rows',
    scope: 'global',
    commands: () => [{ type: 'layout.cycle' }],
  },
  {
    keys: [ch('0')],
    label: '0',
    description: 'Focus the master pane (tasks, events, command line)',
    scope: 'global',
    commands: () => [{ type: 'focus.set', target: MASTER_PANE_ID }],
  },
  {
    keys: [ch('n')],
    label: 'n',
    description: 'Jump to the next worker that needs you',
    scope: 'global',
    commands: () => [{ type: 'focus.nextWaiting' }],
  },
  {
    keys: [ch('a')],
    label: 'a / d',
    description: "Allow / deny a permission prompt (the focused worker's, else the oldest)",
    scope: 'global',
    commands: () => [{ type: 'permission.answer', allow: true }],
  },
  {
    keys: [ch('d')],
    label: 'a / d',
    description: "Allow / deny a permission prompt (the focused worker's, else the oldest)",
    scope: 'global',
    commands: () => [{ type: 'permission.answer', allow: false }],
  },
  {
    keys: [ch('i'), named('enter')],
    label: 'i / Enter',
    description: "Type into the focused worker, or the master's command line (INSERT)",
    scope: 'global',
    commands: () => [INSERT],
  },
  {
    keys: [ch('/'), ch(':')],
    label: '/ or :',
    description: 'On the master pane: start a command (/task, /assign, …)',
    scope: 'master',
    commands: (_focus, { commandLine }) =>
      commandLine.text === ''
        ? [INSERT, { type: 'commandLine.set', text: COMMAND_START, cursor: COMMAND_START.length }]
        : [INSERT],
  },
  {
    keys: [ch('t')],
    label: 't',
    description: 'New task (a dialog for the title and the brief)',
    scope: 'global',
    commands: () => [{ type: 'taskDialog.open' }],
  },
  {
    keys: [ch('p')],
    label: 'p',
    description: 'Pause / resume the focused worker',
    scope: 'worker',
    commands: (id) => [{ type: 'worker.togglePause', id }],
  },
  {
    keys: [ch('x')],
    label: 'x',
    description: 'Kill the focused worker (asks first)',
    scope: 'worker',
    commands: (id) => [{ type: 'worker.kill', id }],
  },
  {
    keys: [ch('r')],
    label: 'r',
    description: 'Restart the focused worker once it has exited',
    scope: 'worker',
    commands: (id) => [{ type: 'worker.restart', id }],
  },
  {
    keys: [named('pageup')],
    label: 'PageUp / PageDown',
    description: "Scroll the focused worker's scrollback",
    scope: 'worker',
    commands: (id) => [{ type: 'worker.scroll', id, lines: PAGE_SCROLL_LINES }],
  },
  {
    keys: [named('pagedown')],
    label: 'PageUp / PageDown',
    description: "Scroll the focused worker's scrollback",
    scope: 'worker',
    commands: (id) => [{ type: 'worker.scroll', id, lines: -PAGE_SCROLL_LINES }],
  },
  {
    keys: [ch('G'), named('end')],
    label: 'G / End',
    description: 'Back to the live bottom of the focused worker',
    scope: 'worker',
    commands: (id) => [{ type: 'worker.scrollToBottom', id }],
  },
  {
    keys: [ch('?')],
    label: '?',
    description: 'Show / hide this help',
    scope: 'global',
    commands: () => [{ type: 'help.toggle' }],
  },
  {
    keys: [ch('q')],
    label: 'q',
    description: 'Quit (asks while workers run)',
    scope: 'global',
    commands: () => [{ type: 'app.quit' }],
  },
];

/** Keys of the confirm dialog and the help overlay. */
export const confirmKeys: readonly KeySpec[] = [ch('y'), ch('Y'), named('enter')];
export const cancelKeys: readonly KeySpec[] = [ch('n'), ch('N'), named('escape'), ch('q')];
export const helpCloseKeys: readonly KeySpec[] = [
  ch('?'),
  named('escape'),
  ch('q'),
  named('enter'),
];
/** After the prefix: back to NAVIGATE. */
export const leaveInsertKey: KeySpec = named('escape');

/** An editing key of the command line and the task dialog: a pure edit of the text. */
export interface EditBinding {
  keys: readonly KeySpec[];
  label: string;
  description: string;
  edit: (state: LineState) => LineState;
}

const edit = (
  keys: readonly KeySpec[],
  label: string,
  description: string,
  fn: EditBinding['edit'],
): EditBinding => ({ keys, label, description, edit: fn });

const MOVE = 'Move the cursor';
const DELETE_CHAR = 'Delete before / under the cursor';
const KILL = 'Delete to the start / the end of the line';

/** Editing keys of both the command line and the task dialog (lines are the dialog's lines). */
export const lineEditBindings: readonly EditBinding[] = [
  edit([named('left')], '← / →', MOVE, moveLeft),
  edit([named('right')], '← / →', MOVE, moveRight),
  edit([named('home'), ctrl('a')], 'Home / Ctrl-a', 'To the start of the line', moveLineStart),
  edit([named('end'), ctrl('e')], 'End / Ctrl-e', 'To the end of the line', moveLineEnd),
  edit([named('backspace')], 'Backspace / Delete', DELETE_CHAR, deleteBackward),
  edit([named('delete'), ctrl('d')], 'Backspace / Delete', DELETE_CHAR, deleteForward),
  edit(
    [ctrl('w'), { name: 'backspace', ctrl: true }],
    'Ctrl-w',
    'Delete the word before the cursor',
    deleteWordBackward,
  ),
  edit([ctrl('u')], 'Ctrl-u / Ctrl-k', KILL, killToLineStart),
  edit([ctrl('k')], 'Ctrl-u / Ctrl-k', KILL, killToLineEnd),
];

/** The task dialog's extra editing keys: it has more than one line. */
export const dialogEditBindings: readonly EditBinding[] = [
  edit([named('up')], '↑ / ↓', 'Move between lines', moveUp),
  edit([named('down')], '↑ / ↓', 'Move between lines', moveDown),
];

/** Keys of the master pane's command line (INSERT mode on the master pane). */
export const commandLineKeys = {
  submit: named('enter'),
  complete: named('tab'),
  leave: named('escape'),
} as const satisfies Record<string, KeySpec>;

/** Keys of the new-task dialog. */
export const taskDialogKeys = {
  submit: ctrl('s'),
  newline: [named('enter'), ctrl('j')],
  cancel: named('escape'),
} as const satisfies Record<string, KeySpec | readonly KeySpec[]>;

export function findEditBinding(
  token: KeyToken,
  bindings: readonly EditBinding[],
): EditBinding | undefined {
  return bindings.find((binding) => matchesAny(token, binding.keys));
}

export function matchesKey(token: KeyToken, spec: KeySpec): boolean {
  if (token.name !== spec.name || token.alt || token.ctrl !== (spec.ctrl ?? false)) return false;
  if (spec.name === 'char') return token.char === spec.char;
  return token.shift === (spec.shift ?? false);
}

export function matchesAny(token: KeyToken, specs: readonly KeySpec[]): boolean {
  return specs.some((spec) => matchesKey(token, spec));
}

export function findNavigateBinding(token: KeyToken): NavigateBinding | undefined {
  return navigateBindings.find((binding) => matchesAny(token, binding.keys));
}

export type HelpGroup =
  | 'Navigate'
  | 'Insert mode (prefix keys)'
  | 'Command line (master pane, INSERT)'
  | 'Commands'
  | 'New-task dialog'
  | 'Mouse'
  | 'Dialogs';

export interface HelpEntry {
  keys: string;
  description: string;
  group: HelpGroup;
}

/** The command line's commands, short enough for the help's key column. */
const COMMAND_HELP: readonly [keys: string, description: string][] = [
  ['/task TITLE', 'New task; options --role R --after T1,T2 --priority N'],
  ['/assign T W', 'Give task T to worker W (/reassign T W moves it)'],
  ['/cancel T', 'Cancel a task (/retry T runs it again)'],
  ['/priority T N', "Change a task's priority (higher runs first)"],
  ['/done T [text]', 'Mark a task done (/fail T [reason]: failed)'],
  ['/hold  /release', 'Stop / restart automatic dispatch'],
  ['/spawn PROFILE', 'Start a worker from a config profile [NAME]'],
  ['/pause W', 'Pause a worker (/resume, /kill, /restart W)'],
  ['/say W TEXT', 'Type a message into a worker (/broadcast TEXT: all)'],
  ['/answer W TEXT', "Answer a worker's question"],
  ['/reinstate W', 'Put a worker the circuit breaker stopped back in dispatch'],
];

/** One help line per label, in binding order. */
function entriesOf(
  bindings: readonly { label: string; description: string }[],
  group: HelpGroup,
): HelpEntry[] {
  const entries = new Map<string, HelpEntry>();
  for (const { label, description } of bindings) {
    if (!entries.has(label)) entries.set(label, { keys: label, description, group });
  }
  return [...entries.values()];
}

/** Every key the user can press, grouped, with the prefix written as configured. */
export function helpEntriesFor(prefixLabel: string): HelpEntry[] {
  const entry =
    (group: HelpGroup) =>
    (keys: string, description: string): HelpEntry => ({ keys, description, group });
  const insert = entry('Insert mode (prefix keys)');
  const line = entry('Command line (master pane, INSERT)');
  const dialog = entry('New-task dialog');
  return [
    ...entriesOf(navigateBindings, 'Navigate'),
    insert('any key', 'Goes to the focused worker (and returns its view to the bottom)'),
    insert(`${prefixLabel} Esc`, 'Back to NAVIGATE mode'),
    insert(`${prefixLabel} ${prefixLabel}`, `Send a literal ${prefixLabel} to the worker`),
    insert(`${prefixLabel} <key>`, `Run a NAVIGATE key and stay in INSERT (${prefixLabel} 2)`),
    line('Enter', 'Run the command'),
    line('Tab', 'Complete the command, worker names and task ids'),
    line('Esc', 'Back to NAVIGATE (the line is kept)'),
    ...entriesOf(lineEditBindings, 'Command line (master pane, INSERT)'),
    ...COMMAND_HELP.map(([keys, description]) => entry('Commands')(keys, description)),
    dialog('first line', 'The title; role: R, after: T1,T2, priority: N lines; the rest: brief'),
    dialog('Enter', 'New line'),
    dialog('Ctrl-s', 'Create the task'),
    dialog('Esc', 'Cancel'),
    ...entriesOf(dialogEditBindings, 'New-task dialog'),
    {
      keys: 'click',
      description: 'Focus the pane (passed on if its program uses the mouse)',
      group: 'Mouse',
    },
    {
      keys: 'wheel',
      description: "Scroll the pane's scrollback (passed on if its program uses the mouse)",
      group: 'Mouse',
    },
    { keys: 'y / Enter', description: 'Confirm', group: 'Dialogs' },
    { keys: 'n / Esc / q', description: 'Cancel', group: 'Dialogs' },
    { keys: '? / Esc / q / Enter', description: 'Close the help', group: 'Dialogs' },
  ];
}

export interface PrefixKey {
  /** The byte the terminal sends, e.g. "\x02". */
  byte: string;
  /** How hints write it, e.g. "Ctrl-b". */
  label: string;
}

/**
 * Reads a configured prefix key: Ctrl plus a letter, written `C-b`, `Ctrl-b`, `ctrl+b`
 * or `Control-b` (any case). Ctrl-h, Ctrl-i and Ctrl-m are refused: their bytes are
 * Backspace, Tab and Enter, which would stop reaching workers.
 */
export function parsePrefixKey(spec: string): PrefixKey {
  const match = /^\s*(?:c|ctrl|control)\s*[-+]\s*([a-z])\s*$/i.exec(spec);
  const letter = match?.[1]?.toLowerCase();
  if (letter === undefined) {
    throw new Error(
      `Invalid prefix key ${JSON.stringify(spec)}: expected Ctrl plus a letter, written ` +
        'like C-b, Ctrl-b or ctrl+b.',
    );
  }
  const clash = RESERVED_CTRL_LETTERS[letter];
  if (clash !== undefined) {
    throw new Error(
      `Invalid prefix key ${JSON.stringify(spec)}: Ctrl-${letter} is the same byte as ${clash}; ` +
        'choose another letter, written like C-b, Ctrl-b or ctrl+b.',
    );
  }
  return { byte: String.fromCharCode(letter.charCodeAt(0) - 0x60), label: `Ctrl-${letter}` };
}

const RESERVED_CTRL_LETTERS: Record<string, string | undefined> = {
  h: 'Backspace',
  i: 'Tab',
  m: 'Enter',
};

export const DEFAULT_PREFIX_KEY: PrefixKey = parsePrefixKey('C-b');

/** Every key the user can press, with the default prefix. */
export const helpEntries: HelpEntry[] = helpEntriesFor(DEFAULT_PREFIX_KEY.label);

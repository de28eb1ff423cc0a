import type { Command, Direction } from '../engine/commands.js';
import type { KeyName, KeyToken } from './types.js';

/**
 * Every key binding, as data, in one place. The router reads these; the help overlay
 * and the README are written from `helpEntriesFor`.
 */

/** A key as bindings name it. Ctrl and Alt must be off; `shift` only matters for named keys. */
export interface KeySpec {
  name: KeyName;
  /** For `char` keys: the character, whose case already says whether Shift was held. */
  char?: string;
  shift?: boolean;
}

export interface NavigateBinding {
  keys: readonly KeySpec[];
  /** The keys as help writes them; bindings sharing a label share one help line. */
  label: string;
  description: string;
  /** 'worker' bindings act on the focused worker, so they do nothing on the master pane. */
  scope: 'global' | 'worker';
  commands: (focus: string) => Command[];
}

/** Lines PageUp / PageDown scroll: about half a pane. */
export const PAGE_SCROLL_LINES = 10;
/** Lines one wheel notch scrolls a pane's scrollback. */
export const WHEEL_SCROLL_LINES = 3;

const ch = (char: string): KeySpec => ({ name: 'char', char });
const named = (name: KeyName, shift = false): KeySpec => ({ name, shift });

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
    keys: [ch('i'), named('enter')],
    label: 'i / Enter',
    description: 'Type into the focused worker (INSERT mode)',
    scope: 'worker',
    commands: () => [{ type: 'mode.set', mode: 'insert' }],
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

export function matchesKey(token: KeyToken, spec: KeySpec): boolean {
  if (token.name !== spec.name || token.ctrl || token.alt) return false;
  if (spec.name === 'char') return token.char === spec.char;
  return token.shift === (spec.shift ?? false);
}

export function matchesAny(token: KeyToken, specs: readonly KeySpec[]): boolean {
  return specs.some((spec) => matchesKey(token, spec));
}

export function findNavigateBinding(token: KeyToken): NavigateBinding | undefined {
  return navigateBindings.find((binding) => matchesAny(token, binding.keys));
}

export interface HelpEntry {
  keys: string;
  description: string;
  group: 'Navigate' | 'Insert mode (prefix keys)' | 'Mouse' | 'Dialogs';
}

/** Every key the user can press, grouped, with the prefix written as configured. */
export function helpEntriesFor(prefixLabel: string): HelpEntry[] {
  const navigate = new Map<string, HelpEntry>();
  for (const { label, description } of navigateBindings) {
    if (!navigate.has(label)) navigate.set(label, { keys: label, description, group: 'Navigate' });
  }
  const insert = (keys: string, description: string): HelpEntry => ({
    keys,
    description,
    group: 'Insert mode (prefix keys)',
  });
  return [
    ...navigate.values(),
    insert('any key', 'Goes to the focused worker (and returns its view to the bottom)'),
    insert(`${prefixLabel} Esc`, 'Back to NAVIGATE mode'),
    insert(`${prefixLabel} ${prefixLabel}`, `Send a literal ${prefixLabel} to the worker`),
    insert(`${prefixLabel} <key>`, `Run a NAVIGATE key and stay in INSERT (${prefixLabel} 2)`),
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

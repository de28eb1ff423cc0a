import {
  commandArgumentKinds,
  COMMAND_WORDS,
  type ArgumentKind,
} from '../orchestrator/commandLine.js';

/**
 * Text editing as pure functions over `{ text, cursor }`: the master pane's
 * command line and the new-task dialog (where the text may hold newlines).
 *
 * The cursor counts code points, not UTF-16 units: that is how the chrome
 * measures widths (`textWidth`), and it keeps an emoji one step of the arrow
 * keys instead of two halves that could be split by an edit.
 */

export interface LineState {
  text: string;
  /** 0 … the text's length in code points. */
  cursor: number;
}

export const EMPTY_LINE: LineState = { text: '', cursor: 0 };

const NEWLINE = '\n';
const WORD_SEPARATOR = /\s/;

const chars = (text: string): string[] => Array.from(text);

function clamp(cursor: number, length: number): number {
  return Math.max(0, Math.min(length, Math.trunc(cursor)));
}

function splice(state: LineState, from: number, to: number, insert = ''): LineState {
  const all = chars(state.text);
  const start = clamp(from, all.length);
  const end = clamp(to, all.length);
  const inserted = chars(insert);
  return {
    text: [...all.slice(0, start), ...inserted, ...all.slice(end)].join(''),
    cursor: start + inserted.length,
  };
}

const cursorOf = (state: LineState): number => clamp(state.cursor, chars(state.text).length);

export function insertText(state: LineState, text: string): LineState {
  const at = cursorOf(state);
  return text === '' ? { ...state, cursor: at } : splice(state, at, at, text);
}

export function deleteBackward(state: LineState): LineState {
  const at = cursorOf(state);
  return at === 0 ? { ...state, cursor: at } : splice(state, at - 1, at);
}

export function deleteForward(state: LineState): LineState {
  const at = cursorOf(state);
  return splice(state, at, at + 1);
}

export function moveLeft(state: LineState): LineState {
  return { ...state, cursor: Math.max(0, cursorOf(state) - 1) };
}

export function moveRight(state: LineState): LineState {
  return { ...state, cursor: clamp(cursorOf(state) + 1, chars(state.text).length) };
}

/** Where the cursor's line starts and ends (its newline excluded), in code points. */
function lineBounds(state: LineState): { start: number; end: number } {
  const all = chars(state.text);
  const at = cursorOf(state);
  let start = at;
  while (start > 0 && all[start - 1] !== NEWLINE) start--;
  let end = at;
  while (end < all.length && all[end] !== NEWLINE) end++;
  return { start, end };
}

export function moveLineStart(state: LineState): LineState {
  return { ...state, cursor: lineBounds(state).start };
}

export function moveLineEnd(state: LineState): LineState {
  return { ...state, cursor: lineBounds(state).end };
}

/** Ctrl-u: everything from the start of the line to the cursor. */
export function killToLineStart(state: LineState): LineState {
  return splice(state, lineBounds(state).start, cursorOf(state));
}

/** Ctrl-k: everything from the cursor to the end of the line. */
export function killToLineEnd(state: LineState): LineState {
  return splice(state, cursorOf(state), lineBounds(state).end);
}

/**
 * Ctrl-w: the word before the cursor and the blanks after it, as shells do.
 * It stops at the start of the line; right after a newline it joins the lines.
 */
export function deleteWordBackward(state: LineState): LineState {
  const all = chars(state.text);
  const at = cursorOf(state);
  if (at > 0 && all[at - 1] === NEWLINE) return splice(state, at - 1, at);
  const { start } = lineBounds(state);
  let from = at;
  while (from > start && WORD_SEPARATOR.test(all[from - 1] ?? '')) from--;
  while (from > start && !WORD_SEPARATOR.test(all[from - 1] ?? '')) from--;
  return splice(state, from, at);
}

/** Row and column of the cursor, both 0-based, in code points. */
export function cursorPosition(state: LineState): { row: number; col: number } {
  const before = chars(state.text).slice(0, cursorOf(state));
  const lastBreak = before.lastIndexOf(NEWLINE);
  const row = before.filter((c) => c === NEWLINE).length;
  return { row, col: before.length - lastBreak - 1 };
}

function moveRows(state: LineState, delta: -1 | 1): LineState {
  const lines = state.text.split(NEWLINE).map(chars);
  const { row, col } = cursorPosition(state);
  const target = row + delta;
  const line = lines[target];
  if (line === undefined) return delta < 0 ? moveLineStart(state) : moveLineEnd(state);
  const offset = lines.slice(0, target).reduce((sum, l) => sum + l.length + 1, 0);
  return { ...state, cursor: offset + Math.min(col, line.length) };
}

/** Up a line, keeping the column where the line is long enough; on the first line, to its start. */
export const moveUp = (state: LineState): LineState => moveRows(state, -1);
/** Down a line; on the last line, to its end. */
export const moveDown = (state: LineState): LineState => moveRows(state, 1);

const LINE_BREAKS = /\r\n?|\n/g;
const TAB = /\t/g;
const TAB_SPACES = '  ';
const DEL = 0x7f;
const FIRST_PRINTABLE = 0x20;

/** C0 controls and DEL removed (a pasted ESC must not reach anything); newlines kept. */
function withoutControls(text: string): string {
  return chars(text)
    .filter((c) => {
      const code = c.codePointAt(0) ?? 0;
      return c === NEWLINE || (code >= FIRST_PRINTABLE && code !== DEL);
    })
    .join('');
}

/** Pasted text for a one-line editor: line breaks and tabs become spaces, controls go. */
export function singleLine(text: string): string {
  return withoutControls(text.replace(LINE_BREAKS, ' ').replace(TAB, ' '));
}

/** Pasted text for the multi-line editor: `\n` line breaks, tabs as spaces, no controls. */
export function multiLine(text: string): string {
  return withoutControls(text.replace(LINE_BREAKS, NEWLINE).replace(TAB, TAB_SPACES));
}

/** What a one-row editor of `width` cells shows: the cursor cell and the text around it. */
export interface CursorView {
  before: string;
  /** The character under the cursor, or a space at the end of the text. */
  under: string;
  after: string;
}

/**
 * A window of the line `width` cells wide that keeps the cursor in view,
 * scrolled only as far as needed; a cut at either end is shown as …. The
 * pieces together are at most `width` cells.
 */
export function cursorView(line: string, cursor: number, width: number): CursorView {
  if (width <= 0) return { before: '', under: '', after: '' };
  const all = chars(line);
  const at = clamp(cursor, all.length);
  const start = Math.max(0, at - width + 1);
  const before = all.slice(start, at);
  if (start > 0 && before.length > 0) before[0] = '…';
  const under = all[at] ?? ' ';
  const after = all.slice(at + 1, start + width);
  if (all.length > start + width && after.length > 0) after[after.length - 1] = '…';
  return { before: before.join(''), under, after: after.join('') };
}

/** What Tab can complete on the command line. Commands are written without their slash. */
export interface CompletionNames {
  workers: readonly string[];
  tasks: readonly string[];
  commands: readonly string[];
}

/** The commands' words, for completion (the command line's own grammar). */
export const COMMAND_LINE_COMMANDS: readonly string[] = COMMAND_WORDS;

/** What each argument of a known command names; others get any worker or task name. */
const ARGUMENT_KINDS: Readonly<Record<string, readonly ArgumentKind[] | undefined>> =
  commandArgumentKinds;

const COMMAND_PREFIX = '/';
/** `/task` options; `--after` takes task ids, separated by commas. */
const TASK_OPTIONS = ['--role', '--after', '--priority'];
const AFTER_OPTION = '--after';
const LIST_SEPARATOR = ',';
const BLANK = /\s/;

/**
 * Tab on the command line: completes the word before the cursor — the command
 * after `/`, then the worker names or task ids its arguments take (task ids in
 * `/task … --after T1,T2` too). Without cycling: a single match is completed
 * with a space after it, several only as far as they agree, and nothing
 * happens (null) when there is nothing to add. Case does not matter for
 * matching; the completion is written as the name is spelled.
 */
export function completeCommandLine(
  text: string,
  cursor: number,
  names: CompletionNames,
): LineState | null {
  const all = chars(text);
  const at = clamp(cursor, all.length);
  // Only at the end of a word: completing into the middle of one would garble it.
  if (at < all.length && !BLANK.test(all[at] ?? '')) return null;
  let wordStart = at;
  while (wordStart > 0 && !BLANK.test(all[wordStart - 1] ?? '')) wordStart--;
  const word = all.slice(wordStart, at).join('');
  const previous = all.slice(0, wordStart).join('').trim().split(/\s+/).filter(Boolean);

  const target = completionTarget(previous, word, names);
  if (target === null) return null;
  const { fragment, candidates, list } = target;
  const matches = unique(candidates).filter((c) =>
    c.toLowerCase().startsWith(fragment.toLowerCase()),
  );
  if (matches.length === 0) return null;
  const only = matches.length === 1 ? matches[0] : undefined;
  const completion = only ?? commonPrefix(matches);
  const fragmentStart = at - chars(fragment).length;
  const done = only !== undefined && !list;
  const next = done && at === all.length ? ' ' : '';
  const result = splice({ text, cursor: at }, fragmentStart, at, completion + next);
  // A completed word already followed by a blank: step over it.
  const cursorAfter = done && next === '' ? result.cursor + 1 : result.cursor;
  if (result.text === text && cursorAfter === at) return null;
  return { text: result.text, cursor: cursorAfter };
}

interface CompletionTarget {
  /** The part of the word being completed (after a comma in a list). */
  fragment: string;
  candidates: readonly string[];
  /** A comma-separated list: no space after a completed item. */
  list: boolean;
}

function completionTarget(
  previous: readonly string[],
  word: string,
  names: CompletionNames,
): CompletionTarget | null {
  const [first, ...args] = previous;
  if (first === undefined) {
    if (!word.startsWith(COMMAND_PREFIX)) return null;
    const commands = names.commands.map((c) => COMMAND_PREFIX + c.replace(/^\//, ''));
    return { fragment: word, candidates: commands, list: false };
  }
  if (!first.startsWith(COMMAND_PREFIX)) return null;
  const command = first.slice(COMMAND_PREFIX.length).toLowerCase();
  if (command === 'task') {
    if (word.startsWith('--')) return { fragment: word, candidates: TASK_OPTIONS, list: false };
    if (args[args.length - 1] !== AFTER_OPTION) return null;
    const fragment = word.slice(word.lastIndexOf(LIST_SEPARATOR) + 1);
    return { fragment, candidates: names.tasks, list: true };
  }
  const kinds = Object.hasOwn(ARGUMENT_KINDS, command) ? ARGUMENT_KINDS[command] : undefined;
  // A command this table does not know (a newer one): offer any name.
  if (kinds === undefined) {
    return { fragment: word, candidates: [...names.workers, ...names.tasks], list: false };
  }
  // Profiles, new names, numbers and free text: nothing to complete from here.
  const kind = kinds[args.length];
  if (kind === 'task') return { fragment: word, candidates: names.tasks, list: false };
  if (kind === 'worker') return { fragment: word, candidates: names.workers, list: false };
  return null;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The longest prefix all `values` share, compared without case, spelled as the first. */
function commonPrefix(values: readonly string[]): string {
  const [first = ''] = values;
  const firstChars = chars(first);
  let length = firstChars.length;
  for (const value of values.slice(1)) {
    const other = chars(value);
    let i = 0;
    while (i < length && i < other.length && sameLetter(firstChars[i], other[i])) i++;
    length = i;
  }
  return firstChars.slice(0, length).join('');
}

function sameLetter(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

import type { Overlay } from '../store/uiSlice.js';
import { textWidth, wrapWords } from './text.js';
import type { Rect } from './types.js';

/**
 * Where dialogs go. Ink draws them and the compositor must not paint pane
 * rows over them, so both ask these pure functions — the same way both ask
 * `computeLayout` for the tiles.
 */

export interface Screen {
  cols: number;
  rows: number;
}

/** One line of help: the keys as the user presses them, what they do, and their section. */
export interface HelpEntry {
  keys: string;
  description: string;
  group: string;
}

export type HelpLine =
  | { kind: 'group'; text: string }
  | { kind: 'entry'; keys: string; description: string }
  | { kind: 'blank' }
  | { kind: 'more'; hidden: number };

/** Centred above the status bar (the last row stays visible). */
export function centeredRect(screen: Screen, width: number, height: number): Rect {
  const w = Math.max(0, Math.min(width, screen.cols));
  const h = Math.max(0, Math.min(height, screen.rows - 1));
  return {
    x: Math.floor((screen.cols - w) / 2),
    y: Math.max(0, Math.floor((screen.rows - 1 - h) / 2)),
    width: w,
    height: h,
  };
}

const CONFIRM_MIN_WIDTH = 36;
const CONFIRM_MAX_WIDTH = 64;
/** Border plus one space of padding on each side. */
const CHROME_WIDTH = 4;
const CHROME_HEIGHT = 2;

export interface ConfirmLayout {
  rect: Rect;
  innerWidth: number;
  lines: string[];
}

export function confirmDialogLayout(screen: Screen, title: string, message: string): ConfirmLayout {
  const natural = Math.max(
    CONFIRM_MIN_WIDTH,
    textWidth(title) + 6,
    textWidth(message) + CHROME_WIDTH,
  );
  const width = Math.min(natural, CONFIRM_MAX_WIDTH, screen.cols - 2);
  const innerWidth = Math.max(1, width - CHROME_WIDTH);
  const lines = wrapWords(message, innerWidth);
  // Message, a blank line, then the keys.
  return { rect: centeredRect(screen, width, lines.length + 4), innerWidth, lines };
}

export const HELP_TITLE = 'keys';
export const HELP_CLOSE_HINT = '? or Esc closes';
const COLUMN_GAP = 3;
/** Narrower columns would cut the descriptions, which are the point of the help. */
const MIN_COLUMN_WIDTH = 32;

export interface HelpLayout {
  rect: Rect;
  title: string;
  columns: HelpLine[][];
  columnWidth: number;
  columnGap: number;
  keysWidth: number;
}

/**
 * Every key, grouped, in as many columns as the screen needs. When even that
 * does not fit, the last line says how many entries are hidden rather than
 * dropping them silently.
 */
export function helpOverlayLayout(
  screen: Screen,
  entries: readonly HelpEntry[],
  version: string,
): HelpLayout {
  const lines = helpLines(entries);
  const keysWidth = Math.max(0, ...entries.map((e) => textWidth(e.keys)));
  const title = `${HELP_TITLE} · multibot-tui ${version}`;
  // The title and the close hint sit in the borders, with a rule cell and a space each side.
  const naturalWidth = Math.max(
    textWidth(title) + 4,
    textWidth(HELP_CLOSE_HINT) + 4,
    ...lines.map((l) => lineWidth(l, keysWidth)),
  );
  const maxInnerWidth = screen.cols - 2 - CHROME_WIDTH;
  const maxInnerHeight = Math.max(1, screen.rows - 3 - CHROME_HEIGHT);

  const allColumns = splitColumns(lines, maxInnerHeight);
  const fitting = Math.max(
    1,
    Math.floor(
      (maxInnerWidth + COLUMN_GAP) / (Math.min(naturalWidth, MIN_COLUMN_WIDTH) + COLUMN_GAP),
    ),
  );
  const columns = allColumns.slice(0, fitting);
  const last = columns[columns.length - 1];
  const overflow = allColumns.slice(fitting).flat();
  if (overflow.length > 0 && last) {
    // The notice takes the place of the last shown line, so that line is hidden too.
    const hidden = [...last.splice(-1), ...overflow].filter((l) => l.kind === 'entry').length;
    last.push({ kind: 'more', hidden });
  }
  const columnWidth = Math.min(
    naturalWidth,
    Math.floor((maxInnerWidth - (columns.length - 1) * COLUMN_GAP) / columns.length),
  );
  const innerWidth = columns.length * columnWidth + (columns.length - 1) * COLUMN_GAP;
  const innerHeight = Math.max(...columns.map((c) => c.length));
  const rect = centeredRect(screen, innerWidth + CHROME_WIDTH, innerHeight + CHROME_HEIGHT);
  return { rect, title, columns, columnWidth, columnGap: COLUMN_GAP, keysWidth };
}

/** Groups in order of first appearance, a blank line between them. */
export function helpLines(entries: readonly HelpEntry[]): HelpLine[] {
  const groups = new Map<string, HelpEntry[]>();
  for (const entry of entries) groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
  const lines: HelpLine[] = [];
  for (const [group, members] of groups) {
    if (lines.length > 0) lines.push({ kind: 'blank' });
    lines.push({ kind: 'group', text: group });
    for (const m of members)
      lines.push({ kind: 'entry', keys: m.keys, description: m.description });
  }
  return lines;
}

function lineWidth(line: HelpLine, keysWidth: number): number {
  switch (line.kind) {
    case 'blank':
    case 'more':
      return 0;
    case 'group':
      return textWidth(line.text);
    case 'entry':
      return keysWidth + 2 + textWidth(line.description);
  }
}

/** Cut into columns of at most `height` lines; a column never starts with a blank line. */
function splitColumns(lines: readonly HelpLine[], height: number): HelpLine[][] {
  const columns: HelpLine[][] = [];
  let current: HelpLine[] = [];
  for (const line of lines) {
    if (current.length === 0 && line.kind === 'blank') continue;
    // A group heading at the foot of a column, apart from its entries, reads as a mistake.
    if (line.kind === 'group' && current.length === height - 1 && height > 1) {
      columns.push(current);
      current = [];
    }
    current.push(line);
    if (current.length === height) {
      columns.push(current);
      current = [];
    }
  }
  if (current.length > 0 || columns.length === 0) columns.push(current);
  return columns;
}

/** The rectangle the open dialog covers, or null when none is open. */
export function overlayRect(
  screen: Screen,
  overlay: Overlay | null,
  helpEntries: readonly HelpEntry[],
  version: string,
): Rect | null {
  if (!overlay) return null;
  switch (overlay.kind) {
    case 'help':
      return helpOverlayLayout(screen, helpEntries, version).rect;
    case 'confirm':
      return confirmDialogLayout(screen, overlay.title, overlay.message).rect;
    case 'taskDialog':
      return taskDialogRect(screen);
  }
}

const TASK_DIALOG_MAX_WIDTH = 76;
const TASK_DIALOG_MAX_HEIGHT = 16;

/** The new-task dialog: a fixed, generous box, so typing never makes it jump. */
export function taskDialogRect(screen: Screen): Rect {
  return centeredRect(
    screen,
    Math.min(TASK_DIALOG_MAX_WIDTH, screen.cols - 4),
    Math.min(TASK_DIALOG_MAX_HEIGHT, screen.rows - 4),
  );
}

import serialize from '@xterm/addon-serialize';
import unicode11 from '@xterm/addon-unicode11';
import xtermHeadless from '@xterm/headless';
import type { Terminal } from '@xterm/headless';
import { parseResize, type CastEvent } from './castFormat.js';

// CommonJS packages without an `exports` map: under Node ESM only the default import
// is reliable (as in src/terminal/paneScreen.ts).
const { Terminal: HeadlessTerminal } = xtermHeadless;
const { Unicode11Addon } = unicode11;
const { SerializeAddon } = serialize;

/**
 * Lines kept above the screen by the recorder's mirror and the player, and saved in
 * every keyframe. A pane that grows (zoom) pulls lines back from its scrollback, so a
 * screen restored without them would differ from the live one; 100 covers growing by
 * up to 100 rows, while a keyframe stays a few tens of KB and ~2 ms to serialize.
 */
export const REPLAY_SCROLLBACK = 100;

/** A headless terminal set up like a live pane (Unicode 11 widths), for recording and replay. */
export function createScreen(cols: number, rows: number): Terminal {
  const terminal = new HeadlessTerminal({
    cols: Math.max(1, cols),
    rows: Math.max(1, rows),
    scrollback: REPLAY_SCROLLBACK,
    allowProposedApi: true,
  });
  terminal.loadAddon(new Unicode11Addon());
  terminal.unicode.activeVersion = '11';
  return terminal;
}

/** Resolves once `data` (and everything written before it) has been parsed. */
export function writeParsed(terminal: Terminal, data: string): Promise<void> {
  return new Promise((resolve) => terminal.write(data, resolve));
}

/**
 * Queues events on the terminal in order: a resize runs only after the output before it
 * was parsed (xterm resizes at once but parses later), as it did in the recorded pane.
 * Input and markers do not change the screen. Returns the characters queued.
 */
export function queueEvents(terminal: Terminal, events: readonly CastEvent[]): number {
  let chars = 0;
  for (const event of events) {
    if (event.code === 'o') {
      terminal.write(event.data);
      chars += event.data.length;
    } else if (event.code === 'r') {
      const size = parseResize(event.data);
      if (size) terminal.write('', () => terminal.resize(size.cols, size.rows));
    }
  }
  return chars;
}

export async function applyEvents(terminal: Terminal, events: readonly CastEvent[]): Promise<void> {
  queueEvents(terminal, events);
  await writeParsed(terminal, '');
}

const addons = new WeakMap<Terminal, InstanceType<typeof SerializeAddon>>();

/** Internals the public API does not expose; read defensively (absent → not restored). */
interface CoreInternals {
  buffer?: { scrollTop?: number; scrollBottom?: number; savedX?: number; savedY?: number };
  coreService?: { isCursorHidden?: boolean };
}

/**
 * The screen as text that rebuilds it when written to a fresh terminal of the same
 * size: the addon's cells, colours, cursor, pen, alternate screen and modes, plus the
 * state it leaves out (scroll region, saved cursor, hidden cursor). Not restored:
 * character sets, tab stops, the saved cursor's colours.
 */
export function serializeScreen(terminal: Terminal): string {
  let addon = addons.get(terminal);
  if (!addon) {
    addon = new SerializeAddon();
    terminal.loadAddon(addon);
    addons.set(terminal, addon);
  }
  return addon.serialize({ scrollback: REPLAY_SCROLLBACK }) + extraState(terminal);
}

function extraState(terminal: Terminal): string {
  const core = (terminal as unknown as { _core?: CoreInternals })._core;
  const buffer = terminal.buffer.active;
  const internal = core?.buffer;
  let out = '';
  const top = internal?.scrollTop ?? 0;
  const bottom = internal?.scrollBottom ?? terminal.rows - 1;
  const hasRegion = top !== 0 || bottom !== terminal.rows - 1;
  const savedX = internal?.savedX ?? 0;
  // Saved rows count from the top of the scrollback; the restored buffer has less of it.
  const savedY = (internal?.savedY ?? 0) - buffer.baseY;
  const hasSaved = (savedX !== 0 || savedY !== 0) && savedY >= 0 && savedY < terminal.rows;
  const origin = terminal.modes.originMode;
  if (hasRegion || hasSaved) {
    // Every step below homes or moves the cursor, so it is put back absolutely at the
    // end. Only done when needed: the addon alone keeps a pending wrap at the margin.
    if (origin) out += '\x1b[?6l';
    if (hasSaved) out += `\x1b[${savedY + 1};${savedX + 1}H\x1b7`;
    if (hasRegion) out += `\x1b[${top + 1};${bottom + 1}r`;
    if (origin) out += '\x1b[?6h';
    const row = buffer.cursorY - (origin ? top : 0);
    out += `\x1b[${row + 1};${Math.min(buffer.cursorX, terminal.cols - 1) + 1}H`;
  }
  if (core?.coreService?.isCursorHidden) out += '\x1b[?25l';
  return out;
}

/** A fresh terminal showing a serialized screen. */
export async function restoreScreen(cols: number, rows: number, screen: string): Promise<Terminal> {
  const terminal = createScreen(cols, rows);
  await writeParsed(terminal, screen);
  return terminal;
}

/** The visible rows as plain text and the cursor: what equal screens have in common. */
export interface ScreenText {
  cols: number;
  rows: number;
  lines: string[];
  cursor: { x: number; y: number };
}

export function screenText(terminal: Terminal): ScreenText {
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < terminal.rows; y += 1) {
    lines.push(buffer.getLine(buffer.baseY + y)?.translateToString(true) ?? '');
  }
  return {
    cols: terminal.cols,
    rows: terminal.rows,
    lines,
    cursor: { x: buffer.cursorX, y: buffer.cursorY },
  };
}

import type { IBufferCell, IBufferLine } from '@xterm/headless';

/*
 * One emulated row → ANSI for the host terminal. The emulator has already consumed the
 * worker's own escapes (titles, OSC 52, modes); re-rendering cells is what keeps them from
 * reaching the host, so nothing but SGR is ever emitted here.
 *
 * Hot path: runs for every changed row at up to 60 fps for several panes, so one
 * IBufferCell is reused, attributes are decoded only when a cell's differ from its left
 * neighbour's, and SGR is written only when the pen actually changes.
 */

// Colour modes as getFgColorMode()/getBgColorMode() report them (xterm's Attributes.CM_*).
// The numbers matter: 16-colour (SGR 31) and 256-colour (SGR 38;5;1) are distinct modes
// in the emulator, and keeping them distinct keeps the host's bright/bold handling intact.
const COLOR_MODE_DEFAULT = 0;
const COLOR_MODE_P16 = 0x1000000;
const COLOR_MODE_P256 = 0x2000000;
const COLOR_MODE_RGB = 0x3000000;

const BOLD = 1;
const DIM = 2;
const ITALIC = 4;
const UNDERLINE = 8;
const BLINK = 16;
const INVERSE = 32;
const INVISIBLE = 64;
const STRIKETHROUGH = 128;
const OVERLINE = 256;
const BOLD_OR_DIM = BOLD | DIM;

const RESET = '\x1b[0m';

// Palette parameters are built once: colour changes are the common case in busy rows.
// 16-colour 0–7 are the normal colours (30–37 / 40–47), 8–15 the bright (90–97 / 100–107).
const palette16 = (normal: number, bright: number): string[] =>
  Array.from({ length: 16 }, (_, i) => ';' + (i < 8 ? normal + i : bright + i - 8));
const FG_16 = palette16(30, 90);
const BG_16 = palette16(40, 100);
const FG_256 = Array.from({ length: 256 }, (_, i) => ';38;5;' + i);
const BG_256 = Array.from({ length: 256 }, (_, i) => ';48;5;' + i);

// Simple on/off attributes: [flag, SGR on, SGR off]. Bold and dim share their "off" (22)
// and are handled separately.
const TOGGLES: ReadonlyArray<readonly [number, string, string]> = [
  [ITALIC, ';3', ';23'],
  [UNDERLINE, ';4', ';24'],
  [BLINK, ';5', ';25'],
  [INVERSE, ';7', ';27'],
  [INVISIBLE, ';8', ';28'],
  [STRIKETHROUGH, ';9', ';29'],
  [OVERLINE, ';53', ';55'],
];

// C0, DEL and C1: the emulator should never store them in a cell, but a raw control byte
// reaching the host would be an escape hatch, so the renderer refuses them regardless.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A blank row: what a missing line (or a disposed screen) paints. */
export function blankRow(cols: number): string {
  return RESET + ' '.repeat(Math.max(0, cols)) + RESET;
}

/**
 * Render `line` as exactly `cols` cells: starts and ends with a reset, emits SGR only
 * where attributes change, pads with blanks, never overflows. Pass a `scratch` cell
 * (e.g. `buffer.getNullCell()`) to avoid allocating one per call.
 *
 * With `starts` (length ≥ painted columns + 1), `starts[i]` receives the index in the
 * result where the text of column `start + i` begins, after its SGR; both columns of a
 * wide glyph get the same index, and the last entry is where the closing reset begins.
 * That is what lets a copy of the row be cut into column ranges later (see rowSlice.ts).
 */
export function rowToAnsi(
  line: IBufferLine | undefined,
  cols: number,
  scratch?: IBufferCell,
  segment: { start: number; end: number } = { start: 0, end: cols },
  starts?: Uint32Array,
): string {
  // A segment paints columns [start, end) only, for panes partly hidden by a dialog;
  // a wide glyph cut by either edge becomes a blank, like one cut by the last column.
  const start = Math.max(0, Math.min(segment.start, cols));
  const end = Math.max(start, Math.min(segment.end, cols));
  const width = line === undefined ? 0 : Math.min(end, line.length);
  const cell = width > start ? (scratch ?? line?.getCell(0)) : undefined;
  if (line === undefined || cell === undefined) {
    if (starts) for (let i = 0; i <= end - start; i++) starts[i] = RESET.length + i;
    return blankRow(end - start);
  }

  let out = RESET;
  const pen = new Pen();
  // See RawCell: when the packed attribute words are readable, a cell whose words equal
  // the previous cell's has the same pen and the dozen accessor calls are skipped.
  const raw = hasRawAttributes(cell) ? cell : undefined;
  // NaN matches nothing, so the first cell is always decoded.
  let rawFg = NaN;
  let rawBg = NaN;
  let rawExtended: unknown = undefined;

  let x = start;
  while (x < width) {
    line.getCell(x, cell);
    if (raw === undefined) {
      out += pen.moveTo(cell);
    } else if (raw.fg !== rawFg || raw.bg !== rawBg || raw.extended !== rawExtended) {
      rawFg = raw.fg;
      rawBg = raw.bg;
      rawExtended = raw.extended;
      out += pen.moveTo(cell);
    }

    const cellWidth = cell.getWidth();
    if (starts) starts[x - start] = out.length;
    if (cellWidth === 2) {
      // A wide glyph needs both columns; cut at the edge it would spill, so a blank
      // keeps the row exactly `cols` wide. Its placeholder cell (width 0) is skipped.
      if (x + 1 >= width) {
        out += ' ';
        x += 1;
      } else {
        if (starts) starts[x + 1 - start] = out.length;
        out += printable(cell.getChars(), '  ');
        x += 2;
      }
    } else {
      // Width 0 here is a placeholder without its wide glyph; paint it blank.
      out += cellWidth === 0 ? ' ' : printable(cell.getChars(), ' ');
      x += 1;
    }
  }

  if (x < end) {
    // Beyond the line there are no cells: blanks in the default colours.
    if (!pen.isDefault()) out += RESET;
    if (starts) for (let i = x; i < end; i++) starts[i - start] = out.length + i - x;
    out += ' '.repeat(end - x);
  }
  if (starts) starts[end - start] = out.length;
  return out + RESET;
}

/** The attributes the host terminal currently draws with, as far as this row knows. */
class Pen {
  private fgMode = COLOR_MODE_DEFAULT;
  private fg = 0;
  private bgMode = COLOR_MODE_DEFAULT;
  private bg = 0;
  private flags = 0;

  isDefault(): boolean {
    return (
      this.flags === 0 && this.fgMode === COLOR_MODE_DEFAULT && this.bgMode === COLOR_MODE_DEFAULT
    );
  }

  /** The SGR sequence that switches to `cell`'s attributes; '' when nothing changes. */
  moveTo(cell: IBufferCell): string {
    const fgMode = cell.getFgColorMode();
    const fg = fgMode === COLOR_MODE_DEFAULT ? 0 : cell.getFgColor();
    const bgMode = cell.getBgColorMode();
    const bg = bgMode === COLOR_MODE_DEFAULT ? 0 : cell.getBgColor();
    const flags = cellFlags(cell);
    let params = flagParams(this.flags, flags);
    if (fgMode !== this.fgMode || fg !== this.fg) params += colorParams(fgMode, fg, true);
    if (bgMode !== this.bgMode || bg !== this.bg) params += colorParams(bgMode, bg, false);
    if (params === '') return '';
    this.fgMode = fgMode;
    this.fg = fg;
    this.bgMode = bgMode;
    this.bg = bg;
    this.flags = flags;
    return '\x1b[' + params.slice(1) + 'm';
  }
}

/**
 * xterm's CellData keeps every attribute the public accessors report in two packed words
 * (`fg`, `bg`, plus `extended` for underline styles). Not public API, so it is only an
 * optional shortcut: equal words mean an equal pen; without them every cell is decoded.
 */
interface RawCell {
  fg: number;
  bg: number;
  extended?: unknown;
}

function hasRawAttributes(cell: IBufferCell): cell is IBufferCell & RawCell {
  const candidate = cell as Partial<RawCell>;
  return typeof candidate.fg === 'number' && typeof candidate.bg === 'number';
}

function cellFlags(cell: IBufferCell): number {
  if (cell.isAttributeDefault()) return 0;
  let flags = 0;
  if (cell.isBold()) flags |= BOLD;
  if (cell.isDim()) flags |= DIM;
  if (cell.isItalic()) flags |= ITALIC;
  if (cell.isUnderline()) flags |= UNDERLINE;
  if (cell.isBlink()) flags |= BLINK;
  if (cell.isInverse()) flags |= INVERSE;
  if (cell.isInvisible()) flags |= INVISIBLE;
  if (cell.isStrikethrough()) flags |= STRIKETHROUGH;
  if (cell.isOverline()) flags |= OVERLINE;
  return flags;
}

/** SGR parameters (each with a leading ';') that turn the `from` attributes into `to`. */
function flagParams(from: number, to: number): string {
  if (from === to) return '';
  let params = '';
  let turnOn = to & ~from;
  const turnOff = from & ~to;
  if (turnOff & BOLD_OR_DIM) {
    // SGR 22 clears both bold and dim, so whichever should stay is set again.
    params += ';22';
    turnOn |= to & BOLD_OR_DIM;
  }
  if (turnOn & BOLD) params += ';1';
  if (turnOn & DIM) params += ';2';
  for (const [flag, on, off] of TOGGLES) {
    if (turnOff & flag) params += off;
    else if (turnOn & flag) params += on;
  }
  return params;
}

function colorParams(mode: number, color: number, foreground: boolean): string {
  switch (mode) {
    case COLOR_MODE_P16:
      return (foreground ? FG_16 : BG_16)[color & 15] ?? '';
    case COLOR_MODE_P256:
      return (foreground ? FG_256 : BG_256)[color & 255] ?? '';
    case COLOR_MODE_RGB:
      return (
        (foreground ? ';38;2;' : ';48;2;') +
        ((color >>> 16) & 0xff) +
        ';' +
        ((color >>> 8) & 0xff) +
        ';' +
        (color & 0xff)
      );
    default:
      return foreground ? ';39' : ';49';
  }
}

/** The cell's text, or `blank` when it is empty or would smuggle a control character. */
function printable(chars: string, blank: string): string {
  if (chars.length === 0) return blank;
  if (chars.length === 1) {
    const code = chars.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) ? blank : chars;
  }
  return CONTROL.test(chars) ? blank : chars;
}

/*
 * Column ranges of a row that was already rendered to ANSI by rowToAnsi, without the
 * emulator: the threaded screen's mirror holds rows as strings (the emulator lives in a
 * worker), yet the compositor asks for column ranges around a dialog, and for whole rows
 * at a new width while a resize is on its way to the worker.
 *
 * rowToAnsi emits nothing but SGR and printable text, so the pen at any column is what
 * the SGR sequences before it add up to; `starts` (recorded by rowToAnsi) says where each
 * column's text begins. The result paints the same cells as rowToAnsi would for that
 * range, though its SGR may be spelled differently (a replay of the earlier changes
 * rather than one combined change).
 */

const RESET = '\x1b[0m';
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;:]*m/g;

/** A row as rowToAnsi rendered it, `width` cells wide, with its column starts. */
export interface RenderedRow {
  ansi: string;
  /** `width + 1` entries; see rowToAnsi's `starts`. */
  starts: Uint32Array;
  width: number;
}

/**
 * Columns [start, end) of `row`, exactly `end - start` cells wide (columns beyond the
 * row's width are blank), starting and ending with a reset. A wide glyph cut by either
 * edge becomes a blank in its own colours, as rowToAnsi does at the last column.
 */
export function sliceRow(row: RenderedRow, start: number, end: number): string {
  const { ansi, starts, width } = row;
  const from = Math.max(0, start);
  const to = Math.max(from, end);
  const inside = Math.min(to, width);
  let out = RESET;
  if (from < inside) {
    const at = (x: number) => starts[x] ?? ansi.length;
    let x = from;
    // The pen at `from`: every SGR before its text (after the row's opening reset), the
    // one for `from` itself included.
    out += sgrBetween(ansi, RESET.length, at(x));
    // The right half of a wide glyph.
    if (x > 0 && at(x) === at(x - 1)) {
      out += ' ';
      x++;
      // Past the glyph, the pen of the next column.
      out += sgrBetween(ansi, at(x - 1), at(x));
    }
    let stop = inside;
    // The left half of a wide glyph whose right half is outside the range. The SGR before
    // it is inside the slice, so its blank keeps the glyph's colours.
    const leftHalfAtEdge = stop > x && stop < width && at(stop) === at(stop - 1);
    if (leftHalfAtEdge) stop--;
    if (x < stop || leftHalfAtEdge) out += ansi.slice(at(x), at(stop));
    if (leftHalfAtEdge) out += ' ';
  }
  if (to > Math.max(from, inside)) out += RESET + ' '.repeat(to - Math.max(from, inside));
  return out + RESET;
}

function sgrBetween(ansi: string, from: number, to: number): string {
  const matches = ansi.slice(from, to).match(SGR);
  return matches ? matches.join('') : '';
}

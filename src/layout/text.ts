/**
 * Plain-text fitting for the chrome. Every chrome line must be exactly as wide
 * as its rectangle: a line that wraps pushes Ink's frame out of line with the
 * rectangles the compositor paints into.
 *
 * Widths count code points, which is right for the chrome's own glyphs (box
 * drawing, arrows, …, ·); names with wide characters (CJK, emoji) may be off by
 * their extra cells, so Ink's own truncation stays on as a safety net.
 */
export const ELLIPSIS = '…';

export function textWidth(text: string): number {
  return Array.from(text).length;
}

/** `text` cut to `width` cells, ending in … when anything was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  return chars.slice(0, width - 1).join('') + ELLIPSIS;
}

/** `text` truncated or padded with spaces to exactly `width` cells. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - textWidth(cut)));
}

/** Greedy word wrap; words longer than the line are cut. */
export function wrapWords(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = truncate(word, width);
  }
  if (line) lines.push(line);
  return lines;
}

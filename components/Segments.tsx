import { Text } from 'ink';
import { ELLIPSIS, textWidth } from '../src/layout/text.js';

/** A run of text in one style: the pieces of a chrome line. */
export interface Segment {
  text: string;
  color?: string;
  dim?: boolean;
  bold?: boolean;
  inverse?: boolean;
}

/**
 * Exactly `width` cells: segments are kept in order until one does not fit,
 * which is cut with … and ends the line; a short line is padded with spaces.
 */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let room = Math.max(0, width);
  for (const segment of segments) {
    if (room === 0) break;
    const w = textWidth(segment.text);
    if (w <= room) {
      out.push(segment);
      room -= w;
      continue;
    }
    const cut = Array.from(segment.text)
      .slice(0, room - 1)
      .join('');
    out.push({ ...segment, text: cut + ELLIPSIS });
    room = 0;
  }
  if (room > 0) out.push({ text: ' '.repeat(room) });
  return out;
}

export function segmentsWidth(segments: readonly Segment[]): number {
  return segments.reduce((sum, s) => sum + textWidth(s.text), 0);
}

const sameStyle = (a: Segment, b: Segment): boolean =>
  (a.color ?? '') === (b.color ?? '') &&
  !a.dim === !b.dim &&
  !a.bold === !b.bold &&
  !a.inverse === !b.inverse;

/** True for a segment Ink would draw as nothing: unstyled spaces. */
const isBlank = (segment: Segment): boolean =>
  !segment.color && !segment.dim && !segment.bold && !segment.inverse && segment.text.trim() === '';

/**
 * What Ink is given to draw the line: neighbours in the same style joined into
 * one run (one Text, one pair of SGR codes), and the trailing unstyled spaces
 * left out, which Ink would draw as the blank cells already there — yet
 * tokenize and measure, every frame. At least one cell is kept, so that an
 * empty line still takes its row.
 */
export function drawnRuns(segments: readonly Segment[]): Segment[] {
  let end = segments.length;
  while (end > 0 && isBlank(segments[end - 1]!)) end--;
  if (end === 0) return [{ text: ' ' }];
  const runs: Segment[] = [];
  for (const segment of segments.slice(0, end)) {
    const last = runs.at(-1);
    if (last && sameStyle(last, segment))
      runs[runs.length - 1] = { ...last, text: last.text + segment.text };
    else runs.push(segment);
  }
  return runs;
}

/** One line of styled segments; the caller has already fitted it to its width. */
export function Segments({ segments }: { segments: readonly Segment[] }) {
  return (
    <Text wrap="truncate">
      {drawnRuns(segments).map((s, i) => (
        <Text key={i} color={s.color} dimColor={s.dim} bold={s.bold} inverse={s.inverse}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}

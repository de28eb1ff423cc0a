import { textWidth, truncate } from '../layout/text.js';
import { speedLabel } from './idleMap.js';
import { formatClock } from './timeFormat.js';

export const PLAYING_GLYPH = '▶';
export const PAUSED_GLYPH = '❚❚';
export const BAR_RULE = '─';
export const BAR_MARKER = '|';
export const BAR_HEAD = '●';
/** Below this the bar says nothing; the text alone is shown. */
const MIN_BAR = 8;

export interface TimelineInput {
  positionMs: number;
  durationMs: number;
  playing: boolean;
  speed: number;
  live: boolean;
  idleLimitS: number | null;
  markers: readonly { timeMs: number }[];
}

export interface TimelineLine {
  /** `▶ 01:23 / 10:45  ×2  ` */
  head: string;
  /** Exactly the rest of the width: `──●───|──|────` (empty when too narrow). */
  bar: string;
  /** Index of ● in `bar` (-1 without a bar): what is left of it has been played. */
  at: number;
  /** ` live`, ` idle ≤ 5 s`: after the bar. */
  tail: string;
}

/** The column of `ms` on a bar `width` cells wide. */
export function barColumn(ms: number, durationMs: number, width: number): number {
  if (width <= 1 || durationMs <= 0) return 0;
  const fraction = Math.max(0, Math.min(1, ms / durationMs));
  return Math.min(width - 1, Math.round(fraction * (width - 1)));
}

/** `▶ 01:23 / 10:45  ×2  ──●───|──|────` in exactly `width` cells. */
export function timelineLine(input: TimelineInput, width: number): TimelineLine {
  const glyph = input.playing ? PLAYING_GLYPH : PAUSED_GLYPH;
  const head = `${glyph} ${formatClock(input.positionMs)} / ${formatClock(input.durationMs)}  ${speedLabel(input.speed)}  `;
  const tail = [
    input.idleLimitS !== null ? ` idle ≤ ${input.idleLimitS} s` : '',
    input.live ? ' live' : '',
  ].join('');
  const room = width - textWidth(head) - textWidth(tail);
  if (room < MIN_BAR) {
    const text = truncate(head + tail, width);
    return {
      head: text + ' '.repeat(Math.max(0, width - textWidth(text))),
      bar: '',
      at: -1,
      tail: '',
    };
  }
  const cells = Array.from({ length: room }, () => BAR_RULE);
  for (const marker of input.markers)
    cells[barColumn(marker.timeMs, input.durationMs, room)] = BAR_MARKER;
  const at = barColumn(input.positionMs, input.durationMs, room);
  cells[at] = BAR_HEAD;
  return { head, bar: cells.join(''), at, tail };
}

import { memo } from 'react';
import { Box } from 'ink';
import type { LogEntry, LogKind } from '../src/store/logSlice.js';
import { Segments, fitSegments, type Segment } from './Segments.js';

export const NO_EVENTS_TEXT = 'No events yet.';

interface KindStyle {
  marker: string;
  color?: string;
  bold?: boolean;
}

/** Each kind its own marker and colour, so decisions and overrides read apart at a glance. */
export const KIND_STYLES: Record<LogKind, KindStyle> = {
  decision: { marker: '»', color: 'cyan' },
  override: { marker: '!', color: 'magenta', bold: true },
  status: { marker: '•', color: 'blue' },
  message: { marker: '›', color: 'green' },
  task: { marker: '#' },
  worker: { marker: '~' },
  app: { marker: '·' },
  warning: { marker: '▲', color: 'yellow' },
};
const OTHER_STYLE: KindStyle = { marker: '·' };
/** A worker asking the human something must not scroll by unnoticed. */
export const QUESTION_STYLE: KindStyle = { marker: '?', color: 'yellow', bold: true };
const ERROR_STYLE: KindStyle = { marker: '✗', color: 'red' };

/** Below this the seconds give way to the text. */
const SHORT_TIME_BELOW = 32;

export function styleOf(entry: Pick<LogEntry, 'kind' | 'message'>): KindStyle {
  if (entry.message === 'QUESTION') return QUESTION_STYLE;
  if (entry.message === 'ERROR') return ERROR_STYLE;
  return (KIND_STYLES as Record<string, KindStyle | undefined>)[entry.kind] ?? OTHER_STYLE;
}

/** Local wall-clock time, HH:MM:SS — the log is read by the person at the terminal. */
export function logTime(entry: Pick<LogEntry, 'at'>): string {
  const d = new Date(entry.at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

/** Time, marker, text: `09:05:07 » T3 → w2 (capability: coder)`. */
export function logLine(entry: LogEntry, width: number): Segment[] {
  const style = styleOf(entry);
  const time = width < SHORT_TIME_BELOW ? logTime(entry).slice(0, 5) : logTime(entry);
  const question = style === QUESTION_STYLE;
  // Questions, overrides and errors are coloured through; other kinds only their marker.
  const throughout = question || style === KIND_STYLES.override || style === ERROR_STYLE;
  return fitSegments(
    [
      { text: `${time} `, dim: true },
      { text: style.marker, color: style.color, bold: true, inverse: question },
      { text: ' ' },
      // A log line that wraps would push every row below it out of the frame.
      {
        text: entry.text.replace(/\s+/g, ' '),
        color: throughout ? style.color : undefined,
        bold: question,
      },
    ],
    width,
  );
}

export interface EventLogProps {
  entries: readonly LogEntry[];
  width: number;
  height: number;
}

/** The newest entries that fit, newest at the bottom. */
export const EventLog = memo(function EventLog({ entries, width, height }: EventLogProps) {
  if (height <= 0 || width <= 0) return null;
  const shown = entries.slice(-height);
  const lines =
    shown.length === 0
      ? [fitSegments([{ text: NO_EVENTS_TEXT, dim: true }], width)]
      : shown.map((entry) => logLine(entry, width));
  return (
    <Box flexDirection="column" width={width} height={height}>
      {lines.map((segments, i) => (
        <Segments key={i} segments={segments} />
      ))}
    </Box>
  );
});

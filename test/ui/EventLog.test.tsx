import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EventLog,
  KIND_STYLES,
  NO_EVENTS_TEXT,
  QUESTION_STYLE,
  logLine,
  logTime,
  styleOf,
} from '../../components/EventLog.js';
import type { LogEntry } from '../../src/store/logSlice.js';
import { onScreen, screenLines, widthOf } from './support.js';

const T0 = new Date(2025, 0, 2, 9, 5, 7).getTime();
const WIDTH = 50;

afterEach(() => cleanup());

function renderLog(entries: readonly LogEntry[], width = WIDTH, height = 4) {
  const view = render(
    onScreen(<EventLog entries={entries} width={width} height={height} />, {
      cols: width,
      rows: height,
    }),
  );
  return screenLines(view.lastFrame());
}

const entry = (i: number, patch: Partial<LogEntry> = {}): LogEntry => ({
  at: T0 + i * 1000,
  kind: 'decision',
  text: `event ${i}`,
  ...patch,
});

describe('EventLog', () => {
  it('shows the newest entries that fit, newest at the bottom, with time and marker', () => {
    const lines = renderLog([1, 2, 3, 4, 5, 6].map((i) => entry(i)));
    expect(lines.map((l) => l.match(/event \d+/)?.[0])).toEqual([
      'event 3',
      'event 4',
      'event 5',
      'event 6',
    ]);
    expect(lines[3]).toBe(`${logTime(entry(6))} ${KIND_STYLES.decision.marker} event 6`);
    expect(logTime({ at: T0 })).toBe('09:05:07');
  });

  it('marks each kind apart, and a question prominently', () => {
    const markers = (['decision', 'override', 'status', 'message'] as const).map(
      (kind) => KIND_STYLES[kind].marker,
    );
    expect(new Set(markers).size).toBe(markers.length);
    const colors = (['decision', 'override', 'status', 'message'] as const).map(
      (kind) => KIND_STYLES[kind].color,
    );
    expect(new Set(colors).size).toBe(colors.length);

    const question = entry(1, { kind: 'message', message: 'QUESTION', text: 'w2: which db?' });
    expect(styleOf(question)).toBe(QUESTION_STYLE);
    const segments = logLine(question, WIDTH);
    expect(segments.find((s) => s.text === QUESTION_STYLE.marker)?.inverse).toBe(true);
    expect(segments.find((s) => s.text.includes('which db?'))).toMatchObject({
      bold: true,
      color: QUESTION_STYLE.color,
    });
    expect(renderLog([question])[0]).toContain(`${QUESTION_STYLE.marker} w2: which db?`);
  });

  it('gives kinds it does not know a plain marker', () => {
    expect(renderLog([entry(1, { kind: 'custom' })])[0]).toContain('· event 1');
  });

  it('keeps entries on one row and within the width', () => {
    const long = entry(1, { text: `first\nsecond ${'x'.repeat(80)}` });
    const lines = renderLog([long]);
    expect(lines[0]).toContain('first second');
    for (const line of lines) expect(widthOf(line)).toBeLessThanOrEqual(WIDTH);
  });

  it('drops the seconds when narrow', () => {
    expect(renderLog([entry(1)], 24)[0]).toMatch(/^09:05 » event 1/);
  });

  it('says so when nothing has happened yet', () => {
    expect(renderLog([])[0]).toContain(NO_EVENTS_TEXT);
  });
});

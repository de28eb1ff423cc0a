import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { TooSmall, tooSmallMessage } from '../../components/TooSmall.js';
import { screenLines } from './support.js';

const SIZE = { cols: 38, rows: 10, minCols: 60, minRows: 16 };
const EXPECTED = 'Terminal too small: 38×10. Needs at least 60×16 — enlarge the window.';

afterEach(() => cleanup());

describe('TooSmall', () => {
  it('says how large the terminal is and how large it must be', () => {
    expect(tooSmallMessage(SIZE)).toBe(EXPECTED);
    const lines = screenLines(render(<TooSmall {...SIZE} />).lastFrame());
    expect(lines).toHaveLength(SIZE.rows);
    expect(
      lines
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' '),
    ).toBe(EXPECTED);
  });

  it('fits on one centred line when the screen is wide enough', () => {
    const wide = { ...SIZE, cols: 90, rows: 9 };
    const lines = screenLines(render(<TooSmall {...wide} />).lastFrame());
    const row = lines.findIndex((l) => l.includes('Terminal too small'));
    expect(row).toBe(4);
    const line = lines[row] ?? '';
    const left = line.length - line.trimStart().length;
    expect(Math.abs(left - (wide.cols - line.length))).toBeLessThanOrEqual(1);
  });

  it('asks a pending question below the message', () => {
    const lines = screenLines(
      render(<TooSmall {...SIZE} question="Quit? y confirm · n cancel" />).lastFrame(),
    );
    expect(lines.join(' ')).toContain('Quit? y confirm · n cancel');
  });
});

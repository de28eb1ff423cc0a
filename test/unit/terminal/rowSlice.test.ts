import xtermHeadless from '@xterm/headless';
import type { Terminal as XtermTerminal } from '@xterm/headless';
import { afterAll, describe, expect, it } from 'vitest';
import { PaneScreen } from '../../../src/terminal/paneScreen.js';
import { sliceRow, type RenderedRow } from '../../../src/terminal/rowSlice.js';

const { Terminal } = xtermHeadless;

const COLS = 24;
const SAMPLE = [
  '\x1b[31mred\x1b[1;44m中文\x1b[0m \x1b[38;2;1;2;3m😀x\x1b[7m日本\x1b[0m tail',
  '中文中文中文中文中文中文',
  '\x1b[4mab\x1b[24m\x1b[41m\x1b[K',
  '',
];

const source = new PaneScreen({ cols: COLS, rows: SAMPLE.length, scrollback: 0 });
const painter: XtermTerminal = new Terminal({
  cols: COLS,
  rows: 1,
  scrollback: 0,
  allowProposedApi: true,
  logLevel: 'off',
});
afterAll(() => {
  source.dispose();
  painter.dispose();
});

function write(term: { write(data: string, done: () => void): void }, data: string) {
  return new Promise<void>((resolve) => term.write(data, resolve));
}

/** What a host terminal shows for `ansi` painted at the start of a cleared row. */
async function painted(ansi: string): Promise<string[]> {
  await write(painter, '\x1b[0m\x1b[2J\x1b[H' + ansi);
  const line = painter.buffer.active.getLine(0);
  const cell = painter.buffer.active.getNullCell();
  const cells: string[] = [];
  for (let x = 0; x < COLS; x++) {
    line?.getCell(x, cell);
    cells.push(
      [
        cell.getChars() || ' ',
        cell.getWidth(),
        cell.getFgColorMode(),
        cell.getFgColor(),
        cell.getBgColorMode(),
        cell.getBgColor(),
        cell.isBold(),
        cell.isUnderline(),
        cell.isInverse(),
      ].join(','),
    );
  }
  return cells;
}

function rendered(y: number): RenderedRow {
  const starts = new Uint32Array(COLS + 1);
  return { ansi: source.renderRowWithStarts(y, starts), starts, width: COLS };
}

describe('sliceRow', () => {
  it('paints every column range like rowToAnsi, wide glyphs cut at either edge', async () => {
    await write(source, SAMPLE.map((row, y) => `\x1b[${y + 1};1H${row}`).join(''));
    for (let y = 0; y < SAMPLE.length; y++) {
      const row = rendered(y);
      expect(sliceRow(row, 0, COLS)).toBe(source.renderRow(y));
      for (let start = 0; start < COLS; start++) {
        for (const end of [start + 1, start + 2, start + 5, COLS]) {
          if (end > COLS) continue;
          const slice = sliceRow(row, start, end);
          const expected = source.renderRow(y, start, end);
          expect(await painted(slice), `row ${y} [${start}, ${end})`).toEqual(
            await painted(expected),
          );
        }
      }
    }
  });

  it('pads with blanks beyond a narrower row, as while a resize is under way', async () => {
    await write(source, '\x1b[H\x1b[2J\x1b[42mgreen\x1b[0m');
    const narrow: RenderedRow = { ...rendered(0), width: COLS };
    const wider = sliceRow(narrow, 0, COLS + 6);
    expect(wider.replace(/\x1b\[[0-9;]*m/g, '')).toBe('green' + ' '.repeat(COLS + 1));
    expect(wider.startsWith('\x1b[0m')).toBe(true);
    expect(wider.endsWith('\x1b[0m')).toBe(true);
  });

  it('gives an empty range as two resets', () => {
    expect(sliceRow(rendered(0), 5, 5)).toBe('\x1b[0m\x1b[0m');
  });
});

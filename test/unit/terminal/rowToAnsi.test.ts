import xtermHeadless from '@xterm/headless';
import type { IBufferCell, IBufferLine, Terminal as XtermTerminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { rowToAnsi } from '../../../src/terminal/rowToAnsi.js';

const { Terminal } = xtermHeadless;

const RESET = '\x1b[0m';

function terminal(cols: number, rows = 4): XtermTerminal {
  return new Terminal({ cols, rows, scrollback: 0, allowProposedApi: true, logLevel: 'off' });
}

function write(term: XtermTerminal, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

/** Render row `y` of a fresh terminal fed with `data`. */
async function renderAfter(data: string, cols = 10, y = 0, renderCols = cols): Promise<string> {
  const term = terminal(cols);
  await write(term, data);
  const out = rowToAnsi(term.buffer.active.getLine(y), renderCols);
  term.dispose();
  return out;
}

/** Everything that is not an SGR sequence. */
function withoutSgr(ansi: string): string {
  return ansi.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Every SGR sequence, in order. */
function sgrs(ansi: string): string[] {
  return ansi.match(/\x1b\[[0-9;]*m/g) ?? [];
}

/**
 * Display width in cells, as a terminal counts it: paint the string into a wide
 * headless terminal and see where the cursor ends up.
 */
async function cellWidth(ansi: string): Promise<number> {
  const term = terminal(400, 1);
  await write(term, ansi);
  const x = term.buffer.active.cursorX;
  term.dispose();
  return x;
}

function expectOnlySgr(ansi: string): void {
  const rest = withoutSgr(ansi);
  expect(rest).not.toContain('\x1b');

  expect(rest).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
}

describe('rowToAnsi', () => {
  it('pads plain text to exactly cols and wraps it in resets', async () => {
    expect(await renderAfter('hi')).toBe(RESET + 'hi        ' + RESET);
  });

  it('renders a missing line as a blank row', () => {
    expect(rowToAnsi(undefined, 4)).toBe(RESET + '    ' + RESET);
  });

  it('emits 16-colour foreground and background, normal and bright', async () => {
    const out = await renderAfter('\x1b[31ma\x1b[91mb\x1b[42mc\x1b[102md\x1b[39;49me');
    expect(out).toBe(RESET + '\x1b[31ma\x1b[91mb\x1b[42mc\x1b[102md\x1b[39;49me' + '     ' + RESET);
  });

  it('keeps 256-colour as 38;5 / 48;5 even for the first sixteen', async () => {
    const out = await renderAfter('\x1b[38;5;208ma\x1b[48;5;17mb\x1b[38;5;1mc');
    expect(sgrs(out)).toEqual([
      RESET,
      '\x1b[38;5;208m',
      '\x1b[48;5;17m',
      '\x1b[38;5;1m',
      // The rest of the row is blank cells with default colours.
      '\x1b[39;49m',
      RESET,
    ]);
  });

  it('emits truecolor', async () => {
    const out = await renderAfter('\x1b[38;2;255;128;0;48;2;1;2;3mx');
    expect(out.startsWith(RESET + '\x1b[38;2;255;128;0;48;2;1;2;3mx')).toBe(true);
  });

  it.each([
    ['bold', '1', '22'],
    ['dim', '2', '22'],
    ['italic', '3', '23'],
    ['underline', '4', '24'],
    ['blink', '5', '25'],
    ['inverse', '7', '27'],
    ['invisible', '8', '28'],
    ['strikethrough', '9', '29'],
    ['overline', '53', '55'],
  ])('turns %s on and off', async (_name, on, off) => {
    const out = await renderAfter(`a\x1b[${on}mb\x1b[${off}mc`);
    expect(out).toBe(RESET + `a\x1b[${on}mb\x1b[${off}mc` + '       ' + RESET);
  });

  it('restores dim after clearing bold (SGR 22 clears both)', async () => {
    const out = await renderAfter('\x1b[1;2ma\x1b[22;2mb');
    expect(sgrs(out).slice(1, 3)).toEqual(['\x1b[1;2m', '\x1b[22;2m']);
  });

  it('emits SGR only where attributes change', async () => {
    const out = await renderAfter('\x1b[31mab\x1b[31mcd\x1b[0m\x1b[0mef\x1b[1;34mgh', 10);
    expect(out).toBe(RESET + '\x1b[31mabcd\x1b[39mef\x1b[1;34mgh\x1b[22;39m  ' + RESET);
  });

  it('returns to default colours for the blank rest of a row', async () => {
    expect(sgrs(await renderAfter('\x1b[31ma\x1b[0mb'))).toEqual([
      RESET,
      '\x1b[31m',
      '\x1b[39m',
      RESET,
    ]);
  });

  it('keeps background colour on erased cells', async () => {
    const out = await renderAfter('\x1b[44m\x1b[K');
    expect(out).toBe(RESET + '\x1b[44m' + ' '.repeat(10) + RESET);
  });

  it('emits a wide character once and is still exactly cols wide', async () => {
    const out = await renderAfter('中文ab');
    expect(withoutSgr(out)).toBe('中文ab    ');
    expect(await cellWidth(out)).toBe(10);
  });

  it('is exactly cols wide with emoji and combining characters', async () => {
    const out = await renderAfter('😀e\u0301中🎉x');
    expect(withoutSgr(out)).toContain('e\u0301');
    expect(withoutSgr(out)).toContain('😀');
    expect(await cellWidth(out)).toBe(10);
  });

  it('replaces a wide character cut at the last column by a blank', async () => {
    // The emulator itself wraps a wide glyph that does not fit, so the cut happens
    // when a row is rendered narrower than the buffer.
    const out = await renderAfter('12345678中', 10, 0, 9);
    expect(withoutSgr(out)).toBe('12345678 ');
    expect(await cellWidth(out)).toBe(9);
  });

  it('pads a line shorter than cols and never exceeds cols', async () => {
    const wider = await renderAfter('abc', 5, 0, 8);
    expect(withoutSgr(wider)).toBe('abc     ');
    const coloured = await renderAfter('\x1b[31mabcde', 5, 0, 8);
    expect(coloured).toBe(RESET + '\x1b[31mabcde' + RESET + '   ' + RESET);
    const narrower = await renderAfter('abcdefghij', 10, 0, 4);
    expect(withoutSgr(narrower)).toBe('abcd');
  });

  it('never emits anything but SGR, whatever the worker sent', async () => {
    const term = terminal(30, 6);
    await write(
      term,
      '\x1b]0;evil title\x07' +
        '\x1b]52;c;ZXZpbA==\x07' +
        '\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\' +
        '\x1b[?1049h\x1b[?2004h\x1b[?1000h\x1b[?1006h' +
        '\x1bP1$qm\x1b\\' +
        '\x1b[31mred\x07\x1b[0m\r\n' +
        '\x9b31mc1\x9d2;t\x9c\x1b_apc\x1b\\\x1b^pm\x1b\\\r\n' +
        '\x1b[5n\x1b[>c\x1b[21t\x1b[14t\r\n' +
        'tab\there\x7fdel\x0eshift\x0f\u0085',
    );
    const buffer = term.buffer.active;
    const cell = buffer.getNullCell();
    for (let y = 0; y < term.rows; y++) {
      const out = rowToAnsi(buffer.getLine(buffer.viewportY + y), term.cols, cell);
      expectOnlySgr(out);
      expect(await cellWidth(out)).toBe(term.cols);
    }
    term.dispose();
  });

  it('reuses the scratch cell and gives the same result as without one', async () => {
    const term = terminal(20);
    await write(term, '\x1b[1;31mhello \x1b[44m中文\x1b[0m end');
    const line = term.buffer.active.getLine(0);
    const cell = term.buffer.active.getNullCell();
    expect(rowToAnsi(line, 20, cell)).toBe(rowToAnsi(line, 20));
    term.dispose();
  });

  it('renders the same through the public cell API alone', async () => {
    // rowToAnsi skips decoding when xterm's internal attribute words are unchanged;
    // a cell that only offers the public accessors must give the identical row.
    const term = terminal(40);
    await write(
      term,
      '\x1b[1;31mbold red\x1b[22;2m dim \x1b[38;5;99;48;2;9;8;7m中文\x1b[4;7m u \x1b[0m' +
        '\x1b[3;9;53mx\x1b[23mx\x1b[93;104m!',
    );
    const line = term.buffer.active.getLine(0);
    expect(line).toBeDefined();
    if (line === undefined) return;
    expect(rowToAnsi(publicOnly(line), 40)).toBe(rowToAnsi(line, 40));
    term.dispose();
  });
});

/** `line`, seen only through IBufferLine/IBufferCell methods (no internal fields). */
function publicOnly(line: IBufferLine): IBufferLine {
  const inner = line.getCell(0);
  if (inner === undefined) throw new Error('empty line');
  const cell = new Proxy(inner, {
    get(target, key) {
      if (key === 'fg' || key === 'bg' || key === 'extended') return undefined;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as IBufferCell;
  return {
    isWrapped: line.isWrapped,
    length: line.length,
    getCell: (x) => (line.getCell(x, inner) === undefined ? undefined : cell),
    translateToString: (trimRight, start, end) => line.translateToString(trimRight, start, end),
  };
}

describe('rowToAnsi segments', () => {
  it('paints only the asked columns, blanking wide glyphs cut by either edge', async () => {
    const { Terminal } = (await import('@xterm/headless')).default;
    const term = new Terminal({ cols: 10, rows: 1, allowProposedApi: true });
    await new Promise<void>((resolve) => term.write('ab中cd\x1b[31mef', resolve));
    const line = term.buffer.active.getLine(0);
    const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain(rowToAnsi(line, 10, undefined, { start: 0, end: 3 }))).toBe('ab ');
    expect(plain(rowToAnsi(line, 10, undefined, { start: 3, end: 8 }))).toBe(' cdef');
    expect(plain(rowToAnsi(line, 10, undefined, { start: 2, end: 10 }))).toBe('中cdef  ');
    expect(rowToAnsi(line, 10, undefined, { start: 6, end: 8 })).toContain('\x1b[31m');
    term.dispose();
  });
});

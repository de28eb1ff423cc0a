import xtermHeadless from '@xterm/headless';
import type { IBufferCell, Terminal as XtermTerminal } from '@xterm/headless';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PaneScreen, type PaneScreenOptions } from '../../../src/terminal/paneScreen.js';
import { ScreenHost } from '../../../src/terminal/screenHost.js';
import { ThreadedPaneScreen } from '../../../src/terminal/threadedScreen.js';
import type { PaneScreenApi } from '../../../src/terminal/types.js';

const { Terminal } = xtermHeadless;

// Both screens keep one contract: the emulator on this thread, or in the screen worker
// (one real worker thread for the whole file) with a mirror here.
const host = new ScreenHost();
afterAll(() => host.dispose());

const implementations: { name: string; create: (options: PaneScreenOptions) => PaneScreenApi }[] = [
  { name: 'PaneScreen', create: (options) => new PaneScreen(options) },
  { name: 'ThreadedPaneScreen', create: (options) => new ThreadedPaneScreen({ ...options, host }) },
];

const screens: PaneScreenApi[] = [];

afterEach(() => {
  for (const created of screens.splice(0)) created.dispose();
});

function write(target: PaneScreenApi, data: string): Promise<void> {
  return new Promise((resolve) => target.write(data, resolve));
}

/**
 * Resolves once the view shows what was asked of it before: after a scroll, the rows
 * of a threaded screen's new view arrive a moment later (its offset is known at once).
 */
const settled = (target: PaneScreenApi) => write(target, '');

function writeTerminal(term: XtermTerminal, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

function lines(from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`line ${i}`);
  return out.join('\r\n');
}

describe.each(implementations)('$name', ({ create }) => {
  function screen(cols = 20, rows = 5, scrollback = 100): PaneScreenApi {
    const created = create({ cols, rows, scrollback });
    screens.push(created);
    return created;
  }

  describe('PaneScreen replies', () => {
    it('answers DA1 and a cursor position request through onReply', async () => {
      const pane = screen();
      const replies: string[] = [];
      pane.onReply((data) => replies.push(data));
      await write(pane, '\x1b[c');
      await write(pane, 'abc\x1b[3;1H\x1b[6n');

      expect(replies[0]).toMatch(/^\x1b\[\?[\d;]+c$/);
      expect(replies[1]).toBe('\x1b[3;1R');
    });

    it('stops delivering replies to a disposed subscription', async () => {
      const pane = screen();
      const replies: string[] = [];
      pane.onReply((data) => replies.push(data)).dispose();
      await write(pane, '\x1b[c');
      expect(replies).toEqual([]);
    });
  });

  describe('PaneScreen modes', () => {
    it('starts with every input mode off', () => {
      expect(screen().modes()).toEqual({
        applicationCursorKeys: false,
        bracketedPaste: false,
        mouseTracking: 'none',
        sgrMouse: false,
      });
    });

    it('follows DECSET and DECRST', async () => {
      const pane = screen();
      await write(pane, '\x1b[?1h\x1b[?2004h\x1b[?1000h\x1b[?1006h');
      expect(pane.modes()).toEqual({
        applicationCursorKeys: true,
        bracketedPaste: true,
        mouseTracking: 'vt200',
        sgrMouse: true,
      });
      await write(pane, '\x1b[?1l\x1b[?2004l\x1b[?1000l\x1b[?1006l');
      expect(pane.modes()).toEqual({
        applicationCursorKeys: false,
        bracketedPaste: false,
        mouseTracking: 'none',
        sgrMouse: false,
      });
    });

    it('reads several modes from one sequence', async () => {
      const pane = screen();
      await write(pane, '\x1b[?1003;1006h');
      expect(pane.modes()).toMatchObject({ mouseTracking: 'any', sgrMouse: true });
      await write(pane, '\x1b[?1002h');
      expect(pane.modes()).toMatchObject({ mouseTracking: 'drag', sgrMouse: true });
    });

    it('treats SGR-pixels (1016) as replacing SGR, as xterm does', async () => {
      const pane = screen();
      await write(pane, '\x1b[?1000;1006h\x1b[?1016h');
      expect(pane.modes().sgrMouse).toBe(false);
    });

    it('forgets SGR mouse and shows the cursor again on a full reset (RIS)', async () => {
      const pane = screen();
      await write(pane, '\x1b[?1000;1006h\x1b[?25l\x1bc');
      expect(pane.modes().sgrMouse).toBe(false);
      expect(pane.modes().mouseTracking).toBe('none');
      expect(pane.cursor().visible).toBe(true);
    });
  });

  describe('PaneScreen cursor', () => {
    it('reports the position and DECTCEM visibility', async () => {
      const pane = screen();
      await write(pane, '\x1b[3;5H');
      expect(pane.cursor()).toEqual({ x: 4, y: 2, visible: true });
      await write(pane, '\x1b[?25l');
      expect(pane.cursor().visible).toBe(false);
      await write(pane, '\x1b[?25h');
      expect(pane.cursor().visible).toBe(true);
    });

    it('shows the cursor again after a soft reset (DECSTR)', async () => {
      const pane = screen();
      await write(pane, '\x1b[?25l\x1b[!p');
      expect(pane.cursor().visible).toBe(true);
    });

    it('keeps the cursor on the last cell while a wrap is pending', async () => {
      const pane = screen(10, 3);
      await write(pane, '1234567890');
      expect(pane.cursor()).toEqual({ x: 9, y: 0, visible: true });
    });

    it('is relative to the live screen, not the scrollback', async () => {
      const pane = screen(10, 3);
      await write(pane, lines(1, 10));
      expect(pane.cursor()).toMatchObject({ x: 7, y: 2 });
    });
  });

  describe('PaneScreen scrolling', () => {
    it('scrolls back into history and down again', async () => {
      const pane = screen(20, 5);
      await write(pane, lines(1, 30));
      expect(pane.rowText(4)).toBe('line 30');
      expect(pane.scrollBy(3)).toBe(3);
      expect(pane.scrollOffset()).toBe(3);
      await settled(pane);
      expect(pane.rowText(4)).toBe('line 27');
      expect(pane.cursor().visible).toBe(false);
      expect(pane.scrollBy(-1)).toBe(2);
      pane.scrollToBottom();
      expect(pane.scrollOffset()).toBe(0);
      await settled(pane);
      expect(pane.rowText(4)).toBe('line 30');
      expect(pane.cursor().visible).toBe(true);
    });

    it('clamps at both ends of the history', async () => {
      const pane = screen(20, 5);
      await write(pane, lines(1, 30));
      expect(pane.scrollBy(-5)).toBe(0);
      expect(pane.scrollBy(1000)).toBe(25);
      await settled(pane);
      expect(pane.rowText(0)).toBe('line 1');
    });

    it('keeps the view where the user scrolled it when new output arrives', async () => {
      const pane = screen(20, 5);
      await write(pane, lines(1, 30));
      pane.scrollBy(10);
      await settled(pane);
      const view = [0, 1, 2, 3, 4].map((y) => pane.rowText(y));
      expect(view[0]).toBe('line 16');
      await write(pane, '\r\n' + lines(31, 40));
      expect([0, 1, 2, 3, 4].map((y) => pane.rowText(y))).toEqual(view);
      expect(pane.scrollOffset()).toBe(20);
    });

    it('keeps the view on the same lines while a full scrollback is trimmed', async () => {
      const pane = screen(20, 5, 20);
      await write(pane, lines(1, 40));
      pane.scrollBy(5);
      await settled(pane);
      expect(pane.rowText(0)).toBe('line 31');
      await write(pane, '\r\n' + lines(41, 43));
      expect(pane.rowText(0)).toBe('line 31');
    });

    it('fires onChange when the view scrolls, and not when it cannot', async () => {
      const pane = screen(20, 5);
      await write(pane, lines(1, 30));
      let changes = 0;
      pane.onChange(() => changes++);
      pane.scrollBy(2);
      pane.scrollToBottom();
      pane.scrollBy(-3);
      pane.scrollToBottom();
      expect(changes).toBe(2);
    });

    it('accepts fractional amounts', async () => {
      const pane = screen(20, 5);
      await write(pane, lines(1, 30));
      expect(pane.scrollBy(2.5)).toBe(2);
    });
  });

  describe('PaneScreen output', () => {
    it('fires onChange after a write is parsed and acks it', async () => {
      const pane = screen();
      let changes = 0;
      pane.onChange(() => changes++);
      await write(pane, 'hello');
      expect(changes).toBeGreaterThan(0);
      expect(pane.rowText(0)).toBe('hello');
    });

    it('renders view rows exactly cols wide and blanks outside the view', async () => {
      const pane = screen(12, 3);
      await write(pane, '\x1b[32mok\x1b[0m 中文');
      expect(pane.renderRow(0)).toBe('\x1b[0m\x1b[32mok\x1b[39m 中文     \x1b[0m');
      expect(pane.renderRow(-1)).toBe('\x1b[0m' + ' '.repeat(12) + '\x1b[0m');
      expect(pane.renderRow(3)).toBe('\x1b[0m' + ' '.repeat(12) + '\x1b[0m');
      expect(pane.rowText(3)).toBe('');
    });

    it('renders the alternate screen and back', async () => {
      const pane = screen(10, 3);
      await write(pane, 'main');
      await write(pane, '\x1b[?1049h\x1b[Halt');
      expect(pane.rowText(0)).toBe('alt');
      await write(pane, '\x1b[?1049l');
      expect(pane.rowText(0)).toBe('main');
    });

    it('resizes and reports the new size', async () => {
      const pane = screen(10, 3);
      let changes = 0;
      pane.onChange(() => changes++);
      pane.resize(16, 4);
      expect([pane.cols, pane.rows]).toEqual([16, 4]);
      expect(changes).toBe(1);
      await write(pane, 'x');
      expect(pane.renderRow(3)).toBe('\x1b[0m' + ' '.repeat(16) + '\x1b[0m');
    });
  });

  describe('PaneScreen dispose', () => {
    it('stops listeners and tolerates every call afterwards', async () => {
      const pane = screen(10, 3);
      let changes = 0;
      pane.onChange(() => changes++);
      pane.write('pending output');
      pane.dispose();
      pane.dispose();
      // Give xterm's write queue a chance to run: nothing may fire or throw.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(changes).toBe(0);
      expect(() => {
        pane.write('late');
        pane.resize(20, 5);
        pane.scrollBy(3);
        pane.scrollToBottom();
        pane.onChange(() => undefined).dispose();
        pane.onReply(() => undefined).dispose();
      }).not.toThrow();
      expect(pane.modes().mouseTracking).toBe('none');
      expect(pane.cursor().visible).toBe(false);
      expect(pane.scrollOffset()).toBe(0);
      expect(pane.renderRow(0)).toBe('\x1b[0m' + ' '.repeat(10) + '\x1b[0m');
      expect(pane.rowText(0)).toBe('');
      expect([pane.cols, pane.rows]).toEqual([10, 3]);
    });
  });

  /** Everything a host terminal would draw for one cell. */
  function describeCell(cell: IBufferCell): string {
    return JSON.stringify({
      // An erased cell holds '' and a painted blank ' '; the host draws both the same.
      chars: cell.getChars() || ' ',
      width: cell.getWidth(),
      fg: [cell.getFgColorMode(), cell.isFgDefault() ? 0 : cell.getFgColor()],
      bg: [cell.getBgColorMode(), cell.isBgDefault() ? 0 : cell.getBgColor()],
      bold: cell.isBold(),
      dim: cell.isDim(),
      italic: cell.isItalic(),
      underline: cell.isUnderline(),
      blink: cell.isBlink(),
      inverse: cell.isInverse(),
      invisible: cell.isInvisible(),
      strikethrough: cell.isStrikethrough(),
      overline: cell.isOverline(),
    });
  }

  describe('renderRow round trip', () => {
    it('paints a second terminal cell-for-cell identical to the first', async () => {
      const cols = 40;
      const rows = 12;
      const a = screen(cols, rows);
      const sample = [
        '\x1b[31mred \x1b[32mgreen \x1b[93mbright-yellow \x1b[104mbright-blue-bg\x1b[0m',
        '\x1b[38;5;208morange \x1b[48;5;22mdark-green-bg \x1b[38;5;3mpalette3\x1b[0m',
        '\x1b[38;2;255;105;180mpink \x1b[48;2;10;20;30mnavy-bg\x1b[39m default-fg\x1b[0m',
        '\x1b[1mbold \x1b[2mbold+dim \x1b[22;2mdim \x1b[22;3mitalic \x1b[4munder\x1b[0m',
        '\x1b[7minverse\x1b[27m \x1b[8mhidden\x1b[28m \x1b[9mstrike\x1b[29m \x1b[5mblink\x1b[0m',
        '\x1b[53mover\x1b[55m \x1b[1;4;7;31;46mall-at-once\x1b[0m plain',
        '中文 \x1b[35m日本語\x1b[0m 한국어 😀 e\u0301 n\u0303',
        '\x1b[41m\x1b[Kred background to the edge',
        '\x1b[0mtrailing \x1b[44m   \x1b[0m',
        '\x1b]0;title\x07\x1b]52;c;aGk=\x07osc gone',
        '\x1b[38;5;250;48;5;236m' + '#'.repeat(cols),
        '\x1b[0m\x1b[1;3;4;9m1234567890123456789012345678901234567中',
      ];
      await write(a, sample.map((row, y) => `\x1b[${y + 1};1H${row}`).join(''));

      const b: XtermTerminal = new Terminal({ cols, rows, scrollback: 0, allowProposedApi: true });
      const painted = Array.from({ length: rows }, (_, y) => `\x1b[${y + 1};1H${a.renderRow(y)}`);
      await writeTerminal(b, painted.join(''));

      // Read A through a plain terminal too: PaneScreen does not expose its buffer.
      const reference: XtermTerminal = new Terminal({
        cols,
        rows,
        scrollback: 0,
        allowProposedApi: true,
      });
      await writeTerminal(reference, sample.map((row, y) => `\x1b[${y + 1};1H${row}`).join(''));

      const cellA = reference.buffer.active.getNullCell();
      const cellB = b.buffer.active.getNullCell();
      for (let y = 0; y < rows; y++) {
        const lineA = reference.buffer.active.getLine(y);
        const lineB = b.buffer.active.getLine(y);
        // B holds painted blanks where A has empty cells, so compare without them.
        expect(lineB?.translateToString(true).trimEnd()).toBe(a.rowText(y).trimEnd());
        for (let x = 0; x < cols; x++) {
          lineA?.getCell(x, cellA);
          lineB?.getCell(x, cellB);
          expect(describeCell(cellB), `cell ${x},${y}`).toBe(describeCell(cellA));
        }
      }
      // Nothing scrolled in B: every row fitted exactly.
      expect(b.buffer.active.baseY).toBe(0);
      b.dispose();
      reference.dispose();
    });
  });

  describe('PaneScreen and malformed input', () => {
    it('never writes to the console, whatever a worker sends', async () => {
      const errors: unknown[] = [];
      const original = console.error;
      const originalWarn = console.warn;
      console.error = (...args: unknown[]) => errors.push(args);
      console.warn = (...args: unknown[]) => errors.push(args);
      try {
        const screen = create({ cols: 20, rows: 5, scrollback: 10 });
        await new Promise<void>((resolve) =>
          screen.write('\x1b[31m\x7f\x1bP\x7f\x9c\x1b[?1;\x7fh junk', resolve),
        );
        screen.dispose();
      } finally {
        console.error = original;
        console.warn = originalWarn;
      }
      expect(errors).toEqual([]);
    });
  });
});

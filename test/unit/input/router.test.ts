import { describe, expect, it } from 'vitest';
import { MASTER_PANE_ID, type Command } from '../../../src/engine/commands.js';
import { COMMAND_LINE_COMMANDS, type LineState } from '../../../src/input/lineEditor.js';
import { routeInput } from '../../../src/input/router.js';
import { InputTokenizer, PASTE_END, PASTE_START } from '../../../src/input/tokenizer.js';
import type { InputToken, MouseToken, PaneHit, RouterContext } from '../../../src/input/types.js';
import type { PaneModes } from '../../../src/terminal/types.js';

/** What the host terminal sends for each key. */
const KEY = {
  ESC: '\x1b',
  ENTER: '\r',
  TAB: '\t',
  SHIFT_TAB: '\x1b[Z',
  UP: '\x1b[A',
  UP_SS3: '\x1bOA',
  DOWN: '\x1b[B',
  LEFT: '\x1b[D',
  RIGHT: '\x1b[C',
  CTRL_UP: '\x1b[1;5A',
  PAGE_UP: '\x1b[5~',
  PAGE_DOWN: '\x1b[6~',
  END: '\x1b[F',
  HOME: '\x1b[H',
  DELETE: '\x1b[3~',
  BACKSPACE: '\x7f',
  CTRL_BACKSPACE: '\x08',
  CTRL_D: '\x04',
  CTRL_E: '\x05',
  CTRL_J: '\n',
  CTRL_K: '\x0b',
  CTRL_S: '\x13',
  CTRL_U: '\x15',
  CTRL_W: '\x17',
  F5: '\x1b[15~',
  CTRL_A: '\x01',
  CTRL_B: '\x02',
  CTRL_C: '\x03',
  ALT_X: '\x1bx',
  HORIZONTAL_WHEEL: '\x1b[<66;1;1M',
} as const;

const W1 = 'w1';
const W2 = 'w2';

const PLAIN: PaneModes = {
  applicationCursorKeys: false,
  bracketedPaste: false,
  mouseTracking: 'none',
  sgrMouse: false,
};
const APP_CURSOR: PaneModes = { ...PLAIN, applicationCursorKeys: true };
const BRACKETED: PaneModes = { ...PLAIN, bracketedPaste: true };
const MOUSE_VT200: PaneModes = { ...PLAIN, mouseTracking: 'vt200', sgrMouse: true };
const MOUSE_ANY: PaneModes = { ...PLAIN, mouseTracking: 'any', sgrMouse: true };

/**
 * Screen: W1 in columns 0–39, W2 in 40–79 (rows 0–19, interiors start at 1,1),
 * the master pane in rows 20–29; nothing below.
 */
function paneAt(x: number, y: number): PaneHit | null {
  if (y >= 30) return null;
  if (y >= 20) return { id: MASTER_PANE_ID, col: x, row: y - 20 };
  return x < 40 ? { id: W1, col: x - 1, row: y - 1 } : { id: W2, col: x - 41, row: y - 1 };
}

function context(overrides: Partial<RouterContext> = {}, modes: Record<string, PaneModes> = {}) {
  const base: RouterContext = {
    mode: 'navigate',
    prefixPending: false,
    overlay: null,
    focus: W1,
    focusedModes: PLAIN,
    focusedScrolled: false,
    paneAt,
    modesOf: (id) => (id === MASTER_PANE_ID ? null : (modes[id] ?? PLAIN)),
    prefixKey: KEY.CTRL_B,
    commandLine: EMPTY,
    taskDialog: null,
    completionNames: () => NAMES,
  };
  return { ...base, ...overrides };
}

const EMPTY: LineState = { text: '', cursor: 0 };
const NAMES = { workers: [W1, W2], tasks: ['T1', 'T2', 'T12'], commands: COMMAND_LINE_COMMANDS };

const NAVIGATE = context();
const INSERT = context({ mode: 'insert' });
const PREFIX = context({ mode: 'insert', prefixPending: true });
const ON_MASTER = context({ focus: MASTER_PANE_ID, focusedModes: null });

function tokenOf(raw: string): InputToken {
  const tokenizer = new InputTokenizer();
  const tokens = [...tokenizer.push(raw), ...tokenizer.flush()];
  expect(tokens).toHaveLength(1);
  return tokens[0] as InputToken;
}

const route = (raw: string, ctx: RouterContext): Command[] => routeInput(tokenOf(raw), ctx);

const input = (data: string, id = W1): Command => ({ type: 'worker.input', id, data });
const INSERT_MODE: Command = { type: 'mode.set', mode: 'insert' };
const NAVIGATE_MODE: Command = { type: 'mode.set', mode: 'navigate' };
const setLine = (text: string, cursor: number): Command => ({
  type: 'commandLine.set',
  text,
  cursor,
});
const setDialog = (text: string, cursor: number): Command => ({
  type: 'taskDialog.set',
  text,
  cursor,
});
const PREFIX_ON: Command = { type: 'prefix.set', pending: true };
const PREFIX_OFF: Command = { type: 'prefix.set', pending: false };

describe('routeInput', () => {
  describe('NAVIGATE', () => {
    it.each<[string, string, Command[]]>([
      ['left arrow', KEY.LEFT, [{ type: 'focus.move', direction: 'left' }]],
      ['right arrow', KEY.RIGHT, [{ type: 'focus.move', direction: 'right' }]],
      ['up arrow (SS3)', KEY.UP_SS3, [{ type: 'focus.move', direction: 'up' }]],
      ['down arrow', KEY.DOWN, [{ type: 'focus.move', direction: 'down' }]],
      ['h', 'h', [{ type: 'focus.move', direction: 'left' }]],
      ['j', 'j', [{ type: 'focus.move', direction: 'down' }]],
      ['k', 'k', [{ type: 'focus.move', direction: 'up' }]],
      ['l', 'l', [{ type: 'focus.move', direction: 'right' }]],
      ['1', '1', [{ type: 'focus.index', index: 1 }]],
      ['9', '9', [{ type: 'focus.index', index: 9 }]],
      ['Tab', KEY.TAB, [{ type: 'focus.cycle', delta: 1 }]],
      ['Shift-Tab', KEY.SHIFT_TAB, [{ type: 'focus.cycle', delta: -1 }]],
      ['z', 'z', [{ type: 'layout.zoom' }]],
      ['L', 'L', [{ type: 'layout.cycle' }]],
      ['i', 'i', [{ type: 'mode.set', mode: 'insert' }]],
      ['Enter', KEY.ENTER, [{ type: 'mode.set', mode: 'insert' }]],
      ['p', 'p', [{ type: 'worker.togglePause', id: W1 }]],
      ['x', 'x', [{ type: 'worker.kill', id: W1 }]],
      ['r', 'r', [{ type: 'worker.restart', id: W1 }]],
      ['PageUp', KEY.PAGE_UP, [{ type: 'worker.scroll', id: W1, lines: 10 }]],
      ['PageDown', KEY.PAGE_DOWN, [{ type: 'worker.scroll', id: W1, lines: -10 }]],
      ['G', 'G', [{ type: 'worker.scrollToBottom', id: W1 }]],
      ['End', KEY.END, [{ type: 'worker.scrollToBottom', id: W1 }]],
      ['?', '?', [{ type: 'help.toggle' }]],
      ['q', 'q', [{ type: 'app.quit' }]],
      ['0', '0', [{ type: 'focus.set', target: MASTER_PANE_ID }]],
      ['t', 't', [{ type: 'taskDialog.open' }]],
      ['n', 'n', [{ type: 'focus.nextWaiting' }]],
    ])('%s', (_name, raw, expected) => {
      expect(route(raw, NAVIGATE)).toEqual(expected);
    });

    it.each([
      ['/ (master pane only)', '/'],
      [': (master pane only)', ':'],
      ['Escape', KEY.ESC],
      ['Ctrl-b', KEY.CTRL_B],
      ['Ctrl-up', KEY.CTRL_UP],
      ['Alt-x', KEY.ALT_X],
      ['F5', KEY.F5],
      ['u', 'u'],
    ])('ignores unbound %s', (_name, raw) => {
      expect(route(raw, NAVIGATE)).toEqual([]);
    });

    it('ignores a paste', () => {
      expect(route(`${PASTE_START}ls${PASTE_END}`, NAVIGATE)).toEqual([]);
    });

    it('acts on whichever worker is focused', () => {
      expect(route('p', context({ focus: W2 }))).toEqual([{ type: 'worker.togglePause', id: W2 }]);
    });

    it('clears a prefix left pending', () => {
      expect(route('z', context({ prefixPending: true }))).toEqual([
        PREFIX_OFF,
        { type: 'layout.zoom' },
      ]);
    });
  });

  describe('master pane focused', () => {
    it.each<[string, string, Command[]]>([
      ['arrows', KEY.RIGHT, [{ type: 'focus.move', direction: 'right' }]],
      ['digits', '2', [{ type: 'focus.index', index: 2 }]],
      ['Tab', KEY.TAB, [{ type: 'focus.cycle', delta: 1 }]],
      ['z', 'z', [{ type: 'layout.zoom' }]],
      ['?', '?', [{ type: 'help.toggle' }]],
      ['q', 'q', [{ type: 'app.quit' }]],
      ['t', 't', [{ type: 'taskDialog.open' }]],
      ['n', 'n', [{ type: 'focus.nextWaiting' }]],
      ['i', 'i', [INSERT_MODE]],
      ['Enter', KEY.ENTER, [INSERT_MODE]],
    ])('still runs %s', (_name, raw, expected) => {
      expect(route(raw, ON_MASTER)).toEqual(expected);
    });

    it.each(['/', ':'])('%s starts a command: INSERT with "/" on an empty line', (raw) => {
      expect(route(raw, ON_MASTER)).toEqual([INSERT_MODE, setLine('/', 1)]);
    });

    it('/ on a line with a draft only enters INSERT, keeping the draft', () => {
      const draft = context({
        focus: MASTER_PANE_ID,
        focusedModes: null,
        commandLine: { text: '/hold', cursor: 2 },
      });
      expect(route('/', draft)).toEqual([INSERT_MODE]);
    });

    it.each([
      ['p', 'p'],
      ['x', 'x'],
      ['r', 'r'],
      ['PageUp', KEY.PAGE_UP],
      ['G', 'G'],
    ])('produces no worker command for %s', (_name, raw) => {
      expect(route(raw, ON_MASTER)).toEqual([]);
    });
  });

  describe('INSERT', () => {
    it.each([
      ['a letter', 'a'],
      ['q (a NAVIGATE key)', 'q'],
      ['Ctrl-c', KEY.CTRL_C],
      ['Escape', KEY.ESC],
      ['Enter', KEY.ENTER],
      ['Ctrl-up', KEY.CTRL_UP],
      ['F5', KEY.F5],
      ['emoji', '😀'],
      ['an unknown sequence', '\x1b[?1;2c'],
    ])('sends %s to the focused worker as received', (_name, raw) => {
      expect(route(raw, INSERT)).toEqual([input(raw)]);
    });

    it('re-encodes cursor keys for the pane', () => {
      expect(route(KEY.UP, context({ mode: 'insert', focusedModes: APP_CURSOR }))).toEqual([
        input(KEY.UP_SS3),
      ]);
      expect(route(KEY.UP_SS3, INSERT)).toEqual([input(KEY.UP)]);
    });

    it('sends a paste bracketed only to a pane that enabled it', () => {
      const paste = `${PASTE_START}echo hi\r${PASTE_END}`;
      expect(route(paste, INSERT)).toEqual([input('echo hi\r')]);
      expect(route(paste, context({ mode: 'insert', focusedModes: BRACKETED }))).toEqual([
        input(paste),
      ]);
    });

    it('returns a scrolled-back view to the bottom before typing or pasting', () => {
      const scrolled = context({ mode: 'insert', focusedScrolled: true });
      const bottom: Command = { type: 'worker.scrollToBottom', id: W1 };
      expect(route('a', scrolled)).toEqual([bottom, input('a')]);
      expect(route(`${PASTE_START}x${PASTE_END}`, scrolled)).toEqual([bottom, input('x')]);
    });

    it('does not send a mouse report it could not name', () => {
      expect(route(KEY.HORIZONTAL_WHEEL, INSERT)).toEqual([]);
    });

    it('the prefix key arms the prefix', () => {
      expect(route(KEY.CTRL_B, INSERT)).toEqual([PREFIX_ON]);
    });

    it('uses the configured prefix key', () => {
      const ctrlA = context({ mode: 'insert', prefixKey: KEY.CTRL_A });
      expect(route(KEY.CTRL_A, ctrlA)).toEqual([PREFIX_ON]);
      expect(route(KEY.CTRL_B, ctrlA)).toEqual([input(KEY.CTRL_B)]);
    });
  });

  describe('INSERT after the prefix', () => {
    it('Esc returns to NAVIGATE', () => {
      expect(route(KEY.ESC, PREFIX)).toEqual([PREFIX_OFF, { type: 'mode.set', mode: 'navigate' }]);
    });

    it('the prefix again sends a literal prefix', () => {
      expect(route(KEY.CTRL_B, PREFIX)).toEqual([PREFIX_OFF, input(KEY.CTRL_B)]);
    });

    it.each<[string, string, Command[]]>([
      ['2 focuses worker 2', '2', [{ type: 'focus.index', index: 2 }]],
      ['arrow moves focus', KEY.RIGHT, [{ type: 'focus.move', direction: 'right' }]],
      ['z zooms', 'z', [{ type: 'layout.zoom' }]],
      ['p pauses', 'p', [{ type: 'worker.togglePause', id: W1 }]],
      ['x kills', 'x', [{ type: 'worker.kill', id: W1 }]],
      ['PageUp scrolls', KEY.PAGE_UP, [{ type: 'worker.scroll', id: W1, lines: 10 }]],
      ['? opens help', '?', [{ type: 'help.toggle' }]],
      ['q quits', 'q', [{ type: 'app.quit' }]],
      ['i is harmless', 'i', [{ type: 'mode.set', mode: 'insert' }]],
    ])('a NAVIGATE key runs and INSERT stays: %s', (_name, raw, expected) => {
      const commands = route(raw, PREFIX);
      expect(commands).toEqual([PREFIX_OFF, ...expected]);
      expect(commands).not.toContainEqual({ type: 'mode.set', mode: 'navigate' });
    });

    it.each([
      ['u', 'u'],
      ['Ctrl-c', KEY.CTRL_C],
      ['F5', KEY.F5],
    ])('an unbound key (%s) only clears the prefix', (_name, raw) => {
      expect(route(raw, PREFIX)).toEqual([PREFIX_OFF]);
    });

    it('a paste clears the prefix and is delivered', () => {
      expect(route(`${PASTE_START}ls${PASTE_END}`, PREFIX)).toEqual([PREFIX_OFF, input('ls')]);
    });
  });

  describe('command line (INSERT on the master pane)', () => {
    const typing = (text: string, cursor = Array.from(text).length, extra = {}) =>
      context({
        mode: 'insert',
        focus: MASTER_PANE_ID,
        focusedModes: null,
        commandLine: { text, cursor },
        ...extra,
      });

    it.each([
      ['a letter', 'a', '/ta', 3],
      ['q (a NAVIGATE key)', 'q', '/tq', 3],
      ['a space', ' ', '/t ', 3],
      ['an emoji', '😀', '/t😀', 3],
    ])('types %s at the cursor', (_name, raw, text, cursor) => {
      expect(route(raw, typing('/t'))).toEqual([setLine(text, cursor)]);
    });

    it('inserts in the middle of the line', () => {
      expect(route('s', typing('/tak', 3))).toEqual([setLine('/task', 4)]);
    });

    it('pastes one line: line breaks and tabs become spaces, controls go', () => {
      const paste = `${PASTE_START}fix\r\nthe\tbug\x1b${PASTE_END}`;
      expect(route(paste, typing('/task '))).toEqual([setLine('/task fix the bug', 17)]);
    });

    it.each<[string, string, string, number, string, number]>([
      ['Backspace', KEY.BACKSPACE, '/hold', 5, '/hol', 4],
      ['Delete', KEY.DELETE, '/hold', 0, 'hold', 0],
      ['Ctrl-d', KEY.CTRL_D, '/hold', 1, '/old', 1],
      ['Left', KEY.LEFT, '/hold', 5, '/hold', 4],
      ['Right', KEY.RIGHT, '/hold', 2, '/hold', 3],
      ['Home', KEY.HOME, '/hold', 3, '/hold', 0],
      ['End', KEY.END, '/hold', 1, '/hold', 5],
      ['Ctrl-a', KEY.CTRL_A, '/hold', 3, '/hold', 0],
      ['Ctrl-e', KEY.CTRL_E, '/hold', 1, '/hold', 5],
      ['Ctrl-u', KEY.CTRL_U, '/say w1 hi', 7, ' hi', 0],
      ['Ctrl-k', KEY.CTRL_K, '/say w1 hi', 7, '/say w1', 7],
      ['Ctrl-w', KEY.CTRL_W, '/say w1 hi', 10, '/say w1 ', 8],
      ['Ctrl-Backspace', KEY.CTRL_BACKSPACE, '/say w1 ', 8, '/say ', 5],
    ])('%s edits the line', (_name, raw, text, cursor, after, afterCursor) => {
      expect(route(raw, typing(text, cursor))).toEqual([setLine(after, afterCursor)]);
    });

    it('an edit that changes nothing sends nothing', () => {
      expect(route(KEY.LEFT, typing('/hold', 0))).toEqual([]);
      expect(route(KEY.BACKSPACE, typing('', 0))).toEqual([]);
    });

    it('Enter runs the line; on a blank line it does nothing', () => {
      expect(route(KEY.ENTER, typing('/hold'))).toEqual([{ type: 'commandLine.submit' }]);
      expect(route(KEY.ENTER, typing('   '))).toEqual([]);
    });

    it('Esc goes back to NAVIGATE and keeps the line', () => {
      expect(route(KEY.ESC, typing('/hold'))).toEqual([NAVIGATE_MODE]);
    });

    it('Tab completes the command, then worker names and task ids', () => {
      expect(route(KEY.TAB, typing('/ass'))).toEqual([setLine('/assign ', 8)]);
      expect(route(KEY.TAB, typing('/assign t1'))).toEqual([setLine('/assign T1', 10)]);
      // w1 and w2: nothing to add, and no list.
      expect(route(KEY.TAB, typing('/assign T2 w'))).toEqual([]);
      expect(route(KEY.TAB, typing('/pause w2'))).toEqual([setLine('/pause w2 ', 10)]);
    });

    it('Tab with nothing to complete sends nothing', () => {
      expect(route(KEY.TAB, typing('hello'))).toEqual([]);
      expect(route(KEY.TAB, typing('/say w1 he'))).toEqual([]);
    });

    it.each([
      ['Ctrl-c', KEY.CTRL_C],
      ['Up', KEY.UP],
      ['F5', KEY.F5],
      ['Alt-x', KEY.ALT_X],
    ])('ignores %s', (_name, raw) => {
      expect(route(raw, typing('/hold'))).toEqual([]);
    });

    it('the prefix key arms the prefix; a NAVIGATE key then runs', () => {
      expect(route(KEY.CTRL_B, typing('/hold'))).toEqual([PREFIX_ON]);
      const armed = typing('/hold', 5, { prefixPending: true });
      expect(route('2', armed)).toEqual([PREFIX_OFF, { type: 'focus.index', index: 2 }]);
      expect(route(KEY.ESC, armed)).toEqual([PREFIX_OFF, NAVIGATE_MODE]);
      expect(route(KEY.CTRL_B, armed)).toEqual([PREFIX_OFF]);
      expect(route('u', armed)).toEqual([PREFIX_OFF]);
    });

    it('a paste after the prefix clears it and is typed', () => {
      const armed = typing('', 0, { prefixPending: true });
      expect(route(`${PASTE_START}hi${PASTE_END}`, armed)).toEqual([PREFIX_OFF, setLine('hi', 2)]);
    });

    it('clicks still move the focus', () => {
      expect(routeInput(mouse('press', 0, 50, 5), typing('/hold'))).toEqual([
        { type: 'focus.set', target: W2 },
      ]);
    });
  });

  describe('task dialog', () => {
    const dialog = (text: string, cursor = Array.from(text).length) =>
      context({ overlay: 'taskDialog', taskDialog: { text, cursor } });

    it('types and pastes at the cursor; a paste keeps its line breaks', () => {
      expect(route('x', dialog('Fi'))).toEqual([setDialog('Fix', 3)]);
      const paste = `${PASTE_START}a\r\nb\tc${PASTE_END}`;
      expect(route(paste, dialog(''))).toEqual([setDialog('a\nb  c', 6)]);
    });

    it.each([
      ['Enter', KEY.ENTER],
      ['Ctrl-j', KEY.CTRL_J],
    ])('%s starts a new line', (_name, raw) => {
      expect(route(raw, dialog('Fix it'))).toEqual([setDialog('Fix it\n', 7)]);
    });

    it('Ctrl-s creates the task, Esc cancels', () => {
      expect(route(KEY.CTRL_S, dialog('Fix it'))).toEqual([{ type: 'taskDialog.submit' }]);
      expect(route(KEY.ESC, dialog('Fix it'))).toEqual([{ type: 'dialog.cancel' }]);
    });

    it.each<[string, string, number, string, number]>([
      ['Backspace joins lines', KEY.BACKSPACE, 3, 'abcd\nef', 2],
      ['Up', KEY.UP, 4, 'ab\ncd\nef', 1],
      ['Down', KEY.DOWN, 1, 'ab\ncd\nef', 4],
      ['Left', KEY.LEFT, 3, 'ab\ncd\nef', 2],
      ['Home', KEY.HOME, 5, 'ab\ncd\nef', 3],
      ['End', KEY.END, 3, 'ab\ncd\nef', 5],
      ['Ctrl-u', KEY.CTRL_U, 5, 'ab\n\nef', 3],
    ])('%s edits the text', (_name, raw, cursor, text, after) => {
      const result = route(raw, dialog('ab\ncd\nef', cursor));
      expect(result).toEqual([setDialog(text, after)]);
    });

    it('takes every key before NAVIGATE, INSERT and the prefix', () => {
      const inserting = context({
        overlay: 'taskDialog',
        taskDialog: EMPTY,
        mode: 'insert',
        prefixPending: true,
      });
      expect(route('q', inserting)).toEqual([setDialog('q', 1)]);
      expect(route(KEY.CTRL_B, inserting)).toEqual([]);
      expect(route(KEY.TAB, inserting)).toEqual([]);
      expect(routeInput(mouse('press', 0, 50, 5), inserting)).toEqual([]);
    });
  });

  describe('overlays', () => {
    const CONFIRM = context({ overlay: 'confirm' });
    const HELP = context({ overlay: 'help' });

    it.each(['y', 'Y', KEY.ENTER])('confirm: %j confirms', (raw) => {
      expect(route(raw, CONFIRM)).toEqual([{ type: 'dialog.confirm' }]);
    });

    it.each(['n', 'N', KEY.ESC, 'q'])('confirm: %j cancels', (raw) => {
      expect(route(raw, CONFIRM)).toEqual([{ type: 'dialog.cancel' }]);
    });

    it.each(['a', 'x', '2', KEY.TAB, KEY.CTRL_B, KEY.UP])('confirm: %j is ignored', (raw) => {
      expect(route(raw, CONFIRM)).toEqual([]);
    });

    it.each(['?', KEY.ESC, 'q', KEY.ENTER])('help: %j closes it', (raw) => {
      expect(route(raw, HELP)).toEqual([{ type: 'help.toggle' }]);
    });

    it.each(['y', 'z', '2', KEY.UP])('help: %j is ignored', (raw) => {
      expect(route(raw, HELP)).toEqual([]);
    });

    it('take keys before INSERT does', () => {
      expect(route('a', context({ overlay: 'confirm', mode: 'insert' }))).toEqual([]);
      expect(route(KEY.CTRL_B, context({ overlay: 'help', mode: 'insert' }))).toEqual([]);
    });

    it('ignore mouse and paste', () => {
      expect(routeInput(mouse('press', 0, 50, 5), CONFIRM)).toEqual([]);
      expect(route(`${PASTE_START}y${PASTE_END}`, CONFIRM)).toEqual([]);
    });
  });

  describe('mouse', () => {
    // Screen cells: (5, 5) is W1's interior cell (4, 4); (50, 5) is W2's (9, 4).
    const ON_W1 = [5, 5] as const;
    const ON_W2 = [50, 5] as const;
    const ON_MASTER_PANE = [5, 25] as const;
    const OUTSIDE = [5, 35] as const;
    const focusSet = (target: string): Command => ({ type: 'focus.set', target });

    it('a click focuses the pane', () => {
      expect(routeInput(mouse('press', 0, ...ON_W2), NAVIGATE)).toEqual([focusSet(W2)]);
    });

    it('a click on the focused pane does nothing when it does not use the mouse', () => {
      expect(routeInput(mouse('press', 0, ...ON_W1), NAVIGATE)).toEqual([]);
    });

    it('a click focuses the pane and is forwarded when it uses the mouse', () => {
      const ctx = context({}, { [W2]: MOUSE_VT200 });
      expect(routeInput(mouse('press', 0, ...ON_W2), ctx)).toEqual([
        focusSet(W2),
        input('\x1b[<0;10;5M', W2),
      ]);
    });

    it('a click on the focused mouse pane is forwarded, in any mode', () => {
      const ctx = context({ mode: 'insert' }, { [W1]: MOUSE_VT200 });
      expect(routeInput(mouse('press', 0, ...ON_W1), ctx)).toEqual([input('\x1b[<0;5;5M')]);
    });

    it('a click on the master pane focuses it', () => {
      expect(routeInput(mouse('press', 0, ...ON_MASTER_PANE), NAVIGATE)).toEqual([
        focusSet(MASTER_PANE_ID),
      ]);
      expect(routeInput(mouse('wheelUp', null, ...ON_MASTER_PANE), NAVIGATE)).toEqual([]);
    });

    it('a right click reaches only the focused pane, and does not move focus', () => {
      const modes = { [W1]: MOUSE_VT200, [W2]: MOUSE_VT200 };
      expect(routeInput(mouse('press', 2, ...ON_W2), context({}, modes))).toEqual([]);
      expect(routeInput(mouse('press', 2, ...ON_W1), context({}, modes))).toEqual([
        input('\x1b[<2;5;5M'),
      ]);
    });

    it('the wheel scrolls a pane that does not use the mouse (up = older)', () => {
      expect(routeInput(mouse('wheelUp', null, ...ON_W2), NAVIGATE)).toEqual([
        { type: 'worker.scroll', id: W2, lines: 3 },
      ]);
      expect(routeInput(mouse('wheelDown', null, ...ON_W1), INSERT)).toEqual([
        { type: 'worker.scroll', id: W1, lines: -3 },
      ]);
    });

    it('the wheel is forwarded to a pane that uses the mouse', () => {
      const ctx = context({}, { [W2]: MOUSE_VT200 });
      expect(routeInput(mouse('wheelDown', null, ...ON_W2), ctx)).toEqual([
        input('\x1b[<65;10;5M', W2),
      ]);
    });

    it('the wheel scrolls a pane whose tracking (x10) does not report it', () => {
      const ctx = context({}, { [W2]: { ...PLAIN, mouseTracking: 'x10' } });
      expect(routeInput(mouse('wheelUp', null, ...ON_W2), ctx)).toEqual([
        { type: 'worker.scroll', id: W2, lines: 3 },
      ]);
    });

    it('release and motion reach only panes that want them', () => {
      const ctx = context({}, { [W1]: MOUSE_VT200, [W2]: MOUSE_ANY });
      expect(routeInput(mouse('release', 0, ...ON_W1), ctx)).toEqual([input('\x1b[<0;5;5m')]);
      expect(routeInput(mouse('move', null, ...ON_W1), ctx)).toEqual([]);
      expect(routeInput(mouse('move', null, ...ON_W2), ctx)).toEqual([input('\x1b[<35;10;5M', W2)]);
      expect(routeInput(mouse('release', 0, ...ON_W1), NAVIGATE)).toEqual([]);
    });

    it('outside every pane does nothing', () => {
      expect(routeInput(mouse('press', 0, ...OUTSIDE), NAVIGATE)).toEqual([]);
      expect(routeInput(mouse('wheelUp', null, ...OUTSIDE), NAVIGATE)).toEqual([]);
    });
  });
});

function mouse(
  action: MouseToken['action'],
  button: MouseToken['button'],
  x: number,
  y: number,
): MouseToken {
  return { kind: 'mouse', action, button, x, y, ctrl: false, alt: false, shift: false, raw: '' };
}

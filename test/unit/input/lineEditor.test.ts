import { describe, expect, it } from 'vitest';
import {
  COMMAND_LINE_COMMANDS,
  completeCommandLine,
  cursorPosition,
  cursorView,
  deleteBackward,
  deleteForward,
  deleteWordBackward,
  insertText,
  killToLineEnd,
  killToLineStart,
  moveDown,
  moveLeft,
  moveLineEnd,
  moveLineStart,
  moveRight,
  moveUp,
  multiLine,
  singleLine,
  type LineState,
} from '../../../src/input/lineEditor.js';
import { ELLIPSIS } from '../../../src/layout/text.js';

/** `|` marks the cursor: `'ab|c'` is the text `abc` with the cursor before `c`. */
const CURSOR = '|';

function at(marked: string): LineState {
  const chars = Array.from(marked);
  const cursor = chars.indexOf(CURSOR);
  if (cursor === -1) throw new Error(`no cursor in ${marked}`);
  return { text: marked.replace(CURSOR, ''), cursor };
}

function marked(state: LineState): string {
  const chars = Array.from(state.text);
  return [...chars.slice(0, state.cursor), CURSOR, ...chars.slice(state.cursor)].join('');
}

const EMOJI = '😀';

describe('edits', () => {
  it.each<[string, (s: LineState) => LineState, string, string]>([
    ['insert', (s) => insertText(s, 'XY'), 'ab|c', 'abXY|c'],
    ['insert an emoji', (s) => insertText(s, EMOJI), 'a|b', `a${EMOJI}|b`],
    ['backspace', deleteBackward, 'ab|c', 'a|c'],
    ['backspace at the start', deleteBackward, '|abc', '|abc'],
    ['backspace an emoji whole', deleteBackward, `a${EMOJI}|b`, 'a|b'],
    ['delete', deleteForward, 'a|bc', 'a|c'],
    ['delete at the end', deleteForward, 'abc|', 'abc|'],
    ['left', moveLeft, 'ab|c', 'a|bc'],
    ['left at the start', moveLeft, '|abc', '|abc'],
    ['left over an emoji', moveLeft, `a${EMOJI}|`, `a|${EMOJI}`],
    ['right', moveRight, 'a|bc', 'ab|c'],
    ['right at the end', moveRight, 'abc|', 'abc|'],
    ['home', moveLineStart, 'ab|c', '|abc'],
    ['end', moveLineEnd, 'a|bc', 'abc|'],
    ['home on the second line', moveLineStart, 'ab\ncd|e', 'ab\n|cde'],
    ['end on the first line', moveLineEnd, 'a|b\ncd', 'ab|\ncd'],
    ['Ctrl-u', killToLineStart, '/say w1| hi', '| hi'],
    ['Ctrl-u on the second line', killToLineStart, 'ab\ncd|e', 'ab\n|e'],
    ['Ctrl-k', killToLineEnd, '/say| w1 hi', '/say|'],
    ['Ctrl-k keeps the next line', killToLineEnd, 'a|b\ncd', 'a|\ncd'],
    ['Ctrl-w a word', deleteWordBackward, '/say w1|', '/say |'],
    ['Ctrl-w a word and its trailing blanks', deleteWordBackward, '/say w1  |x', '/say |x'],
    ['Ctrl-w stops at the line start', deleteWordBackward, 'ab\ncd|', 'ab\n|'],
    ['Ctrl-w after a newline joins lines', deleteWordBackward, 'ab\n|cd', 'ab|cd'],
    ['Ctrl-w at the start', deleteWordBackward, '|ab', '|ab'],
    ['up keeps the column', moveUp, 'abc\nde|f', 'ab|c\ndef'],
    ['up to a shorter line', moveUp, 'a\ndef|', 'a|\ndef'],
    ['up on the first line goes home', moveUp, 'ab|c', '|abc'],
    ['down keeps the column', moveDown, 'a|bc\ndef', 'abc\nd|ef'],
    ['down on the last line goes to its end', moveDown, 'ab\nc|d', 'ab\ncd|'],
  ])('%s', (_name, edit, before, after) => {
    expect(marked(edit(at(before)))).toBe(after);
  });

  it('clamps a cursor beyond the text', () => {
    expect(insertText({ text: 'ab', cursor: 99 }, 'c')).toEqual({ text: 'abc', cursor: 3 });
    expect(moveLeft({ text: 'ab', cursor: 99 })).toEqual({ text: 'ab', cursor: 1 });
  });

  it('finds the row and column of the cursor', () => {
    expect(cursorPosition(at('ab\ncd|e'))).toEqual({ row: 1, col: 2 });
    expect(cursorPosition(at('|'))).toEqual({ row: 0, col: 0 });
    expect(cursorPosition(at('ab\n|'))).toEqual({ row: 1, col: 0 });
  });
});

describe('pasted text', () => {
  it('one line: breaks and tabs become spaces, controls go', () => {
    expect(singleLine('a\r\nb\rc\nd\te\x1b[31mf\x7f')).toBe('a b c d e[31mf');
  });

  it('several lines: \\n breaks, tabs as two spaces, controls go', () => {
    expect(multiLine('a\r\nb\rc\td\x07')).toBe('a\nb\nc  d');
  });
});

describe('cursorView', () => {
  it('shows the whole line when it fits, the cursor a space at the end', () => {
    expect(cursorView('abc', 3, 10)).toEqual({ before: 'abc', under: ' ', after: '' });
    expect(cursorView('abc', 1, 10)).toEqual({ before: 'a', under: 'b', after: 'c' });
  });

  it('scrolls just far enough to keep the cursor in view, marking cuts with …', () => {
    const WIDTH = 5;
    const end = cursorView('abcdefghij', 10, WIDTH);
    expect(end).toEqual({ before: `${ELLIPSIS}hij`, under: ' ', after: '' });
    const start = cursorView('abcdefghij', 0, WIDTH);
    expect(start).toEqual({ before: '', under: 'a', after: `bcd${ELLIPSIS}` });
    for (const view of [end, start]) {
      expect(Array.from(view.before + view.under + view.after)).toHaveLength(WIDTH);
    }
  });

  it('is empty without room', () => {
    expect(cursorView('abc', 1, 0)).toEqual({ before: '', under: '', after: '' });
  });
});

describe('completeCommandLine', () => {
  const NAMES = {
    workers: ['coder', 'tester', 'tester2'],
    tasks: ['T1', 'T2', 'T12'],
    commands: COMMAND_LINE_COMMANDS,
  };
  const complete = (line: string) => {
    const state = at(line);
    const result = completeCommandLine(state.text, state.cursor, NAMES);
    return result === null ? null : marked(result);
  };

  it.each([
    ['the command word', '/ass|', '/assign |'],
    ['a command typed in capitals', '/PAU|', '/pause |'],
    ['a task id, spelled as the task is', '/assign t2|', '/assign T2 |'],
    ['a worker after the task', '/assign T2 co|', '/assign T2 coder |'],
    ['a worker', '/say cod|', '/say coder |'],
    ['the longest common prefix when ambiguous', '/pause te|', '/pause tester|'],
    ['a worker in the middle of the line', '/say c| hello', '/say coder |hello'],
    ['a /task option', '/task Fix it --af|', '/task Fix it --after |'],
    ['a task id after --after', '/task Fix it --after T1,t2|', '/task Fix it --after T1,T2|'],
    ['an unknown command: any name', '/frobnicate cod|', '/frobnicate coder |'],
  ])('completes %s', (_name, before, after) => {
    expect(complete(before)).toBe(after);
  });

  it.each([
    ['several commands share no more', '/re|'],
    ['the ambiguous prefix is all there is', '/pause tester|'],
    ['no match', '/say zed|'],
    ['free text', '/say coder hel|'],
    ['a number', '/priority T1 |'],
    ['a /task title', '/task Fi|'],
    ['not a command', 'hello|'],
    ['no slash on the first word', 'ass|'],
    ['inside a word', '/ass|ign'],
    ['after the last argument', '/cancel T1 T|'],
  ])('does nothing when %s', (_name, before) => {
    expect(complete(before)).toBeNull();
  });

  it('steps over the blank after a word it completes exactly', () => {
    expect(complete('/pause coder| ')).toBe('/pause coder |');
  });

  it('accepts commands written with their slash', () => {
    const names = { ...NAMES, commands: ['/hold'] };
    expect(completeCommandLine('/ho', 3, names)).toEqual({ text: '/hold ', cursor: 6 });
  });
});

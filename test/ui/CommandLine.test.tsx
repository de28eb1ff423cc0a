import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COMMAND_HINT,
  COMMAND_HINT_UNFOCUSED,
  CommandLine,
  PROMPT,
  commandLineSegments,
} from '../../components/CommandLine.js';
import type { LineState } from '../../src/input/lineEditor.js';
import { ELLIPSIS } from '../../src/layout/text.js';
import { onScreen, screenLines, widthOf } from './support.js';

const WIDTH = 60;
const LINE: LineState = { text: '/assign T3 coder', cursor: 8 };

afterEach(() => cleanup());

function renderLine(line: LineState, editing: boolean, focused = true, width = WIDTH) {
  const view = render(
    onScreen(<CommandLine line={line} editing={editing} focused={focused} width={width} />, {
      cols: width,
      rows: 1,
    }),
  );
  return screenLines(view.lastFrame())[0] ?? '';
}

describe('CommandLine', () => {
  it('shows the line after the prompt while editing, the cursor an inverse cell', () => {
    expect(renderLine(LINE, true)).toBe(`${PROMPT}${LINE.text}`);
    const segments = commandLineSegments({
      line: LINE,
      editing: true,
      focused: true,
      width: WIDTH,
    });
    const cursor = segments.filter((s) => s.inverse);
    expect(cursor).toEqual([{ text: 'T', inverse: true }]);
  });

  it('draws the cursor as an inverse space at the end of the line', () => {
    const end = { text: '/hold', cursor: 5 };
    const segments = commandLineSegments({ line: end, editing: true, focused: true, width: WIDTH });
    expect(segments.find((s) => s.inverse)?.text).toBe(' ');
  });

  it('scrolls a long line to keep the cursor in view, within the width', () => {
    const text = `/say coder ${'very long message '.repeat(6)}`;
    const line = renderLine({ text, cursor: Array.from(text).length }, true);
    expect(line.startsWith(`${PROMPT}${ELLIPSIS}`)).toBe(true);
    expect(widthOf(line)).toBeLessThanOrEqual(WIDTH);
  });

  it('shows a dim hint when nobody is typing', () => {
    const empty = { text: '', cursor: 0 };
    expect(renderLine(empty, false)).toBe(`${PROMPT}${COMMAND_HINT}`);
    expect(renderLine(empty, false, false)).toBe(`${PROMPT}${COMMAND_HINT_UNFOCUSED}`);
    const segments = commandLineSegments({ line: empty, editing: false, focused: true, width: 80 });
    expect(segments.some((s) => s.inverse)).toBe(false);
    expect(segments.find((s) => s.text === COMMAND_HINT)?.dim).toBe(true);
  });

  it('keeps a draft visible, without a cursor, when not editing', () => {
    expect(renderLine(LINE, false)).toBe(`${PROMPT}${LINE.text}`);
  });

  it('cuts the hint to a narrow width', () => {
    const line = renderLine({ text: '', cursor: 0 }, false, true, 20);
    expect(widthOf(line)).toBe(20);
    expect(line.endsWith(ELLIPSIS)).toBe(true);
  });
});

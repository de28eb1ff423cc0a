import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import {
  TASK_DIALOG_FOOTER,
  TASK_DIALOG_PLACEHOLDER,
  TASK_DIALOG_TITLE,
  TaskDialog,
  editorLines,
} from '../../components/TaskDialog.js';
import { taskDialogRect, type Screen } from '../../src/layout/overlays.js';
import { BORDER, SCREEN, cells, onScreen, screenLines } from './support.js';

const TEXT = 'Fix the login bug\nrole: coder\nafter: T1\nUsers with a + cannot log in.';

afterEach(() => cleanup());

function renderDialog(text: string, cursor: number, screen: Screen = SCREEN) {
  const view = render(onScreen(<TaskDialog text={text} cursor={cursor} screen={screen} />, screen));
  return screenLines(view.lastFrame());
}

const flat = (segments: readonly { text: string }[]) => segments.map((s) => s.text).join('');

describe('TaskDialog', () => {
  it('is drawn exactly at taskDialogRect, titled, with the keys in its bottom border', () => {
    const lines = renderDialog(TEXT, 0);
    const rect = taskDialogRect(SCREEN);
    expect(cells(lines, rect.y, rect.x, 1)).toBe(BORDER.focusedTopLeft);
    expect(cells(lines, rect.y + rect.height - 1, rect.x, 1)).toBe(BORDER.focusedBottomLeft);
    expect(cells(lines, rect.y, rect.x + rect.width - 1, 1)).toBe('╗');
    expect(cells(lines, rect.y, rect.x, rect.width)).toContain(TASK_DIALOG_TITLE);
    expect(cells(lines, rect.y + rect.height - 1, rect.x, rect.width)).toContain(
      TASK_DIALOG_FOOTER,
    );
    expect(lines).toHaveLength(SCREEN.rows);
  });

  it('explains the format above the text, then shows every line of it', () => {
    const text = renderDialog(TEXT, 0).join('\n');
    expect(text).toContain('first line: title');
    expect(text).toContain('priority: N');
    for (const line of TEXT.split('\n')) expect(text).toContain(line);
  });

  it('marks the cursor as an inverse cell on its row', () => {
    // The cursor after "role: " on the second line.
    const rows = editorLines({ text: TEXT, cursor: 18 + 6 }, 60, 6);
    const row = rows[1] ?? [];
    expect(row.find((s) => s.inverse)?.text).toBe('c');
    expect(rows[0]?.some((s) => s.inverse)).toBe(false);
    expect(rows[0]?.[0]?.bold).toBe(true);
  });

  it('scrolls to keep the cursor row in view', () => {
    const many = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const rows = editorLines({ text: many, cursor: Array.from(many).length }, 40, 5);
    expect(rows).toHaveLength(5);
    expect(flat(rows[4] ?? [])).toMatch(/^line 19/);
    expect(flat(rows[0] ?? [])).toMatch(/^line 15/);
  });

  it('shows a placeholder while empty', () => {
    const rows = editorLines({ text: '', cursor: 0 }, 40, 3);
    expect(flat(rows[0] ?? [])).toContain(TASK_DIALOG_PLACEHOLDER);
    expect(rows[0]?.[1]).toMatchObject({ text: ' ', inverse: true });
  });

  it('keeps its rows within the box on a small screen', () => {
    const small = { cols: 40, rows: 12 };
    const lines = renderDialog(TEXT, 0, small);
    const rect = taskDialogRect(small);
    expect(lines).toHaveLength(small.rows);
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      expect(cells(lines, y, rect.x, 1)).toMatch(/[╔║╚]/);
      expect(cells(lines, y, rect.x + rect.width - 1, 1)).toMatch(/[╗║╝]/);
    }
  });
});

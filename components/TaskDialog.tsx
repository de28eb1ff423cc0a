import { Box } from 'ink';
import { cursorPosition, cursorView, type LineState } from '../src/input/lineEditor.js';
import { taskDialogRect } from '../src/layout/overlays.js';
import { wrapWords } from '../src/layout/text.js';
import { Frame, FOCUS_COLOR } from './Frame.js';
import { Segments, fitSegments, type Segment } from './Segments.js';

export const TASK_DIALOG_TITLE = 'new task';
export const TASK_DIALOG_HELP =
  'first line: title · role: R · after: T1,T2 · priority: N · rest: brief';
export const TASK_DIALOG_FOOTER = 'Ctrl-s create · Esc cancel';
export const TASK_DIALOG_PLACEHOLDER = 'Title of the task';
/** Lines that set a field rather than add to the brief. */
const FIELD_LINE = /^\s*(role|after|priority)\s*:/i;
const MAX_HELP_ROWS = 2;
/** Border and one space of padding on each side. */
const CHROME_WIDTH = 4;
const CHROME_HEIGHT = 2;

export interface TaskDialogProps extends LineState {
  screen: { cols: number; rows: number };
}

/**
 * The new-task dialog, exactly at `taskDialogRect` (the compositor paints
 * around that rectangle): help at the top, then the text with its cursor,
 * scrolled to keep the cursor in view. The input layer owns the keys.
 */
export function TaskDialog({ text, cursor, screen }: TaskDialogProps) {
  const rect = taskDialogRect(screen);
  const width = Math.max(0, rect.width - CHROME_WIDTH);
  const height = Math.max(0, rect.height - CHROME_HEIGHT);
  // The help gives way to the editor on a short screen; a blank row sets it apart.
  const helpRows = height >= 4 ? Math.min(MAX_HELP_ROWS, height - 3) : 0;
  const help = wrapWords(TASK_DIALOG_HELP, width).slice(0, helpRows);
  const editorRows = Math.max(0, height - help.length - (help.length > 0 ? 1 : 0));

  return (
    <Frame
      rect={rect}
      title={TASK_DIALOG_TITLE}
      footer={TASK_DIALOG_FOOTER}
      footerColor={FOCUS_COLOR}
      focused
      opaque
    >
      <Box marginLeft={1} flexDirection="column" width={width}>
        {help.map((line, i) => (
          <Segments key={`h${i}`} segments={fitSegments([{ text: line, dim: true }], width)} />
        ))}
        {help.length > 0 ? <Segments segments={fitSegments([], width)} /> : null}
        {editorLines({ text, cursor }, width, editorRows).map((segments, i) => (
          <Segments key={i} segments={segments} />
        ))}
      </Box>
    </Frame>
  );
}

/** The visible rows of the text: the cursor's row in view, the cursor an inverse cell. */
export function editorLines(state: LineState, width: number, rows: number): Segment[][] {
  if (rows <= 0 || width <= 0) return [];
  const lines = state.text.split('\n');
  const { row, col } = cursorPosition(state);
  const top = Math.max(0, row - rows + 1);
  return lines.slice(top, top + rows).map((line, i) => {
    const index = top + i;
    const style = lineStyle(line, index);
    if (index !== row) return fitSegments([{ text: line, ...style }], width);
    const view = cursorView(line, col, width);
    const placeholder: Segment[] =
      state.text === '' ? [{ text: TASK_DIALOG_PLACEHOLDER, dim: true }] : [];
    return fitSegments(
      [
        { text: view.before, ...style },
        { text: view.under, inverse: true },
        { text: view.after, ...style },
        ...placeholder,
      ],
      width,
    );
  });
}

function lineStyle(line: string, index: number): Omit<Segment, 'text'> {
  if (index === 0) return { bold: true };
  return FIELD_LINE.test(line) ? { color: FOCUS_COLOR } : {};
}

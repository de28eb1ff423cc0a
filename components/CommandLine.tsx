import { memo } from 'react';
import { textWidth } from '../src/layout/text.js';
import { cursorView, type LineState } from '../src/input/lineEditor.js';
import { Segments, fitSegments, type Segment } from './Segments.js';
import { FOCUS_COLOR } from './Frame.js';

export const PROMPT = '› ';
/** What to press, when the master pane has the focus but nobody is typing. */
export const COMMAND_HINT = 'i or / to type a command · t new task · ? help';
/** …and when another pane has it. */
export const COMMAND_HINT_UNFOCUSED = '0 for the command line · t new task · n next waiting';

export interface CommandLineProps {
  line: LineState;
  /** The master pane is focused in INSERT mode: keys edit this line. */
  editing: boolean;
  focused: boolean;
  width: number;
}

/** The segments of the command line, exactly `width` cells. */
export function commandLineSegments({
  line,
  editing,
  focused,
  width,
}: CommandLineProps): Segment[] {
  const prompt: Segment = { text: PROMPT, color: FOCUS_COLOR, bold: editing, dim: !editing };
  const room = Math.max(0, width - textWidth(PROMPT));
  if (editing) {
    const view = cursorView(line.text, line.cursor, room);
    return fitSegments(
      [prompt, { text: view.before }, { text: view.under, inverse: true }, { text: view.after }],
      width,
    );
  }
  // A draft left by Esc stays visible, dimmed, until the line is edited again.
  const text = line.text !== '' ? line.text : focused ? COMMAND_HINT : COMMAND_HINT_UNFOCUSED;
  return fitSegments([prompt, { text, dim: true }], width);
}

/** `› /task …` with the cursor as an inverse cell while editing, else a dim hint. */
export const CommandLine = memo(function CommandLine(props: CommandLineProps) {
  if (props.width <= 0) return null;
  return <Segments segments={commandLineSegments(props)} />;
});

import { Box, Text } from 'ink';
import { Frame, FOCUS_COLOR, centeredRect } from './Frame.js';
import { textWidth, truncate } from './text.js';

/** One line of help: the keys as the user presses them, what they do, and their section. */
export interface HelpEntry {
  keys: string;
  description: string;
  group: string;
}

export interface HelpOverlayProps {
  entries: readonly HelpEntry[];
  screen: { cols: number; rows: number };
  version: string;
}

export const HELP_TITLE = 'keys';
export const HELP_CLOSE_HINT = '? or Esc closes';

type Line =
  | { kind: 'group'; text: string }
  | { kind: 'entry'; keys: string; description: string }
  | { kind: 'blank' };

const COLUMN_GAP = 3;
const MIN_COLUMN_WIDTH = 20;
/** Border plus one space of padding on each side. */
const CHROME_WIDTH = 4;
const CHROME_HEIGHT = 2;

/**
 * Every key, grouped, in as many columns as the screen needs. When even that
 * does not fit, the last line says how many entries are hidden rather than
 * dropping them silently.
 */
export function HelpOverlay({ entries, screen, version }: HelpOverlayProps) {
  const lines = helpLines(entries);
  const keysWidth = Math.max(0, ...entries.map((e) => textWidth(e.keys)));
  const naturalWidth = Math.max(
    textWidth(HELP_CLOSE_HINT) + 4,
    ...lines.map((l) => lineWidth(l, keysWidth)),
  );
  const maxInnerWidth = screen.cols - 2 - CHROME_WIDTH;
  const maxInnerHeight = Math.max(1, screen.rows - 3 - CHROME_HEIGHT);

  const allColumns = splitColumns(lines, maxInnerHeight);
  const fitting = Math.max(
    1,
    Math.floor(
      (maxInnerWidth + COLUMN_GAP) / (Math.min(naturalWidth, MIN_COLUMN_WIDTH) + COLUMN_GAP),
    ),
  );
  const columns = allColumns.slice(0, fitting);
  const last = columns[columns.length - 1];
  const overflow = allColumns.slice(fitting).flat();
  if (overflow.length > 0 && last) {
    // The notice takes the place of the last shown line, so that line is hidden too.
    const hidden = [...last.splice(-1), ...overflow].filter((l) => l.kind === 'entry').length;
    last.push({ kind: 'group', text: `… ${hidden} more — enlarge the window` });
  }
  const columnWidth = Math.min(
    naturalWidth,
    Math.floor((maxInnerWidth - (columns.length - 1) * COLUMN_GAP) / columns.length),
  );
  const innerWidth = columns.length * columnWidth + (columns.length - 1) * COLUMN_GAP;
  const innerHeight = Math.max(...columns.map((c) => c.length));
  const rect = centeredRect(screen, innerWidth + CHROME_WIDTH, innerHeight + CHROME_HEIGHT);

  return (
    <Frame
      rect={rect}
      title={`${HELP_TITLE} · multibot-tui ${version}`}
      footer={HELP_CLOSE_HINT}
      focused
      opaque
    >
      <Box marginLeft={1} flexDirection="row" columnGap={COLUMN_GAP}>
        {columns.map((column, c) => (
          <Box key={c} flexDirection="column" width={columnWidth}>
            {column.map((line, i) => (
              <HelpLine key={i} line={line} width={columnWidth} keysWidth={keysWidth} />
            ))}
          </Box>
        ))}
      </Box>
    </Frame>
  );
}

function HelpLine(props: { line: Line; width: number; keysWidth: number }) {
  const { line, width, keysWidth } = props;
  switch (line.kind) {
    case 'blank':
      return <Text> </Text>;
    case 'group':
      return <Text bold>{truncate(line.text, width)}</Text>;
    case 'entry': {
      const keys = line.keys.padEnd(keysWidth);
      return (
        <Text wrap="truncate">
          <Text color={FOCUS_COLOR} bold>
            {truncate(keys, width)}
          </Text>
          {'  '}
          {truncate(line.description, Math.max(0, width - keysWidth - 2))}
        </Text>
      );
    }
  }
}

/** Groups in order of first appearance, a blank line between them. */
export function helpLines(entries: readonly HelpEntry[]): Line[] {
  const groups = new Map<string, HelpEntry[]>();
  for (const entry of entries) groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
  const lines: Line[] = [];
  for (const [group, members] of groups) {
    if (lines.length > 0) lines.push({ kind: 'blank' });
    lines.push({ kind: 'group', text: group });
    for (const m of members)
      lines.push({ kind: 'entry', keys: m.keys, description: m.description });
  }
  return lines;
}

function lineWidth(line: Line, keysWidth: number): number {
  switch (line.kind) {
    case 'blank':
      return 0;
    case 'group':
      return textWidth(line.text);
    case 'entry':
      return keysWidth + 2 + textWidth(line.description);
  }
}

/** Cut into columns of at most `height` lines; a column never starts with a blank line. */
function splitColumns(lines: readonly Line[], height: number): Line[][] {
  const columns: Line[][] = [];
  let current: Line[] = [];
  for (const line of lines) {
    if (current.length === 0 && line.kind === 'blank') continue;
    // A group heading at the foot of a column, apart from its entries, reads as a mistake.
    if (line.kind === 'group' && current.length === height - 1 && height > 1) {
      columns.push(current);
      current = [];
    }
    current.push(line);
    if (current.length === height) {
      columns.push(current);
      current = [];
    }
  }
  if (current.length > 0 || columns.length === 0) columns.push(current);
  return columns;
}

import { Box, Text } from 'ink';
import {
  HELP_CLOSE_HINT,
  helpOverlayLayout,
  type HelpEntry,
  type HelpLine as Line,
} from '../src/layout/overlays.js';
import { textWidth, truncate } from '../src/layout/text.js';
import { Frame, FOCUS_COLOR } from './Frame.js';

export { HELP_CLOSE_HINT, HELP_TITLE, type HelpEntry } from '../src/layout/overlays.js';

export interface HelpOverlayProps {
  entries: readonly HelpEntry[];
  screen: { cols: number; rows: number };
  version: string;
}

/** Every key, grouped, laid out by helpOverlayLayout (shared with the compositor). */
export function HelpOverlay({ entries, screen, version }: HelpOverlayProps) {
  const { rect, title, columns, columnWidth, columnGap, keysWidth } = helpOverlayLayout(
    screen,
    entries,
    version,
  );
  return (
    <Frame rect={rect} title={title} footer={HELP_CLOSE_HINT} focused opaque>
      <Box marginLeft={1} flexDirection="row" columnGap={columnGap}>
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
    case 'more': {
      const short = `… ${line.hidden} more`;
      const long = `${short} — enlarge the window`;
      return <Text dimColor>{textWidth(long) <= width ? long : truncate(short, width)}</Text>;
    }
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

import { Box, Text } from 'ink';
import { Frame, centeredRect } from './Frame.js';
import { textWidth, wrapWords } from './text.js';

export const CONFIRM_HINT = 'y confirm · n cancel';
export const CONFIRM_COLOR = 'yellow';

export interface ConfirmDialogProps {
  title: string;
  message: string;
  screen: { cols: number; rows: number };
}

const MIN_WIDTH = 36;
const MAX_WIDTH = 64;
/** Border plus one space of padding on each side. */
const CHROME_WIDTH = 4;

/** A question answered with y or n; the input layer owns the keys, this only shows them. */
export function ConfirmDialog({ title, message, screen }: ConfirmDialogProps) {
  const natural = Math.max(MIN_WIDTH, textWidth(title) + 6, textWidth(message) + CHROME_WIDTH);
  const width = Math.min(natural, MAX_WIDTH, screen.cols - 2);
  const innerWidth = Math.max(1, width - CHROME_WIDTH);
  const lines = wrapWords(message, innerWidth);
  // Message, a blank line, then the keys.
  const rect = centeredRect(screen, width, lines.length + 4);

  return (
    <Frame rect={rect} title={title} titleColor={CONFIRM_COLOR} focused opaque>
      <Box marginLeft={1} flexDirection="column" width={innerWidth}>
        {lines.map((line, i) => (
          <Text key={i}>{line}</Text>
        ))}
        <Text> </Text>
        <Text wrap="truncate">
          <Text bold color={CONFIRM_COLOR}>
            y
          </Text>
          {' confirm · '}
          <Text bold>n</Text>
          {' cancel'}
        </Text>
      </Box>
    </Frame>
  );
}

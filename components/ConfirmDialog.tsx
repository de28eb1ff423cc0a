import { Box, Text } from 'ink';
import { confirmDialogLayout } from '../src/layout/overlays.js';
import { Frame } from './Frame.js';

export const CONFIRM_HINT = 'y confirm · n cancel';
export const CONFIRM_COLOR = 'yellow';

export interface ConfirmDialogProps {
  title: string;
  message: string;
  screen: { cols: number; rows: number };
}

/** A question answered with y or n; the input layer owns the keys, this only shows them. */
export function ConfirmDialog({ title, message, screen }: ConfirmDialogProps) {
  const { rect, innerWidth, lines } = confirmDialogLayout(screen, title, message);

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

import { memo } from 'react';
import { Box, Text } from 'ink';
import { textWidth } from '../src/layout/text.js';

/** The rule between the task board and the event log, in the live and the replayed master pane. */
export const COLUMN_RULE = ' │ ';
export const COLUMN_RULE_WIDTH = textWidth(COLUMN_RULE);

export const ColumnRule = memo(function ColumnRule({ height }: { height: number }) {
  return (
    <Box flexDirection="column" width={COLUMN_RULE_WIDTH} height={height}>
      {Array.from({ length: height }, (_, i) => (
        <Text key={i} dimColor>
          {COLUMN_RULE}
        </Text>
      ))}
    </Box>
  );
});

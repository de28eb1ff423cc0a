import { Box, Text } from 'ink';

export interface TooSmallProps {
  cols: number;
  rows: number;
  minCols: number;
  minRows: number;
}

export function tooSmallMessage(props: TooSmallProps): string {
  return (
    `Terminal too small: ${props.cols}×${props.rows}. ` +
    `Needs at least ${props.minCols}×${props.minRows} — enlarge the window.`
  );
}

/** Shown instead of the tiles until the window is large enough for every pane's minimum. */
export function TooSmall(props: TooSmallProps) {
  return (
    <Box
      width={props.cols}
      height={props.rows}
      alignItems="center"
      justifyContent="center"
      overflow="hidden"
    >
      <Text color="yellow">{tooSmallMessage(props)}</Text>
    </Box>
  );
}

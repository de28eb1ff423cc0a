import { Box, Text } from 'ink';

export interface TooSmallProps {
  cols: number;
  rows: number;
  minCols: number;
  minRows: number;
  /** A pending confirmation: its dialog would not fit, but the question must stay visible. */
  question?: string;
}

export function tooSmallMessage(props: Omit<TooSmallProps, 'question'>): string {
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
      flexDirection="column"
      alignItems="center"
      justifyContent="center"
      overflow="hidden"
    >
      <Text color="yellow">{tooSmallMessage(props)}</Text>
      {props.question ? <Text bold>{props.question}</Text> : null}
    </Box>
  );
}

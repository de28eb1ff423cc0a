import { Box } from 'ink';
import type { DispatchState } from '../src/store/tasksSlice.js';
import type { LogEntry } from '../src/store/logSlice.js';
import type { Task } from '../src/orchestrator/types.js';
import { ColumnRule, COLUMN_RULE_WIDTH } from './ColumnRule.js';
import { EventLog } from './EventLog.js';
import { TaskBoard } from './TaskBoard.js';

/** The board's share of the width; the event log takes the rest. */
export const BOARD_SHARE = 0.55;
/** Narrower than this, the board takes the whole width and the log is left out. */
export const MIN_SPLIT_WIDTH = 48;

export interface BoardAndLogProps {
  tasks: readonly Task[];
  dispatch: DispatchState;
  log: readonly LogEntry[];
  width: number;
  height: number;
  /** The moment the board's ages are counted to. */
  now: number;
}

/** The master pane's body, live or replayed: the task board, a rule, the event log. */
export function BoardAndLog({ tasks, dispatch, log, width, height, now }: BoardAndLogProps) {
  const split = width >= MIN_SPLIT_WIDTH;
  const boardWidth = split ? Math.round(width * BOARD_SHARE) : width;
  const logWidth = split ? width - boardWidth - COLUMN_RULE_WIDTH : 0;
  return (
    <Box height={height} width={width} flexDirection="row">
      <TaskBoard tasks={tasks} dispatch={dispatch} width={boardWidth} height={height} now={now} />
      {split ? <ColumnRule height={height} /> : null}
      {split ? <EventLog entries={log} width={logWidth} height={height} /> : null}
    </Box>
  );
}

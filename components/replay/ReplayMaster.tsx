import { Box } from 'ink';
import { useStore } from 'zustand';
import type { PaneRect } from '../../src/layout/types.js';
import type { ReplayIssue } from '../../src/recording/replayModel.js';
import type { ReplayStore } from '../../src/replay/replayStore.js';
import { formatClock } from '../../src/replay/timeFormat.js';
import { BoardAndLog } from '../BoardAndLog.js';
import { Frame } from '../Frame.js';
import { MASTER_TITLE } from '../MasterPane.js';
import { Segments, fitSegments, type Segment } from '../Segments.js';

export const ISSUE_COLOR = 'yellow';
/** At most this many rows of issues; the last says how many more there are. */
export const MAX_ISSUE_ROWS = 2;
const SEPARATOR = ' · ';

export interface ReplayMasterProps {
  store: ReplayStore;
  pane: PaneRect;
  focused: boolean;
}

/**
 * The master pane as it was at the position: the task board and the event log of that
 * moment (see src/replay/boardAt.ts for how the board is rebuilt), and what is wrong
 * with the recordings (lines skipped, files missing) below them.
 */
export function ReplayMaster({ store, pane, focused }: ReplayMasterProps) {
  const label = useStore(store, (s) => s.label);
  const positionMs = useStore(store, (s) => s.positionMs);
  const startedAt = useStore(store, (s) => s.startedAt);
  const tasks = useStore(store, (s) => s.tasks);
  const log = useStore(store, (s) => s.log);
  const dispatch = useStore(store, (s) => s.dispatch);
  const board = useStore(store, (s) => s.board);
  const issues = useStore(store, (s) => s.issues);

  const { height } = pane.interior;
  const width = Math.max(0, pane.interior.width - 2);
  const issueRows = Math.min(issues.length, MAX_ISSUE_ROWS, Math.max(0, height - 2));
  const bodyHeight = Math.max(0, height - issueRows);
  const title = [MASTER_TITLE, label, `as at ${formatClock(positionMs)}`, boardNote(board)]
    .filter(Boolean)
    .join(SEPARATOR);

  return (
    <Frame rect={pane.frame} title={title} footer="replay" focused={focused}>
      {height > 0 ? (
        <Box marginLeft={1} width={width} height={height} flexDirection="column">
          <BoardAndLog
            tasks={tasks}
            dispatch={dispatch}
            log={log}
            width={width}
            height={bodyHeight}
            now={startedAt + positionMs}
          />
          {issueLines(issues, issueRows, width).map((segments, i) => (
            <Segments key={i} segments={segments} />
          ))}
        </Box>
      ) : null}
    </Frame>
  );
}

/** What the title says about the board: nothing when every task is as it was. */
export function boardNote(board: { finalState: number; available: boolean }): string {
  if (!board.available) return 'no saved board or log';
  if (board.finalState === 0) return '';
  return board.finalState === 1
    ? '1 task shows its final state (log trimmed)'
    : `${board.finalState} tasks show their final state (log trimmed)`;
}

/** `▲ w1.cast: 3 unreadable lines skipped (first: line 12)`, the last row counting the rest. */
export function issueLines(
  issues: readonly ReplayIssue[],
  rows: number,
  width: number,
): Segment[][] {
  if (rows <= 0) return [];
  const shown = issues.slice(0, rows);
  return shown.map((issue, i) => {
    const more = i === rows - 1 && issues.length > rows ? `  +${issues.length - rows} more` : '';
    return fitSegments(
      [
        { text: '▲ ', color: ISSUE_COLOR, bold: true },
        { text: `${issue.file}: ${issue.message}`, color: ISSUE_COLOR },
        { text: more, dim: true },
      ],
      width,
    );
  });
}

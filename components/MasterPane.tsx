import { Box } from 'ink';
import { memo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { PaneRect } from '../src/layout/types.js';
import type { WorkerStatusState } from '../src/orchestrator/types.js';
import type { AppState, AppStore } from '../src/store/store.js';
import type { WorkerInfo } from '../src/store/workersSlice.js';
import { textWidth, truncate } from '../src/layout/text.js';
import { CommandLine } from './CommandLine.js';
import { BoardAndLog } from './BoardAndLog.js';
import { Frame } from './Frame.js';
import { formatUsd } from './PaneFrame.js';
import { Segments, fitSegments, type Segment } from './Segments.js';
import { samePane } from './sameRect.js';
import { useBoardClock } from './hooks/useBoardClock.js';

export { NO_EVENTS_TEXT, logTime } from './EventLog.js';

export const MASTER_TITLE = 'master';
export const QUESTION_COLOR = 'yellow';
export const PERMISSION_COLOR = 'magenta';
/** At most this many questions above the command line; the status bar counts them all. */
export const MAX_QUESTION_ROWS = 2;
const SEPARATOR = ' · ';

export interface MasterPaneProps {
  store: AppStore;
  pane: PaneRect;
  focused: boolean;
  version: string;
}

/**
 * The master pane, drawn wholly by Ink (the compositor never paints here): the
 * task board on the left, the event log on the right, the workers' open
 * questions, and the command line at the bottom. Every row is cut to the width.
 */
export const MasterPane = memo(function MasterPane({
  store,
  pane,
  focused,
  version,
}: MasterPaneProps) {
  // Derived in the selectors, so that only what this pane shows can render it.
  const title = useStore(store, masterTitle);
  const asking = useStore(store, useShallow(askingWorkers));
  const tasks = useStore(store, (s) => s.tasks);
  const dispatch = useStore(store, (s) => s.dispatch);
  const log = useStore(store, (s) => s.log);
  const line = useStore(store, (s) => s.ui.commandLine);
  const inserting = useStore(store, (s) => s.ui.inputMode === 'insert' && s.ui.overlay === null);
  const now = useBoardClock(tasks);

  const { height } = pane.interior;
  // One space of padding each side: the master is text, not a terminal.
  const width = Math.max(0, pane.interior.width - 2);
  // The command line first, then questions, then whatever is left for the board and log.
  const questionRows = Math.min(asking.length, MAX_QUESTION_ROWS, Math.max(0, height - 2));
  const bodyHeight = Math.max(0, height - 1 - questionRows);

  return (
    <Frame rect={pane.frame} title={title} footer={`multibot-tui ${version}`} focused={focused}>
      {height > 0 ? (
        <Box marginLeft={1} width={width} height={height} flexDirection="column">
          <BoardAndLog
            tasks={tasks}
            dispatch={dispatch}
            log={log}
            width={width}
            height={bodyHeight}
            now={now}
          />
          {asking.slice(0, questionRows).map((worker) => (
            <Segments
              key={worker.id}
              segments={
                worker.permission ? permissionLine(worker, width) : questionLine(worker, width)
              }
            />
          ))}
          <CommandLine line={line} editing={focused && inserting} focused={focused} width={width} />
        </Box>
      ) : null}
    </Frame>
  );
}, sameMasterPaneProps);

function sameMasterPaneProps(a: MasterPaneProps, b: MasterPaneProps): boolean {
  return (
    a.store === b.store &&
    a.focused === b.focused &&
    a.version === b.version &&
    samePane(a.pane, b.pane)
  );
}

const workerList = (state: AppState): WorkerInfo[] =>
  state.workerOrder.flatMap((id) => state.workers[id] ?? []);

/** `master · demo · 3 workers: 1 waiting · 2 working · $1.23 spent`. */
export function masterTitle(state: AppState): string {
  const list = workerList(state);
  return [MASTER_TITLE, state.session?.label, sessionSummary(list), sessionCost(list)]
    .filter(Boolean)
    .join(SEPARATOR);
}

/** The inbox: permission prompts first (an agent is blocked on each), then questions. */
export function askingWorkers(state: AppState): WorkerInfo[] {
  const list = workerList(state);
  return [
    ...list.filter((w) => w.permission !== null),
    ...list.filter((w) => w.permission === null && w.question !== null),
  ];
}

/** `! coder wants Write demo/x.md  — a allows · d denies`: the permissions inbox. */
export function permissionLine(worker: WorkerInfo, width: number): Segment[] {
  const permission = worker.permission;
  const head = `! ${worker.name} wants `;
  const howTo = '  — a allows · d denies';
  const what = [permission?.tool, permission?.detail]
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ');
  const room = width - textWidth(head) - textWidth(howTo);
  const segments: Segment[] = [
    { text: head, color: PERMISSION_COLOR, bold: true },
    { text: room >= 8 ? truncate(what, room) : what, color: PERMISSION_COLOR },
  ];
  if (room >= 8) segments.push({ text: howTo, dim: true });
  return fitSegments(segments, width);
}

/** `? w2 asks: Which database?  — /answer w2 TEXT`; the question is cut before the how-to. */
export function questionLine(worker: WorkerInfo, width: number): Segment[] {
  const head = `? ${worker.name} asks: `;
  const howTo = `  — /answer ${worker.id} TEXT`;
  const question = (worker.question ?? '').replace(/\s+/g, ' ');
  const room = width - textWidth(head) - textWidth(howTo);
  const MIN_QUESTION = 12;
  const segments: Segment[] = [
    { text: head, color: QUESTION_COLOR, bold: true },
    { text: room >= MIN_QUESTION ? truncate(question, room) : question, color: QUESTION_COLOR },
  ];
  if (room >= MIN_QUESTION) segments.push({ text: howTo, dim: true });
  return fitSegments(segments, width);
}

/** "$1.23 spent" over the workers whose cost is known; empty when none is. */
export function sessionCost(workers: readonly WorkerInfo[]): string {
  const known = workers.flatMap((worker) => (worker.cost ? [worker.cost.usd] : []));
  if (known.length === 0) return '';
  return `${formatUsd(known.reduce((sum, usd) => sum + usd, 0))} spent`;
}

/** The states worth counting in the title, in the order they are listed. */
const SUMMARY_STATES: readonly WorkerStatusState[] = [
  'waiting',
  'working',
  'idle',
  'stalled',
  'starting',
  'paused',
  'failed',
  'exited',
];

/** "3 workers: 1 waiting · 2 working" — only the states that have someone in them. */
export function sessionSummary(workers: readonly WorkerInfo[]): string {
  const count = `${workers.length} ${workers.length === 1 ? 'worker' : 'workers'}`;
  const states = SUMMARY_STATES.map(
    (state) => [state, workers.filter((w) => w.status.state === state).length] as const,
  )
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`);
  return states.length > 0 ? `${count}: ${states.join(SEPARATOR)}` : count;
}

import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { PaneRect } from '../src/layout/types.js';
import type { LogEntry } from '../src/store/logSlice.js';
import type { AppStore } from '../src/store/store.js';
import type { WorkerInfo } from '../src/store/workersSlice.js';
import { Frame } from './Frame.js';
import { fit } from '../src/layout/text.js';

export const MASTER_TITLE = 'master';
export const NO_EVENTS_TEXT = 'No events yet.';

export interface MasterPaneProps {
  store: AppStore;
  pane: PaneRect;
  focused: boolean;
  version: string;
}

/**
 * The master pane, drawn wholly by Ink (the compositor never paints here).
 * For now: a session summary and the newest log lines; the task board comes later.
 */
export function MasterPane({ store, pane, focused, version }: MasterPaneProps) {
  const workers = useStore(store, (s) => s.workers);
  const log = useStore(store, (s) => s.log);
  const { height } = pane.interior;
  // One space of padding each side: the master is text, not a terminal.
  const width = Math.max(0, pane.interior.width - 2);
  const summary = useMemo(() => sessionSummary(Object.values(workers)), [workers]);
  // The summary takes the first row; the log fills the rest, newest at the bottom.
  const entries = height > 1 ? log.slice(-(height - 1)) : [];

  return (
    <Frame rect={pane.frame} title={MASTER_TITLE} focused={focused}>
      <Box marginLeft={1} width={width} flexDirection="column">
        <Text bold>{fit(`multibot-tui ${version}${SEPARATOR}${summary}`, width)}</Text>
        {entries.length === 0 && height > 1 ? (
          <Text dimColor>{fit(NO_EVENTS_TEXT, width)}</Text>
        ) : (
          entries.map((entry, i) => (
            <Box key={i} height={1}>
              <Text dimColor>{logTime(entry)} </Text>
              <Text>{fit(oneLine(entry.text), Math.max(0, width - LOG_TIME_WIDTH - 1))}</Text>
            </Box>
          ))
        )}
      </Box>
    </Frame>
  );
}

const SEPARATOR = ' · ';
const LOG_TIME_WIDTH = 8;

/** "3 workers: 2 running · 1 paused" — only the states that have someone in them. */
export function sessionSummary(workers: readonly WorkerInfo[]): string {
  const count = `${workers.length} ${workers.length === 1 ? 'worker' : 'workers'}`;
  const states = (['starting', 'running', 'paused', 'exited'] as const)
    .map((state) => [state, workers.filter((w) => w.process === state).length] as const)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`);
  return states.length > 0 ? `${count}: ${states.join(SEPARATOR)}` : count;
}

/** A log line that wraps would push every row below it out of the frame. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Local wall-clock time, HH:MM:SS — the log is read by the person at the terminal. */
export function logTime(entry: Pick<LogEntry, 'at'>): string {
  const d = new Date(entry.at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

import { useStore } from 'zustand';
import type { PaneRect } from '../src/layout/types.js';
import type { AppStore } from '../src/store/store.js';
import type { WorkerInfo } from '../src/store/workersSlice.js';
import { Frame } from './Frame.js';
import { textWidth, truncate } from '../src/layout/text.js';

export const TITLE_SEPARATOR = ' · ';
export const PAUSED_COLOR = 'yellow';
/** A clean exit is worth a glance; a failure or a signal needs attention. */
export const EXITED_OK_COLOR = 'yellow';
export const EXITED_FAILED_COLOR = 'red';

export interface PaneFrameProps {
  store: AppStore;
  pane: PaneRect;
  /** The worker's number in display order (the 1–9 focus keys). */
  index: number;
  focused: boolean;
}

/**
 * A worker's border and title. The interior is left unwritten: the compositor
 * paints the worker's screen there.
 */
export function PaneFrame({ store, pane, index, focused }: PaneFrameProps) {
  const worker = useStore(store, (s) => s.workers[pane.id]);
  const size = `${pane.interior.width}×${pane.interior.height}`;
  if (!worker) {
    return <Frame rect={pane.frame} title={`${index} ${pane.id}`} focused={focused} />;
  }
  const state = processLabel(worker);
  return (
    <Frame
      rect={pane.frame}
      title={paneTitle({
        index,
        name: worker.name,
        command: worker.commandLine,
        state,
        size,
        width: pane.frame.width - 6,
      })}
      titleColor={processColor(worker)}
      focused={focused}
      footer={
        worker.scrollOffset > 0 ? scrollIndicator(worker.scrollOffset) : branchSummary(worker)
      }
      footerColor={worker.scrollOffset > 0 ? PAUSED_COLOR : BRANCH_COLOR}
    />
  );
}

/** `running`, `paused`, `exited 127 · command not found`, `killed by SIGKILL`. */
export function processLabel(worker: WorkerInfo): string {
  switch (worker.process) {
    case 'starting':
    case 'running':
    case 'paused':
      return worker.process;
    case 'exited': {
      const base = worker.exitSignal
        ? `killed by ${worker.exitSignal}`
        : `exited ${worker.exitCode ?? '?'}`;
      // "killed by SIGKILL · killed" says nothing twice.
      const reason = worker.exitReason;
      return reason && !base.includes(reason) ? `${base}${TITLE_SEPARATOR}${reason}` : base;
    }
  }
}

function processColor(worker: WorkerInfo): string | undefined {
  if (worker.process === 'paused') return PAUSED_COLOR;
  if (worker.process !== 'exited') return undefined;
  return worker.exitCode === 0 && !worker.exitSignal ? EXITED_OK_COLOR : EXITED_FAILED_COLOR;
}

export const BRANCH_COLOR = 'gray';

/**
 * `1 file +10 −3 · 1 commit · multibot/S/w1`: how much work there is, then
 * where it goes — the branch is the part a narrow frame can afford to cut.
 */
export function branchSummary(worker: WorkerInfo): string | undefined {
  if (!worker.branch) return undefined;
  const diff = worker.diff;
  if (!diff) return worker.branch;
  const parts: string[] = [];
  if (diff.files > 0) {
    parts.push(
      `${diff.files} ${diff.files === 1 ? 'file' : 'files'} +${diff.insertions} −${diff.deletions}`,
    );
  } else {
    parts.push('no changes');
  }
  if (diff.commitsAhead > 0) {
    parts.push(`${diff.commitsAhead} ${diff.commitsAhead === 1 ? 'commit' : 'commits'}`);
  }
  parts.push(worker.branch);
  return parts.join(TITLE_SEPARATOR);
}

export function scrollIndicator(lines: number): string {
  return `↑ ${lines} ${lines === 1 ? 'line' : 'lines'} · any key returns`;
}

/**
 * `N name · command · state · cols×rows` in at most `width` cells. The command
 * is the least useful part, so it shrinks first, then disappears, then the
 * size; only then is the title cut.
 */
export function paneTitle(parts: {
  index: number;
  name: string;
  command: string;
  state: string;
  size: string;
  width: number;
}): string {
  const head = `${parts.index} ${parts.name}`;
  const tail = `${parts.state}${TITLE_SEPARATOR}${parts.size}`;
  const full = [head, parts.command, tail].join(TITLE_SEPARATOR);
  if (textWidth(full) <= parts.width) return full;
  const withoutCommand = [head, tail].join(TITLE_SEPARATOR);
  const room = parts.width - textWidth(withoutCommand) - textWidth(TITLE_SEPARATOR);
  const MIN_COMMAND = 4;
  if (room >= MIN_COMMAND) {
    return [head, truncate(parts.command, room), tail].join(TITLE_SEPARATOR);
  }
  if (textWidth(withoutCommand) <= parts.width) return withoutCommand;
  // The size is in the pane for all to see; the state is not.
  return truncate([head, parts.state].join(TITLE_SEPARATOR), parts.width);
}

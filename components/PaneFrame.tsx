import { memo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { PaneRect } from '../src/layout/types.js';
import type { AppStore } from '../src/store/store.js';
import type { WorkerInfo } from '../src/store/workersSlice.js';
import { describeStatus, needsHuman } from '../src/orchestrator/statusMachine.js';
import { Frame, type FrameProps } from './Frame.js';
import { samePane } from './sameRect.js';
import { textWidth, truncate } from '../src/layout/text.js';

export const TITLE_SEPARATOR = ' · ';
export const PAUSED_COLOR = 'yellow';
/** A clean exit is worth a glance; a failure or a signal needs attention. */
export const EXITED_OK_COLOR = 'yellow';
export const EXITED_FAILED_COLOR = 'red';
/** A worker waiting for the human: its title and border, so it stands out from across the room. */
export const NEEDS_HUMAN_COLOR = 'magenta';
/** Stalled, out of dispatch, or holding prompts back while the human types. */
export const WARNING_COLOR = 'yellow';
export const FAILED_COLOR = 'red';
export const BREAKER_NOTE = 'not dispatched (breaker)';
export const TYPING_NOTE = 'waiting for you to stop typing';

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
 *
 * It reads the store through what it shows, compared field by field, so a
 * store change that leaves the title and footer as they were (bookkeeping, a
 * field shown elsewhere) renders nothing: every React commit costs a whole Ink
 * frame.
 */
export const PaneFrame = memo(function PaneFrame({ store, pane, index, focused }: PaneFrameProps) {
  const view = useStore(
    store,
    useShallow((s) => frameView(s.workers[pane.id], pane, index)),
  );
  return <Frame rect={pane.frame} focused={focused} {...view} />;
}, samePaneFrameProps);

function samePaneFrameProps(a: PaneFrameProps, b: PaneFrameProps): boolean {
  return (
    a.store === b.store &&
    a.index === b.index &&
    a.focused === b.focused &&
    samePane(a.pane, b.pane)
  );
}

type FrameView = Pick<
  FrameProps,
  'title' | 'titleColor' | 'accentColor' | 'footer' | 'footerColor'
>;

/** What the frame shows of a worker: plain strings, so that equal views compare equal. */
export function frameView(
  worker: WorkerInfo | undefined,
  pane: PaneRect,
  index: number,
): FrameView {
  if (!worker) return { title: `${index} ${pane.id}` };
  const scrolled = worker.scrollOffset > 0;
  return {
    title: paneTitle({
      index,
      name: worker.name,
      role: worker.role,
      command: worker.commandLine,
      state: statusLabel(worker),
      task: worker.currentTask,
      notes: workerNotes(worker),
      size: `${pane.interior.width}×${pane.interior.height}`,
      width: pane.frame.width - 6,
    }),
    titleColor: statusColor(worker),
    accentColor: needsHuman(worker.status) ? NEEDS_HUMAN_COLOR : undefined,
    footer: scrolled ? scrollIndicator(worker.scrollOffset) : branchSummary(worker),
    footerColor: scrolled ? PAUSED_COLOR : BRANCH_COLOR,
  };
}

/**
 * What the worker is doing: the process state while it is paused or gone
 * (`paused`, `exited 127 · command not found`), else the layered status and
 * the signal behind it — with the reason when it asks for attention
 * (`waiting · permission prompt (hook)`, `stalled · no signal for 5 min (activity)`).
 */
export function statusLabel(worker: WorkerInfo): string {
  if (worker.process === 'paused' || worker.process === 'exited') return processLabel(worker);
  const { status } = worker;
  switch (status.state) {
    case 'waiting':
    case 'stalled':
    case 'failed':
      return describeStatus(status);
    case 'starting':
    case 'idle':
    case 'working':
    case 'paused':
    case 'exited':
      return `${status.state} (${status.signal})`;
  }
}

/** `queued 2 · waiting for you to stop typing`, `not dispatched (breaker)`. */
export function workerNotes(worker: WorkerInfo): string[] {
  // The breaker first: it waits for the human to act, so it is the last to be cut.
  const notes = worker.dispatchable ? [] : [BREAKER_NOTE];
  if (worker.cost) {
    const context = worker.cost.contextTokens;
    notes.push(
      context === null
        ? formatUsd(worker.cost.usd)
        : `${formatUsd(worker.cost.usd)} · ctx ${formatTokens(context)}`,
    );
  }
  const queued = worker.queuedPrompts > 0 ? `queued ${worker.queuedPrompts}` : '';
  if (worker.waitingForHuman) {
    notes.push(queued ? `${queued}${TITLE_SEPARATOR}${TYPING_NOTE}` : TYPING_NOTE);
  } else if (queued) {
    notes.push(queued);
  }
  return notes;
}

/** `45k`: tokens in the agent's context at its latest answer. */
export function formatTokens(tokens: number): string {
  return tokens < 1000 ? String(tokens) : `${Math.round(tokens / 1000)}k`;
}

/** `$0.42`: what a worker's agent has spent. */
export function formatUsd(usd: number): string {
  return `$${usd < 10 ? usd.toFixed(2) : usd.toFixed(0)}`;
}

/** The title's colour: the process when it is paused or gone, else what the status asks of the human. */
export function statusColor(worker: WorkerInfo): string | undefined {
  if (worker.process === 'paused') return PAUSED_COLOR;
  if (worker.process === 'exited') {
    return worker.exitCode === 0 && !worker.exitSignal ? EXITED_OK_COLOR : EXITED_FAILED_COLOR;
  }
  if (needsHuman(worker.status)) return NEEDS_HUMAN_COLOR;
  if (worker.status.state === 'failed') return FAILED_COLOR;
  if (worker.status.state === 'stalled' || worker.waitingForHuman || !worker.dispatchable) {
    return WARNING_COLOR;
  }
  return undefined;
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

export interface TitleParts {
  index: number;
  name: string;
  role: string | null;
  command: string;
  state: string;
  task: string | null;
  notes: readonly string[];
  size: string;
  width: number;
}

/** Shortened commands below this are noise; the command goes instead. */
const MIN_COMMAND = 4;

/**
 * `N name · role · command · state · task · notes · cols×rows` in at most
 * `width` cells. The command is the least useful part, so it shrinks first,
 * then disappears; then the size, the role and the task go; only then is the
 * title cut, from the end — the notes before the state.
 */
export function paneTitle(parts: TitleParts): string {
  const head = `${parts.index} ${parts.name}`;
  const role = parts.role && parts.role !== parts.name ? parts.role : '';
  const kept = { role, task: parts.task ?? '', size: parts.size };
  const join = (command: string) =>
    [head, kept.role, command, parts.state, kept.task, ...parts.notes, kept.size]
      .filter((p) => p !== '')
      .join(TITLE_SEPARATOR);

  const full = join(parts.command);
  if (textWidth(full) <= parts.width) return full;
  const withoutCommand = join('');
  const room = parts.width - textWidth(withoutCommand) - textWidth(TITLE_SEPARATOR);
  if (room >= MIN_COMMAND) return join(truncate(parts.command, room));
  // The size is in the pane for all to see, the role is in the config; the
  // notes are news, so they are cut (after the state) but not dropped.
  for (const part of ['size', 'role', 'task'] as const) {
    if (textWidth(join('')) <= parts.width) break;
    kept[part] = '';
  }
  return truncate(join(''), parts.width);
}

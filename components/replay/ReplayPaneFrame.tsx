import { useStore } from 'zustand';
import type { PaneRect } from '../../src/layout/types.js';
import { clipNote } from '../../src/replay/clipNote.js';
import type { ReplayPane, ReplayStore } from '../../src/replay/replayStore.js';
import { Frame } from '../Frame.js';
import { EXITED_OK_COLOR, paneTitle } from '../PaneFrame.js';

export const MISSING_NOTE = 'no recording';
export const NOT_STARTED_NOTE = 'not started yet';
export { clipNote };

export interface ReplayPaneFrameProps {
  store: ReplayStore;
  pane: PaneRect;
  /** The pane's number in the room (the 1–9 focus keys). */
  index: number;
  focused: boolean;
}

/**
 * A replayed pane's border and title, like the live room's: number, name, role,
 * command, what it was doing then and its size. A recording larger than the tile is
 * clipped and the title says so; the interior is the compositor's.
 */
export function ReplayPaneFrame({ store, pane, index, focused }: ReplayPaneFrameProps) {
  const info = useStore(store, (s) => s.panes.find((candidate) => candidate.id === pane.id));
  const title = info
    ? replayPaneTitle(info, index, pane.interior, pane.frame.width - 6)
    : `${index} ${pane.id}`;
  return (
    <Frame
      rect={pane.frame}
      title={title}
      titleColor={info?.ended ? EXITED_OK_COLOR : undefined}
      focused={focused}
      footer={info && info.run > 1 ? `run ${info.run}` : undefined}
    />
  );
}

export function replayPaneTitle(
  info: ReplayPane,
  index: number,
  interior: { width: number; height: number },
  width: number,
): string {
  const state = info.missing
    ? MISSING_NOTE
    : !info.started
      ? NOT_STARTED_NOTE
      : info.ended
        ? 'ended'
        : 'running';
  const clipped = info.started ? clipNote(info, interior) : null;
  return paneTitle({
    index,
    name: info.name,
    role: info.role,
    command: info.command ?? '',
    state,
    task: null,
    // The clipping is news (the size alone is the first thing a narrow title drops).
    notes: clipped ? [clipped] : [],
    size: clipped ? '' : `${info.cols}×${info.rows}`,
    width,
  });
}

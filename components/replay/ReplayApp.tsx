import { Box } from 'ink';
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { replayLayout } from '../../src/replay/replayLayout.js';
import type { ReplayStore } from '../../src/replay/replayStore.js';
import { TooSmall } from '../TooSmall.js';
import { ReplayMaster } from './ReplayMaster.js';
import { ReplayPaneFrame } from './ReplayPaneFrame.js';
import { ReplayStatus } from './ReplayStatus.js';
import { Timeline } from './Timeline.js';

export interface ReplayAppProps {
  store: ReplayStore;
}

/**
 * The replay's chrome: the live room's tiles (frames only — the compositor paints the
 * replayed screens), the master pane as it was, the timeline and the status bar.
 * Exactly `rows` lines of `cols` cells, as App is.
 */
export function ReplayApp({ store }: ReplayAppProps) {
  const screen = useStore(store, (s) => s.screen);
  const mode = useStore(store, (s) => s.mode);
  const panes = useStore(store, (s) => s.panes);
  const layout = useStore(store, (s) => s.layout);
  const focus = useStore(store, (s) => s.focus);
  const zoom = useStore(store, (s) => s.zoom);
  const room = useMemo(
    () => replayLayout({ screen, mode, panes, layout, focus, zoom }),
    [screen, mode, panes, layout, focus, zoom],
  );
  const grid = room.grid;

  return (
    <Box width={screen.cols} height={screen.rows}>
      {grid.kind === 'tiled' ? (
        <>
          {grid.panes.map((pane) => (
            <ReplayPaneFrame
              key={pane.id}
              store={store}
              pane={pane}
              index={room.paneIds.indexOf(pane.id) + 1}
              focused={pane.id === room.focus}
            />
          ))}
          {grid.master ? (
            <ReplayMaster
              store={store}
              pane={grid.master}
              focused={grid.master.id === room.focus}
            />
          ) : null}
          <Timeline store={store} rect={room.timeline} />
          <ReplayStatus store={store} rect={room.statusBar} />
        </>
      ) : (
        <TooSmall
          cols={screen.cols}
          rows={screen.rows}
          minCols={grid.minCols}
          minRows={grid.minRows}
        />
      )}
    </Box>
  );
}

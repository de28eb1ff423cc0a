import { Box } from 'ink';
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { computeLayout } from '../src/layout/tiling.js';
import type { AppStore } from '../src/store/store.js';
import type { Overlay } from '../src/store/uiSlice.js';
import { CONFIRM_HINT, ConfirmDialog } from './ConfirmDialog.js';
import { ControlRoom } from './ControlRoom.js';
import { HelpOverlay, type HelpEntry } from './HelpOverlay.js';
import { TaskDialog } from './TaskDialog.js';
import { TooSmall } from './TooSmall.js';

export interface AppProps {
  store: AppStore;
  helpEntries: HelpEntry[];
  version: string;
}

/**
 * The chrome: exactly `rows` lines of `cols` cells, because the host diffs
 * Ink's frame line by line against the screen the compositor paints into.
 */
export function App({ store, helpEntries, version }: AppProps) {
  const cols = useStore(store, (s) => s.layout.screen.cols);
  const rows = useStore(store, (s) => s.layout.screen.rows);
  const mode = useStore(store, (s) => s.layout.mode);
  const focus = useStore(store, (s) => s.layout.focus);
  const zoom = useStore(store, (s) => s.layout.zoom);
  const workerOrder = useStore(store, (s) => s.workerOrder);
  const overlay = useStore(store, (s) => s.ui.overlay);

  const layout = useMemo(
    () => computeLayout({ cols, rows, paneIds: workerOrder, focus, zoom, mode }),
    [cols, rows, workerOrder, focus, zoom, mode],
  );
  const screen = { cols, rows };

  return (
    <Box width={cols} height={rows}>
      {layout.kind === 'tiled' ? (
        <ControlRoom
          store={store}
          layout={layout}
          workerOrder={workerOrder}
          focus={focus}
          version={version}
        />
      ) : (
        <TooSmall
          cols={cols}
          rows={rows}
          minCols={layout.minCols}
          minRows={layout.minRows}
          question={overlay?.kind === 'confirm' ? `${overlay.title} ${CONFIRM_HINT}` : undefined}
        />
      )}
      {/* Too small for a dialog: a confirmation is asked in one line by TooSmall instead. */}
      {overlay && layout.kind === 'tiled' ? (
        <OverlayView
          overlay={overlay}
          screen={screen}
          helpEntries={helpEntries}
          version={version}
        />
      ) : null}
    </Box>
  );
}

function OverlayView(props: {
  overlay: Overlay;
  screen: { cols: number; rows: number };
  helpEntries: HelpEntry[];
  version: string;
}) {
  const { overlay, screen } = props;
  switch (overlay.kind) {
    case 'help':
      return <HelpOverlay entries={props.helpEntries} screen={screen} version={props.version} />;
    case 'confirm':
      return <ConfirmDialog title={overlay.title} message={overlay.message} screen={screen} />;
    case 'taskDialog':
      return <TaskDialog text={overlay.text} cursor={overlay.cursor} screen={screen} />;
  }
}

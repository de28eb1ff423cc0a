import type { Layout } from '../src/layout/types.js';
import type { AppStore } from '../src/store/store.js';
import { MasterPane } from './MasterPane.js';
import { PaneFrame } from './PaneFrame.js';
import { StatusBar } from './StatusBar.js';

export interface ControlRoomProps {
  store: AppStore;
  layout: Extract<Layout, { kind: 'tiled' }>;
  /** Display order, for the worker numbers in the titles. */
  workerOrder: readonly string[];
  focus: string;
  version: string;
}

/**
 * The chrome at the layout's rectangles. Every child is absolutely placed, so
 * what Ink draws lines up cell for cell with what the compositor paints.
 */
export function ControlRoom({ store, layout, workerOrder, focus, version }: ControlRoomProps) {
  return (
    <>
      {layout.panes.map((pane) => (
        <PaneFrame
          key={pane.id}
          store={store}
          pane={pane}
          index={workerOrder.indexOf(pane.id) + 1}
          focused={pane.id === focus}
        />
      ))}
      {layout.master ? (
        <MasterPane
          store={store}
          pane={layout.master}
          focused={layout.master.id === focus}
          version={version}
        />
      ) : null}
      <StatusBar store={store} rect={layout.statusBar} />
    </>
  );
}

import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MASTER_TITLE,
  MasterPane,
  NO_EVENTS_TEXT,
  logTime,
  sessionSummary,
} from '../../components/MasterPane.js';
import { MASTER_PANE_ID } from '../../src/engine/commands.js';
import type { PaneRect } from '../../src/layout/types.js';
import {
  BORDER,
  VERSION,
  makeStore,
  makeWorker,
  onScreen,
  screenLines,
  settle,
} from './support.js';

const PANE: PaneRect = {
  id: MASTER_PANE_ID,
  frame: { x: 0, y: 0, width: 80, height: 8 },
  interior: { x: 1, y: 1, width: 78, height: 6 },
};
const WORKERS = [
  makeWorker({ id: 'w1', name: 'alpha' }),
  makeWorker({ id: 'w2', name: 'beta', process: 'paused' }),
  makeWorker({ id: 'w3', name: 'gamma', process: 'exited', exitCode: 1 }),
];
const T0 = new Date(2025, 0, 2, 9, 5, 7).getTime();

afterEach(() => cleanup());

function renderMaster(focused = false) {
  const store = makeStore({ workers: WORKERS });
  const view = render(
    onScreen(<MasterPane store={store} pane={PANE} focused={focused} version={VERSION} />, {
      cols: PANE.frame.width,
      rows: PANE.frame.height,
    }),
  );
  return { store, lines: () => screenLines(view.lastFrame()) };
}

describe('MasterPane', () => {
  it('is a frame titled master, marked when focused', () => {
    expect(renderMaster(false).lines()[0]).toMatch(
      new RegExp(`^${BORDER.topLeft}─ ${MASTER_TITLE} ─`),
    );
    cleanup();
    expect(renderMaster(true).lines()[0]).toMatch(
      new RegExp(`^${BORDER.focusedTopLeft}═ ${MASTER_TITLE} ═`),
    );
  });

  it('summarises the session', () => {
    const { lines } = renderMaster();
    expect(sessionSummary(WORKERS)).toBe('3 workers: 1 running · 1 paused · 1 exited');
    expect(lines()[1]).toContain(`multibot-tui ${VERSION} · ${sessionSummary(WORKERS)}`);
  });

  it('says so when nothing has happened yet', () => {
    expect(renderMaster().lines()[2]).toContain(NO_EVENTS_TEXT);
  });

  it('shows the newest log entries that fit, newest last, with their time', async () => {
    const { store, lines } = renderMaster();
    const ENTRIES = 12;
    for (let i = 1; i <= ENTRIES; i++) {
      store.getState().appendLog({ at: T0 + i * 1000, kind: 'test', text: `event ${i}` });
    }
    await settle();
    // Six interior rows: the summary, then the last five entries.
    const shown = lines().slice(2, 7);
    expect(shown.map((l) => l.match(/event \d+/)?.[0])).toEqual([
      'event 8',
      'event 9',
      'event 10',
      'event 11',
      'event 12',
    ]);
    expect(shown[4]).toContain(`${logTime({ at: T0 + ENTRIES * 1000 })} event 12`);
    expect(logTime({ at: T0 })).toBe('09:05:07');
    expect(lines()).toHaveLength(PANE.frame.height);
  });

  it('keeps a multi-line log entry on one row', async () => {
    const { store, lines } = renderMaster();
    store.getState().appendLog({ at: T0, kind: 'test', text: 'first\nsecond' });
    await settle();
    expect(lines()[2]).toContain('first second');
    expect(lines()).toHaveLength(PANE.frame.height);
  });
});

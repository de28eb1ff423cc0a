import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { CONFIRM_HINT } from '../../components/ConfirmDialog.js';
import { HELP_CLOSE_HINT, type HelpEntry } from '../../components/HelpOverlay.js';
import { MASTER_TITLE } from '../../components/MasterPane.js';
import { TASK_DIALOG_FOOTER, TASK_DIALOG_TITLE } from '../../components/TaskDialog.js';
import { tooSmallMessage } from '../../components/TooSmall.js';
import { MASTER_PANE_ID, type LayoutMode } from '../../src/engine/commands.js';
import { taskDialogRect } from '../../src/layout/overlays.js';
import { computeLayout } from '../../src/layout/tiling.js';
import {
  BORDER,
  SCREEN,
  VERSION,
  cells,
  makeStore,
  makeWorker,
  screenLines,
  settle,
} from './support.js';

const HELP: HelpEntry[] = [
  { keys: 'i', description: 'insert into the focused worker', group: 'Navigate' },
  { keys: 'z', description: 'zoom the focused pane', group: 'Navigate' },
  { keys: 'Ctrl-b Esc', description: 'back to navigate', group: 'Insert' },
];

const WORKERS = [
  makeWorker({ id: 'w1', name: 'alpha' }),
  makeWorker({ id: 'w2', name: 'beta', commandLine: 'npm test' }),
  makeWorker({ id: 'w3', name: 'gamma', process: 'paused' }),
];

afterEach(() => cleanup());

/** The master's title in its top border, before the session summary. */
const MASTER_TITLE_IN_BORDER = new RegExp(`[─═] ${MASTER_TITLE} · \\d+ worker`);

function renderApp(store = makeStore({ workers: WORKERS })) {
  const view = render(<App store={store} helpEntries={HELP} version={VERSION} />);
  return { store, view, lines: () => screenLines(view.lastFrame()) };
}

describe('App', () => {
  const SIZES = [SCREEN, { cols: 80, rows: 24 }, { cols: 60, rows: 20 }, { cols: 40, rows: 12 }];
  const MODES: LayoutMode[] = ['grid', 'columns', 'rows'];

  it('draws a frame of exactly `rows` lines, none wider than `cols`', () => {
    for (const screen of SIZES) {
      for (const mode of MODES) {
        for (let n = 0; n <= WORKERS.length; n++) {
          const store = makeStore({ workers: WORKERS.slice(0, n), screen });
          store.getState().setLayout({ mode });
          const { lines } = renderApp(store);
          expect(lines()).toHaveLength(screen.rows);
          for (const line of lines()) {
            expect(Array.from(line).length).toBeLessThanOrEqual(screen.cols);
          }
          cleanup();
        }
      }
    }
  });

  it('draws every frame at its layout rectangle and leaves worker interiors blank', () => {
    const { store, lines } = renderApp();
    const { screen, focus, zoom, mode } = store.getState().layout;
    const layout = computeLayout({ ...screen, paneIds: ['w1', 'w2', 'w3'], focus, zoom, mode });
    if (layout.kind !== 'tiled') throw new Error('expected a tiled layout');
    for (const { frame, interior } of layout.panes) {
      expect(cells(lines(), frame.y, frame.x, 1)).toBe(BORDER.topLeft);
      expect(cells(lines(), frame.y + frame.height - 1, frame.x, 1)).toBe(BORDER.bottomLeft);
      for (let y = interior.y; y < interior.y + interior.height; y++) {
        expect(cells(lines(), y, interior.x, interior.width).trim()).toBe('');
      }
    }
    const master = layout.master;
    expect(master && cells(lines(), master.frame.y, master.frame.x, 12)).toContain(MASTER_TITLE);
  });

  it('shows worker titles and the master pane', () => {
    const text = renderApp().lines().join('\n');
    // Half-width panes: the commands shrink to make room for the status.
    expect(text).toMatch(/1 alpha · bash … · working \(activity\)/);
    expect(text).toMatch(/2 beta · npm te… · working \(activity\)/);
    expect(text).toContain('3 gamma · bash -l · paused');
    expect(text).toMatch(MASTER_TITLE_IN_BORDER);
  });

  it('zooms the focused worker over everything but the status bar', () => {
    const store = makeStore({ workers: WORKERS, focus: 'w2' });
    store.getState().setLayout({ zoom: true });
    const lines = renderApp(store).lines();
    const text = lines.join('\n');
    expect(lines[0]?.startsWith(`${BORDER.focusedTopLeft}═ 2 beta`)).toBe(true);
    expect(lines[SCREEN.rows - 2]?.startsWith(BORDER.focusedBottomLeft)).toBe(true);
    expect(text).not.toContain('alpha ·');
    expect(text).not.toMatch(MASTER_TITLE_IN_BORDER);
  });

  it('shows the master alone when there are no workers', () => {
    const lines = renderApp(makeStore()).lines();
    expect(lines[0]).toContain(MASTER_TITLE);
    expect(lines[0]?.startsWith(BORDER.focusedTopLeft)).toBe(true);
    expect(lines[SCREEN.rows - 2]?.startsWith(BORDER.focusedBottomLeft)).toBe(true);
  });

  it('replaces the tiles with a clear message when the terminal is too small', () => {
    const screen = { cols: 38, rows: 10 };
    const lines = renderApp(makeStore({ workers: WORKERS, screen })).lines();
    expect(lines).toHaveLength(screen.rows);
    // The message wraps on a narrow screen; read it as one text.
    const text = lines.map((l) => l.trim()).join(' ');
    expect(text).toContain(tooSmallMessage({ ...screen, minCols: 40, minRows: 16 }));
  });

  it('follows the screen size from the store', async () => {
    const { store, lines } = renderApp();
    store.getState().setLayout({ screen: { cols: 30, rows: 8 } });
    await settle();
    expect(lines().join(' ')).toContain('Terminal too small');
    store.getState().setLayout({ screen: SCREEN });
    await settle();
    expect(lines().join(' ')).toContain('1 alpha');
  });

  it('lays the help overlay over the tiles, listing every entry', async () => {
    const { store, lines } = renderApp();
    store.getState().setUi({ overlay: { kind: 'help' } });
    await settle();
    const text = lines().join('\n');
    for (const entry of HELP) {
      expect(text).toMatch(new RegExp(`${escape(entry.keys)} +${escape(entry.description)}`));
    }
    expect(text).toContain(HELP_CLOSE_HINT);
    expect(lines()).toHaveLength(SCREEN.rows);
  });

  it('lays a confirmation over the tiles', async () => {
    const { store, lines } = renderApp();
    store.getState().setUi({
      overlay: {
        kind: 'confirm',
        title: 'Kill alpha?',
        message: 'SIGTERM now, SIGKILL after the grace period.',
        command: { type: 'worker.kill', id: 'w1', confirmed: true },
      },
    });
    await settle();
    const text = lines().join('\n');
    expect(text).toContain('Kill alpha?');
    expect(text).toContain('SIGTERM now, SIGKILL after the grace period.');
    expect(text).toContain(CONFIRM_HINT);
  });

  it('lays the new-task dialog exactly at its rectangle, with the text in it', async () => {
    const { store, lines } = renderApp();
    store.getState().setUi({
      overlay: { kind: 'taskDialog', text: 'Fix the login bug\nrole: coder', cursor: 4 },
    });
    await settle();
    const rect = taskDialogRect(SCREEN);
    expect(cells(lines(), rect.y, rect.x, rect.width)).toMatch(
      new RegExp(`^${BORDER.focusedTopLeft}═ ${TASK_DIALOG_TITLE} ═+╗$`),
    );
    expect(cells(lines(), rect.y + rect.height - 1, rect.x, rect.width)).toMatch(
      new RegExp(`^${BORDER.focusedBottomLeft}═+ ${TASK_DIALOG_FOOTER} ═╝$`),
    );
    const inside = lines()
      .slice(rect.y, rect.y + rect.height)
      .map((l) =>
        Array.from(l)
          .slice(rect.x, rect.x + rect.width)
          .join(''),
      );
    expect(inside.join('\n')).toContain('Fix the login bug');
    expect(inside.join('\n')).toContain('role: coder');
    expect(lines()).toHaveLength(SCREEN.rows);
  });

  it('still asks a pending question when the terminal is too small for the dialog', () => {
    const store = makeStore({ workers: WORKERS, screen: { cols: 38, rows: 10 } });
    store.getState().setUi({
      overlay: {
        kind: 'confirm',
        title: 'Quit?',
        message: 'Workers are running.',
        command: { type: 'app.quit', confirmed: true },
      },
    });
    expect(renderApp(store).lines().join(' ')).toContain(`Quit? ${CONFIRM_HINT}`);
  });

  it('marks the focused pane and moves the mark with the focus', async () => {
    const { store, lines } = renderApp(makeStore({ workers: WORKERS, focus: 'w1' }));
    expect(lines()[0]?.startsWith(`${BORDER.focusedTopLeft}═ 1 alpha`)).toBe(true);
    store.getState().setLayout({ focus: MASTER_PANE_ID });
    await settle();
    expect(lines()[0]?.startsWith(`${BORDER.topLeft}─ 1 alpha`)).toBe(true);
    expect(lines().some((l) => l.startsWith(`${BORDER.focusedTopLeft}═ ${MASTER_TITLE}`))).toBe(
      true,
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

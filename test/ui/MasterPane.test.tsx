import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_HINT, COMMAND_HINT_UNFOCUSED, PROMPT } from '../../components/CommandLine.js';
import {
  MASTER_TITLE,
  MAX_QUESTION_ROWS,
  MasterPane,
  NO_EVENTS_TEXT,
  questionLine,
  sessionSummary,
} from '../../components/MasterPane.js';
import { HELD_BADGE, NO_TASKS_TEXT } from '../../components/TaskBoard.js';
import { MASTER_PANE_ID } from '../../src/engine/commands.js';
import type { PaneRect } from '../../src/layout/types.js';
import type { WorkerInfo } from '../../src/store/workersSlice.js';
import { makeTask } from '../helpers/tasks.js';
import {
  BORDER,
  VERSION,
  makeStore,
  makeWorker,
  onScreen,
  screenLines,
  settle,
  widthOf,
} from './support.js';

const PANE: PaneRect = {
  id: MASTER_PANE_ID,
  frame: { x: 0, y: 0, width: 90, height: 10 },
  interior: { x: 1, y: 1, width: 88, height: 8 },
};
const WAITING = { state: 'waiting', signal: 'human', reason: 'question', since: 0 } as const;
const WORKERS = [
  makeWorker({ id: 'w1', name: 'alpha' }),
  makeWorker({ id: 'w2', name: 'beta', status: WAITING, question: 'Which database should I use?' }),
  makeWorker({ id: 'w3', name: 'gamma', process: 'exited', exitCode: 1 }),
];
const T0 = new Date(2025, 0, 2, 9, 5, 7).getTime();
/** Rows of the pane: the top border, then the interior. */
const FIRST_ROW = 1;
const LAST_ROW = PANE.frame.height - 2;

afterEach(() => cleanup());

function renderMaster(
  options: { focused?: boolean; workers?: WorkerInfo[]; pane?: PaneRect } = {},
) {
  const pane = options.pane ?? PANE;
  const store = makeStore({ workers: options.workers ?? WORKERS });
  const view = render(
    onScreen(
      <MasterPane store={store} pane={pane} focused={options.focused ?? false} version={VERSION} />,
      { cols: pane.frame.width, rows: pane.frame.height },
    ),
  );
  return { store, lines: () => screenLines(view.lastFrame()) };
}

describe('MasterPane', () => {
  it('is a frame titled master with the session summary, marked when focused', () => {
    expect(renderMaster().lines()[0]).toMatch(
      new RegExp(`^${BORDER.topLeft}─ ${MASTER_TITLE} · ${sessionSummary(WORKERS)}`),
    );
    cleanup();
    expect(renderMaster({ focused: true }).lines()[0]).toMatch(
      new RegExp(`^${BORDER.focusedTopLeft}═ ${MASTER_TITLE} ·`),
    );
  });

  it('summarises the workers by status and shows the version in the bottom border', () => {
    expect(sessionSummary(WORKERS)).toBe('3 workers: 1 waiting · 2 working');
    const { lines } = renderMaster();
    expect(lines()[PANE.frame.height - 1]).toContain(`multibot-tui ${VERSION}`);
  });

  it('shows the task board on the left and the event log on the right', async () => {
    const { store, lines } = renderMaster();
    expect(lines()[FIRST_ROW]).toContain('pending 0');
    expect(lines()[FIRST_ROW + 1]).toContain(NO_TASKS_TEXT);
    expect(lines()[FIRST_ROW]).toContain(NO_EVENTS_TEXT);

    store.getState().setTasks([makeTask({ id: 'T1', title: 'Write the API' })]);
    store.getState().setDispatch({ held: true });
    store.getState().appendLog({ at: T0, kind: 'override', text: 'auto-dispatch held' });
    await settle();
    const [header, task] = [lines()[FIRST_ROW] ?? '', lines()[FIRST_ROW + 1] ?? ''];
    expect(header).toContain('pending 1');
    expect(header).toContain(HELD_BADGE.trim());
    expect(task).toMatch(/│ T1 +ready +Write the API/);
    expect(header.indexOf('pending')).toBeLessThan(header.indexOf('09:05:07'));
    expect(lines().join('\n')).toContain('09:05:07 ! auto-dispatch held');
  });

  it('shows a waiting question above the command line, with how to answer it', () => {
    const lines = renderMaster().lines();
    expect(lines[LAST_ROW - 1]).toContain(
      '? beta asks: Which database should I use?  — /answer w2 TEXT',
    );
    expect(lines[LAST_ROW]).toContain(`${PROMPT}${COMMAND_HINT_UNFOCUSED}`);
  });

  it(`shows at most ${MAX_QUESTION_ROWS} questions`, () => {
    const asking = ['a', 'b', 'c'].map((id) =>
      makeWorker({ id, name: id, status: WAITING, question: `question of ${id}` }),
    );
    const text = renderMaster({ workers: asking }).lines().join('\n');
    expect(text).toContain('question of a');
    expect(text).toContain('question of b');
    expect(text).not.toContain('question of c');
  });

  it('cuts a long question but keeps how to answer it', () => {
    const worker = makeWorker({ id: 'w2', name: 'beta', question: 'why '.repeat(40) });
    const text = questionLine(worker, 60)
      .map((s) => s.text)
      .join('');
    expect(Array.from(text)).toHaveLength(60);
    expect(text.endsWith('— /answer w2 TEXT')).toBe(true);
  });

  it('draws the command line with its cursor only while the focused master is in INSERT', async () => {
    const { store, lines } = renderMaster({ focused: true, workers: [] });
    expect(lines()[LAST_ROW]).toContain(`${PROMPT}${COMMAND_HINT}`);
    store.getState().setUi({ inputMode: 'insert', commandLine: { text: '/hold', cursor: 5 } });
    await settle();
    expect(lines()[LAST_ROW]).toMatch(new RegExp(`^║ ${PROMPT}/hold *║$`));
  });

  it('fits every row to the frame, and leaves the log out when narrow', async () => {
    const narrow: PaneRect = {
      id: MASTER_PANE_ID,
      frame: { x: 0, y: 0, width: 40, height: 8 },
      interior: { x: 1, y: 1, width: 38, height: 6 },
    };
    for (const pane of [PANE, narrow]) {
      const { store, lines } = renderMaster({ pane });
      store.getState().setTasks([makeTask({ id: 'T1', title: 'A long task title '.repeat(5) })]);
      store.getState().appendLog({ at: T0, kind: 'status', text: 'first\nsecond '.repeat(9) });
      await settle();
      expect(lines()).toHaveLength(pane.frame.height);
      for (const line of lines()) expect(widthOf(line)).toBeLessThanOrEqual(pane.frame.width);
      expect(lines().join('\n').includes('09:05:07')).toBe(pane === PANE);
      cleanup();
    }
  });
});

describe('the permissions inbox', () => {
  it('lists a pending permission with how to answer it', async () => {
    const { permissionLine } = await import('../../components/MasterPane.js');
    const worker = makeWorker({
      id: 'coder',
      name: 'coder',
      permission: { tool: 'Write', detail: 'demo/x.md', since: 1 },
    });
    const text = permissionLine(worker, 80)
      .map((segment) => segment.text)
      .join('');
    expect(text).toContain('! coder wants Write demo/x.md');
    expect(text).toContain('a allows · d denies');
  });
});

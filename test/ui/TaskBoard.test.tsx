import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HELD_BADGE,
  NO_TASKS_TEXT,
  TaskBoard,
  boardHeader,
  formatAge,
  orderTasks,
  taskCounts,
  taskRows,
} from '../../components/TaskBoard.js';
import { ELLIPSIS } from '../../src/layout/text.js';
import type { Task } from '../../src/orchestrator/types.js';
import type { DispatchState } from '../../src/store/tasksSlice.js';
import { makeTask } from '../helpers/tasks.js';
import { onScreen, screenLines, widthOf } from './support.js';

const MINUTE = 60_000;
const NOW = 100 * MINUTE;
const WIDTH = 60;
/** Wide enough for every count and the strategy. */
const WIDE = { width: 100, height: 12 };
const AUTO: DispatchState = { held: false, strategy: 'capability', cursor: 0 };
const HELD: DispatchState = { ...AUTO, held: true };

/** One of each kind of line the board draws. */
const TASKS: Task[] = [
  makeTask({ id: 'T1', title: 'Set up the schema', status: 'done', updatedAt: NOW - MINUTE }),
  makeTask({ id: 'T2', title: 'Write the API', status: 'running', assignee: 'coder' }),
  makeTask({ id: 'T3', title: 'Test the API', dependsOn: ['T2'], role: 'tester' }),
  makeTask({ id: 'T4', title: 'Update the docs', priority: 2, createdAt: NOW - 3 * MINUTE }),
  makeTask({ id: 'T5', title: 'Review', status: 'assigned', assignee: 'reviewer' }),
  makeTask({ id: 'T6', title: 'Old idea', status: 'cancelled', updatedAt: NOW - 5 * MINUTE }),
  makeTask({ id: 'T7', title: 'Flaky job', status: 'failed', updatedAt: NOW - 2 * MINUTE }),
  makeTask({ id: 'T8', title: 'Lint', priority: 5 }),
];

afterEach(() => cleanup());

function renderBoard(tasks: readonly Task[], dispatch = AUTO, size = { width: WIDTH, height: 12 }) {
  const view = render(
    onScreen(<TaskBoard tasks={tasks} dispatch={dispatch} now={NOW} {...size} />, {
      cols: size.width,
      rows: size.height,
    }),
  );
  return screenLines(view.lastFrame());
}

const text = (segments: readonly { text: string }[]) => segments.map((s) => s.text).join('');

describe('TaskBoard', () => {
  it('orders running, assigned, ready (by priority), blocked, then finished newest first', () => {
    const order = orderTasks(TASKS, NOW).map((r) => `${r.task.id} ${r.state}`);
    expect(order).toEqual([
      'T2 running',
      'T5 assigned',
      'T8 ready',
      'T4 ready',
      'T3 blocked',
      'T1 done',
      'T7 failed',
      'T6 cancelled',
    ]);
  });

  it('shows a pending task waiting out its backoff as such', () => {
    const task = makeTask({ id: 'T1', title: 'Retry me', notBefore: NOW + MINUTE, attempts: 1 });
    expect(orderTasks([task], NOW)[0]?.state).toBe('backoff');
    expect(orderTasks([task], NOW + 2 * MINUTE)[0]?.state).toBe('ready');
  });

  it('counts tasks by state, assigned and cancelled only when there are any', () => {
    expect(taskCounts(TASKS)).toBe(
      'pending 3 · assigned 1 · running 1 · done 1 · failed 1 · cancelled 1',
    );
    expect(taskCounts([])).toBe('pending 0 · running 0 · done 0 · failed 0');
  });

  it('heads the board with the counts and the dispatch strategy', () => {
    const [header] = renderBoard(TASKS, AUTO, WIDE);
    expect(header).toContain('pending 3 · assigned 1');
    expect(header?.trimEnd().endsWith('auto-dispatch · capability')).toBe(true);
  });

  it('shows a held dispatch as a badge', () => {
    const [header] = renderBoard(TASKS, HELD, WIDE);
    expect(header).toContain(`${HELD_BADGE} · capability`);
    const badge = boardHeader(TASKS, HELD, WIDE.width).find((s) => s.text === HELD_BADGE);
    expect(badge?.inverse).toBe(true);
  });

  it('drops the strategy, then cuts the counts, but keeps the held badge', () => {
    expect(text(boardHeader(TASKS, AUTO, WIDTH))).not.toContain('capability');
    const NARROW = 30;
    const header = text(boardHeader(TASKS, HELD, NARROW));
    expect(Array.from(header)).toHaveLength(NARROW);
    expect(header).toContain(HELD_BADGE.trim());
    expect(header).toContain(ELLIPSIS);
  });

  it('draws one line per task: id, state, title, assignee, priority, deps, age', () => {
    const lines = renderBoard(TASKS);
    const line = (id: string) => lines.find((l) => l.startsWith(`${id} `)) ?? '';
    expect(line('T2')).toMatch(/^T2 running +Write the API +coder/);
    expect(line('T3')).toMatch(/^T3 blocked +Test the API +after T2/);
    expect(line('T4')).toMatch(/^T4 ready +Update the docs +p2 +3m$/);
    expect(line('T6')).toContain('cancelled');
    expect(lines.indexOf(line('T2'))).toBe(1);
  });

  it('aligns the columns: the ages, right-aligned, end every row at the edge', () => {
    const lines = renderBoard(TASKS).slice(1, 1 + TASKS.length);
    for (const line of lines) expect(widthOf(line)).toBe(WIDTH);
    const assigneeColumn = (id: string) =>
      lines.find((l) => l.startsWith(`${id} `))?.search(/coder|reviewer/);
    expect(assigneeColumn('T2')).toBe(assigneeColumn('T5'));
    const ageColumn = lines.map((l) => l.search(/\d+[smhd]$/) + l.match(/\d+[smhd]$/)![0].length);
    expect(new Set(ageColumn).size).toBe(1);
  });

  it('fits every line to the width, cutting the title', () => {
    const long = makeTask({ id: 'T9', title: 'A title far too long for the board '.repeat(3) });
    for (const width of [24, 40, WIDTH]) {
      const lines = renderBoard([...TASKS, long], AUTO, { width, height: 12 });
      for (const line of lines) expect(widthOf(line)).toBeLessThanOrEqual(width);
      for (const row of taskRows(orderTasks([...TASKS, long], NOW), NOW, width)) {
        expect(Array.from(text(row))).toHaveLength(width);
      }
      expect(lines.join('\n')).toContain(ELLIPSIS);
      cleanup();
    }
  });

  it('drops the optional columns before the title gets too short to read', () => {
    const [row] = taskRows(orderTasks([TASKS[2] as Task], NOW), NOW, 24);
    expect(text(row ?? [])).toMatch(/^T3 blocked Test the API/);
  });

  it('says how many tasks did not fit', () => {
    const HEIGHT = 5;
    const lines = renderBoard(TASKS, AUTO, { width: WIDTH, height: HEIGHT });
    // The header, three tasks, then the rest counted.
    expect(lines[HEIGHT - 1]).toContain(`… ${TASKS.length - 3} more`);
    expect(lines).toHaveLength(HEIGHT);
  });

  it('says how to add a task when there are none', () => {
    expect(renderBoard([])[1]).toContain(NO_TASKS_TEXT);
  });

  it('writes ages in the largest whole unit', () => {
    expect(formatAge(42_000)).toBe('42s');
    expect(formatAge(3 * MINUTE + 5_000)).toBe('3m');
    expect(formatAge(2 * 60 * MINUTE)).toBe('2h');
    expect(formatAge(3 * 24 * 60 * MINUTE)).toBe('3d');
    expect(formatAge(-5)).toBe('0s');
  });
});

import { MASTER_PANE_ID } from '../engine/commands.js';
import { fit, textWidth, truncate } from '../layout/text.js';
import type { PaneRect, Rect } from '../layout/types.js';
import type { Task } from '../orchestrator/types.js';
import type { LogEntry } from '../store/logSlice.js';
import { clipNote } from './clipNote.js';
import type { ReplayLayout } from './replayLayout.js';
import type { ReplayPane, ReplayState } from './replayStore.js';
import { formatClock } from './timeFormat.js';
import { timelineLine } from './timelineText.js';

/** SGR parameters for the few styles the chrome uses. */
const STYLE = {
  focus: '1;36',
  dim: '2',
  played: '36',
  badge: '1;7;35',
  bold: '1',
  warn: '33',
} as const;

interface Cell {
  ch: string;
  style: string;
}

/** A screen of styled cells, drawn into and read out as one line of text per row. */
class Canvas {
  private readonly cells: Cell[][];

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.cells = Array.from({ length: rows }, () =>
      Array.from({ length: cols }, () => ({ ch: ' ', style: '' })),
    );
  }

  put(x: number, y: number, text: string, style = ''): void {
    const row = this.cells[y];
    if (!row) return;
    let column = x;
    for (const ch of text) {
      if (column >= this.cols) break;
      if (column >= 0) row[column] = { ch, style };
      column += 1;
    }
  }

  frame(rect: Rect, title: string, focused: boolean, footer = ''): void {
    const style = focused ? STYLE.focus : STYLE.dim;
    const [tl, tr, bl, br, h, v] = focused ? '╔╗╚╝═║' : '┌┐└┘─│';
    const inner = Math.max(0, rect.width - 2);
    const shown = truncate(title, inner - 4);
    const bottom = rect.y + rect.height - 1;
    this.put(rect.x, rect.y, tl + (h ?? '').repeat(inner) + tr, style);
    if (shown) this.put(rect.x + 2, rect.y, ` ${shown} `, focused ? STYLE.focus : '');
    for (let y = rect.y + 1; y < bottom; y += 1) {
      this.put(rect.x, y, v ?? '', style);
      this.put(rect.x + rect.width - 1, y, v ?? '', style);
    }
    this.put(rect.x, bottom, bl + (h ?? '').repeat(inner) + br, style);
    const end = truncate(footer, inner - 4);
    if (end) this.put(rect.x + rect.width - 3 - textWidth(end), bottom, ` ${end} `, STYLE.dim);
  }

  lines(): string[] {
    return this.cells.map((row) => {
      let out = '';
      let style = '';
      for (const cell of row) {
        if (cell.style !== style) {
          out += `\x1b[0m${cell.style ? `\x1b[${cell.style}m` : ''}`;
          style = cell.style;
        }
        out += cell.ch;
      }
      return style ? `${out}\x1b[0m` : out;
    });
  }
}

/**
 * The replay's chrome drawn with plain strings (no Ink), for exports: frames and titles
 * at the same rectangles, the board and log as they were, the timeline and the status
 * line. Interiors are left blank for the compositor, as in Ink's frame.
 */
export function plainChrome(state: ReplayState, layout: ReplayLayout): string {
  const { cols, rows } = state.screen;
  const canvas = new Canvas(cols, rows);
  const grid = layout.grid;
  if (grid.kind !== 'tiled') {
    canvas.put(0, 0, `Too small: ${cols}×${rows}, needs ${grid.minCols}×${grid.minRows}`);
    return canvas.lines().join('\n');
  }
  for (const pane of grid.panes) {
    const info = state.panes.find((candidate) => candidate.id === pane.id);
    const index = layout.paneIds.indexOf(pane.id) + 1;
    canvas.frame(pane.frame, paneTitle(index, pane, info), pane.id === layout.focus);
  }
  if (grid.master) drawMaster(canvas, state, grid.master.frame, grid.master.interior, layout);
  const line = timelineLine(state, layout.timeline.width);
  const y = layout.timeline.y;
  canvas.put(0, y, line.head, STYLE.bold);
  if (line.at >= 0) {
    const x = textWidth(line.head);
    canvas.put(x, y, line.bar.slice(0, line.at + 1), STYLE.played);
    canvas.put(x + line.at + 1, y, line.bar.slice(line.at + 1), STYLE.dim);
    canvas.put(x + textWidth(line.bar), y, line.tail);
  }
  const badge = ' REPLAY ';
  canvas.put(0, layout.statusBar.y, badge, STYLE.badge);
  canvas.put(textWidth(badge), layout.statusBar.y, ` ${state.sessionId}`, STYLE.bold);
  return canvas.lines().join('\n');
}

function paneTitle(index: number, pane: PaneRect, info: ReplayPane | undefined): string {
  if (!info) return `${index} ${pane.id}`;
  const state = info.missing
    ? 'no recording'
    : info.ended
      ? 'ended'
      : info.started
        ? 'running'
        : 'not started';
  const size = (info.started && clipNote(info, pane.interior)) || `${info.cols}×${info.rows}`;
  // What a narrow frame cuts first goes last: the command, then the role.
  return [`${index} ${info.name}`, state, size, info.role, info.command]
    .filter((part) => part && part !== info.name)
    .join(' · ');
}

function drawMaster(
  canvas: Canvas,
  state: ReplayState,
  frame: Rect,
  interior: Rect,
  layout: ReplayLayout,
): void {
  const title = ['master', state.label, `as at ${formatClock(state.positionMs)}`]
    .filter(Boolean)
    .join(' · ');
  canvas.frame(frame, title, layout.focus === MASTER_PANE_ID, 'replay');
  const width = Math.max(0, interior.width - 2);
  const boardWidth = width >= 48 ? Math.round(width * 0.55) : width;
  const logWidth = width - boardWidth - 3;
  const x = interior.x + 1;
  const board = boardLines(state.tasks).slice(0, interior.height);
  board.forEach((line, i) => canvas.put(x, interior.y + i, fit(line, boardWidth)));
  if (logWidth <= 0) return;
  const log = state.log.slice(-interior.height);
  for (let i = 0; i < interior.height; i += 1) {
    canvas.put(x + boardWidth, interior.y + i, ' │ ', STYLE.dim);
  }
  const lines = log.length > 0 ? log.map(logLine) : ['No events yet.'];
  lines.forEach((line, i) => canvas.put(x + boardWidth + 3, interior.y + i, fit(line, logWidth)));
}

const RANK: Record<Task['status'], number> = {
  running: 0,
  assigned: 1,
  pending: 2,
  done: 3,
  failed: 3,
  cancelled: 3,
};

/** The board as text: counts, then the tasks, work in progress first. */
export function boardLines(tasks: readonly Task[]): string[] {
  const count = (status: Task['status']): number => tasks.filter((t) => t.status === status).length;
  const header = (['pending', 'running', 'done', 'failed'] as const)
    .map((status) => `${status} ${count(status)}`)
    .join(' · ');
  if (tasks.length === 0) return [header, 'No tasks yet.'];
  const sorted = [...tasks].sort(
    (a, b) => RANK[a.status] - RANK[b.status] || Number(a.id.slice(1)) - Number(b.id.slice(1)),
  );
  return [
    header,
    ...sorted.map((task) =>
      [task.id, task.status.padEnd(9), task.title.replace(/\s+/g, ' '), task.assignee ?? '']
        .filter(Boolean)
        .join(' '),
    ),
  ];
}

/** `09:05:07 T3 → w2 (capability: coder)` in local time, as the event log shows it. */
export function logLine(entry: LogEntry): string {
  const d = new Date(entry.at);
  const time = [d.getHours(), d.getMinutes(), d.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return `${time} ${entry.text.replace(/\s+/g, ' ')}`;
}

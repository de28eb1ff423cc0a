/**
 * The demo agent's own screen, in plain ANSI (it runs inside a worker pty, so no
 * Ink): a header, coloured log lines, a status line (spinner or question), the
 * prompt box and a hint line at the bottom. `renderFrame` is pure; `Screen`
 * writes only the rows that changed.
 */

export type Tone =
  'plain' | 'dim' | 'user' | 'info' | 'tool' | 'success' | 'warn' | 'error' | 'result';

export interface LogLine {
  text: string;
  tone: Tone;
}

export type StatusLine =
  | { kind: 'spinner'; text: string; frame: number; elapsedMs: number }
  | { kind: 'question'; text: string }
  | null;

export interface View {
  role: string;
  dir: string;
  sessionId: string;
  log: readonly LogLine[];
  status: StatusLine;
  input: string;
  hint: string;
  /** Show the cursor in the prompt box. */
  cursor: boolean;
  /** Draw the box in the question colour (a y/n question is waiting). */
  asking: boolean;
}

export interface Frame {
  lines: string[];
  /** 0-based cell of the cursor, or null to hide it. */
  cursor: { x: number; y: number } | null;
}

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const RESET = '\x1b[0m';
const TONES: Record<Tone, string> = {
  plain: '',
  dim: '\x1b[2m',
  user: '\x1b[1m',
  info: '\x1b[36m',
  tool: '\x1b[33m',
  success: '\x1b[32m',
  warn: '\x1b[1;33m',
  error: '\x1b[31m',
  result: '\x1b[1;32m',
};

function paint(style: string, text: string): string {
  return style && text ? `${style}${text}${RESET}` : text;
}

/** Terminal cells of one code point: 2 for wide East Asian and emoji, 0 for combining. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (code >= 0x300 && code <= 0x36f) return 0;
  if (code >= 0x200b && code <= 0x200f) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** Splits one line (no newlines) into rows of at most `width` cells. */
export function wrap(text: string, width: number): string[] {
  if (width <= 0) return [''];
  const rows: string[] = [];
  let row = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width) {
      rows.push(row);
      row = '';
      used = 0;
    }
    row += char;
    used += w;
  }
  rows.push(row);
  return rows;
}

export function truncate(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

function header(view: View, cols: number): string[] {
  const badge = ' DEMO ';
  const title = `demo agent · ${view.role} · ${view.dir}`;
  const note = 'scripted stand-in, no model';
  const room = cols - badge.length - 1;
  const titleText = truncate(title, Math.max(0, room));
  const noteRoom = room - textWidth(titleText) - 3;
  const line =
    paint('\x1b[1;30;43m', badge) +
    ' ' +
    paint('\x1b[1m', titleText) +
    (noteRoom >= note.length ? paint('\x1b[2m', `   ${note}`) : '');
  const sub = truncate(`session ${view.sessionId}`, cols);
  return [line, paint('\x1b[2m', sub)];
}

function statusRow(status: StatusLine, cols: number): string {
  if (!status) return '';
  if (status.kind === 'question') return paint(TONES.warn, truncate(status.text, cols));
  const seconds = Math.floor(status.elapsedMs / 1000);
  const spinner = SPINNER[status.frame % SPINNER.length] ?? '⠋';
  const text = truncate(`${spinner} ${status.text} (${seconds}s · esc to interrupt)`, cols);
  return paint('\x1b[35m', text);
}

/** The prompt box: rows of text inside `│ > … │`, at most `maxRows` of them (the last ones). */
function promptBox(
  input: string,
  cols: number,
  maxRows: number,
  asking: boolean,
): { lines: string[]; cursor: { x: number; y: number } } {
  const inner = Math.max(1, cols - 6);
  const rows: string[] = [];
  for (const line of input.split('\n')) rows.push(...wrap(line, inner));
  // The cursor sits after the text; a full last row pushes it onto a new one.
  if (textWidth(rows[rows.length - 1] ?? '') >= inner) rows.push('');
  const first = Math.max(0, rows.length - maxRows);
  const shown = rows.slice(first);
  const border = asking ? '\x1b[33m' : '\x1b[2m';
  const width = Math.max(2, cols);
  const lines = [paint(border, `╭${'─'.repeat(width - 2)}╮`)];
  shown.forEach((row, index) => {
    const prefix = index + first === 0 ? '> ' : '  ';
    const pad = ' '.repeat(Math.max(0, inner - textWidth(row)));
    lines.push(
      `${paint(border, '│')} ${paint('\x1b[1m', prefix)}${row}${pad} ${paint(border, '│')}`,
    );
  });
  lines.push(paint(border, `╰${'─'.repeat(width - 2)}╯`));
  const last = shown[shown.length - 1] ?? '';
  return { lines, cursor: { x: 4 + textWidth(last), y: shown.length } };
}

export function renderFrame(view: View, cols: number, rows: number): Frame {
  const top = header(view, cols);
  const maxBoxRows = Math.max(1, Math.min(8, Math.floor(rows / 3)));
  const box = promptBox(view.input, cols, maxBoxRows, view.asking);
  const status = statusRow(view.status, cols);
  const hint = paint('\x1b[2m', truncate(view.hint, cols));
  const logRows = Math.max(0, rows - top.length - 1 - box.lines.length - 1);

  const wrapped: string[] = [];
  for (const entry of view.log.slice(-Math.max(1, logRows))) {
    for (const line of entry.text.split('\n')) {
      for (const row of wrap(line, cols)) wrapped.push(paint(TONES[entry.tone], row));
    }
  }
  const logLines = wrapped.slice(-logRows);
  while (logLines.length < logRows) logLines.push('');

  const lines = [...top, ...logLines, status, ...box.lines, hint];
  const boxTop = top.length + logLines.length + 1;
  let cursor: Frame['cursor'] = view.cursor
    ? { x: Math.min(box.cursor.x, cols - 1), y: boxTop + box.cursor.y }
    : null;
  // A terminal too small for everything keeps the bottom (the prompt box).
  const cut = Math.max(0, lines.length - rows);
  if (cursor) cursor = cursor.y - cut >= 0 ? { x: cursor.x, y: cursor.y - cut } : null;
  return { lines: lines.slice(cut), cursor };
}

export interface Output {
  write(data: string): unknown;
  columns?: number;
  rows?: number;
}

export class Screen {
  private previous: string[] = [];

  constructor(private readonly out: Output) {}

  get size(): { cols: number; rows: number } {
    const cols = this.out.columns && this.out.columns > 0 ? this.out.columns : 80;
    const rows = this.out.rows && this.out.rows > 0 ? this.out.rows : 24;
    return { cols, rows };
  }

  /** Forget what is on screen: the next draw repaints every row. */
  invalidate(): void {
    this.previous = [];
  }

  draw(view: View): void {
    const { cols, rows } = this.size;
    const frame = renderFrame(view, cols, rows);
    let data = '\x1b[?25l';
    frame.lines.forEach((line, y) => {
      if (this.previous[y] === line) return;
      // Erase first: an erase after a full-width row would eat its last cell.
      data += `\x1b[${y + 1};1H\x1b[2K${line}`;
    });
    for (let y = frame.lines.length; y < this.previous.length; y++) {
      data += `\x1b[${y + 1};1H\x1b[2K`;
    }
    this.previous = frame.lines;
    if (frame.cursor) data += `\x1b[${frame.cursor.y + 1};${frame.cursor.x + 1}H\x1b[?25h`;
    this.out.write(data);
  }

  /** Leaves the cursor below the frame, visible, for whatever runs next. */
  release(): void {
    const { rows } = this.size;
    this.out.write(`\x1b[${rows};1H\x1b[?25h\r\n`);
  }
}

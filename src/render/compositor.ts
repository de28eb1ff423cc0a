import type { Layout, Rect } from '../layout/types.js';
import type { PaneScreenApi } from '../terminal/types.js';
import { ERASE_TO_LINE_END, HIDE_CURSOR, RESET_SGR, SHOW_CURSOR, moveTo } from './ansi.js';

export interface CompositorFrame {
  layout: Layout;
  /** Ink's latest full chrome frame, when it changed since the last frame. */
  chrome: string | null;
  /** Panes whose screens changed; `all` repaints every visible pane. */
  panes: ReadonlySet<string> | 'all';
  screenOf: (id: string) => PaneScreenApi | undefined;
  /** The pane whose cursor the host shows (the focused worker in INSERT mode), or null. */
  cursorPane: string | null;
  /** A dialog Ink draws over the panes; pane rows are painted around it, never over it. */
  occlusion?: Rect | null;
}

/** Marks a row painted around a dialog: it must be painted whole again later. */
const PARTIAL_ROW = '\0partial';

interface PaintedPane {
  rect: Rect;
  rows: string[];
}

const sameRect = (a: Rect, b: Rect): boolean =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
 * Turns chrome and pane screens into the bytes of one frame, writing only what
 * changed: chrome lines that differ from the last frame, and pane rows whose
 * ANSI differs from what was painted at that spot. Pane rows are painted at
 * absolute positions inside their interiors; nothing from a worker reaches the
 * host except the cells its screen renders.
 */
export class Compositor {
  private chromeLines: string[] = [];
  private painted = new Map<string, PaintedPane>();
  private lastCursor = '';

  /** Forget everything painted, e.g. after the host screen was cleared. */
  invalidate(): void {
    this.chromeLines = [];
    this.painted.clear();
    this.lastCursor = '';
  }

  compose(frame: CompositorFrame): string {
    let out = '';
    const touchedRows = new Set<number>();
    if (frame.chrome !== null) out += this.composeChrome(frame.chrome, touchedRows);

    const layout = frame.layout;
    const visible = layout.kind === 'tiled' ? layout.panes : [];
    const visibleIds = new Set(visible.map((pane) => pane.id));
    for (const id of [...this.painted.keys()]) {
      if (!visibleIds.has(id)) this.painted.delete(id);
    }
    for (const pane of visible) {
      const screen = frame.screenOf(pane.id);
      if (!screen) continue;
      const dirty = frame.panes === 'all' || frame.panes.has(pane.id);
      out += this.composePane(
        pane.id,
        pane.interior,
        screen,
        dirty,
        touchedRows,
        frame.occlusion ?? null,
      );
    }

    const cursor = this.cursorSequence(frame, visible);
    if (out !== '' || cursor !== this.lastCursor) {
      out += cursor;
      this.lastCursor = cursor;
    }
    return out;
  }

  private composeChrome(chrome: string, touchedRows: Set<number>): string {
    const lines = chrome.split('\n');
    let out = '';
    const count = Math.max(lines.length, this.chromeLines.length);
    for (let y = 0; y < count; y++) {
      const line = lines[y] ?? '';
      if (line === this.chromeLines[y]) continue;
      out += moveTo(0, y) + RESET_SGR + line + RESET_SGR + ERASE_TO_LINE_END;
      touchedRows.add(y);
    }
    this.chromeLines = lines;
    return out;
  }

  private composePane(
    id: string,
    rect: Rect,
    screen: PaneScreenApi,
    dirty: boolean,
    touchedRows: Set<number>,
    occlusion: Rect | null,
  ): string {
    // While a resize is pending the screen can be wider than its interior;
    // painting it would spill over the border, so wait for the resize.
    if (screen.cols > rect.width) return '';
    let painted = this.painted.get(id);
    if (!painted || !sameRect(painted.rect, rect)) {
      painted = { rect, rows: [] };
      this.painted.set(id, painted);
      dirty = true;
    }
    const padding = ' '.repeat(rect.width - screen.cols);
    let out = '';
    for (let y = 0; y < rect.height; y++) {
      const forced =
        touchedRows.has(rect.y + y) ||
        painted.rows[y] === undefined ||
        painted.rows[y] === PARTIAL_ROW;
      if (!dirty && !forced) continue;
      const hidden = occlusion && hiddenColumns(rect, rect.y + y, occlusion);
      if (hidden) {
        painted.rows[y] = PARTIAL_ROW;
        out += paintAround(rect, y, screen, hidden);
        continue;
      }
      const row =
        (y < screen.rows ? screen.renderRow(y) : RESET_SGR + ' '.repeat(screen.cols)) + padding;
      if (!forced && row === painted.rows[y]) continue;
      painted.rows[y] = row;
      out += moveTo(rect.x, rect.y + y) + row;
    }
    return out;
  }

  private cursorSequence(
    frame: CompositorFrame,
    visible: readonly { id: string; interior: Rect }[],
  ): string {
    if (frame.cursorPane === null) return HIDE_CURSOR;
    const pane = visible.find((candidate) => candidate.id === frame.cursorPane);
    const screen = pane && frame.screenOf(pane.id);
    if (!pane || !screen) return HIDE_CURSOR;
    const cursor = screen.cursor();
    if (!cursor.visible || cursor.y >= pane.interior.height) return HIDE_CURSOR;
    // After the last column the cursor waits to wrap; show it on the last cell.
    const x = Math.min(cursor.x, pane.interior.width - 1);
    return RESET_SGR + moveTo(pane.interior.x + x, pane.interior.y + cursor.y) + SHOW_CURSOR;
  }
}

/** The interior columns [start, end) of row `screenY` a dialog covers, or null. */
function hiddenColumns(
  rect: Rect,
  screenY: number,
  occlusion: Rect,
): { start: number; end: number } | null {
  if (screenY < occlusion.y || screenY >= occlusion.y + occlusion.height) return null;
  const start = Math.max(0, occlusion.x - rect.x);
  const end = Math.min(rect.width, occlusion.x + occlusion.width - rect.x);
  return start < end ? { start, end } : null;
}

/** Paints row `y` of a pane except the columns a dialog covers. */
function paintAround(
  rect: Rect,
  y: number,
  screen: PaneScreenApi,
  hidden: { start: number; end: number },
): string {
  let out = '';
  for (const [start, end] of [
    [0, hidden.start],
    [hidden.end, rect.width],
  ] as const) {
    if (start >= end) continue;
    const screenEnd = Math.min(end, screen.cols);
    let cells = '';
    if (y < screen.rows && start < screenEnd) cells = screen.renderRow(y, start, screenEnd);
    // Columns beyond a narrower screen are blank, as in a whole row.
    const blanks = end - Math.max(start, screenEnd);
    if (blanks > 0) cells += RESET_SGR + ' '.repeat(blanks);
    out += moveTo(rect.x + start, rect.y + y) + cells;
  }
  return out;
}

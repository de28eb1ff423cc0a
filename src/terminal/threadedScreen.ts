import { Emitter } from '../util/disposable.js';
import type { Disposable } from '../util/disposable.js';
import { blankRow } from './rowToAnsi.js';
import { sliceRow, type RenderedRow } from './rowSlice.js';
import type { ScreenHost, PaneLink, PaneSink } from './screenHost.js';
import type { PaneUpdate, ToWorker } from './screenProtocol.js';
import type { CursorState, PaneModes, PaneScreenApi } from './types.js';

export interface ThreadedPaneScreenOptions {
  cols: number;
  rows: number;
  scrollback: number;
  host: ScreenHost;
}

const OFF_MODES: PaneModes = {
  applicationCursorKeys: false,
  bracketedPaste: false,
  mouseTracking: 'none',
  sgrMouse: false,
};

interface MirrorRow extends RenderedRow {
  text: string;
}

/**
 * A worker's screen whose emulator runs in the screen worker (screenWorkerCore.ts):
 * parsing, the hot part of a flood, leaves the main thread. This is its mirror, which
 * answers the synchronous reads from the latest state the worker sent.
 *
 * - Output goes to the worker as posted; its ack (`onParsed`) runs when a batch reports
 *   it parsed, after that batch's rows landed, so the mirror already shows the output
 *   an ack stands for. The flow controller's watermarks count exactly as before, the
 *   unacknowledged characters now include those in transit.
 * - Size and scroll position are the mirror's to answer at once: it predicts them (it
 *   knows the scrollback length from the batches) and tells the worker. Each such change
 *   gets a sequence number; a batch made before the worker saw the latest one still
 *   brings rows, cursor and acks, but not size or scroll position, so a prediction is
 *   never undone by an older state. Until the new view's rows arrive the old rows are
 *   shown, cut or padded to the new width.
 * - Replies (DA, DSR) are forwarded as the worker sends them, not batched.
 */
export class ThreadedPaneScreen implements PaneScreenApi, PaneSink {
  private readonly link: PaneLink;
  private readonly changes = new Emitter<void>();
  private readonly replies = new Emitter<string>();
  private colsNow: number;
  private rowsNow: number;
  private viewRows: (MirrorRow | undefined)[] = [];
  private offset = 0;
  private history = 0;
  private cursorState = { x: 0, y: 0, hidden: false };
  private modeState: PaneModes = { ...OFF_MODES };
  private seq = 0;
  private written = 0;
  /** Acks in write order: [write number, callback]. */
  private acks: [number, () => void][] = [];
  private disposed = false;
  /** The worker died: writes are dropped and acked at once so that no pty stays paused. */
  private orphaned = false;

  constructor(options: ThreadedPaneScreenOptions) {
    this.colsNow = options.cols;
    this.rowsNow = options.rows;
    this.link = options.host.attach(this);
    this.send({
      t: 'open',
      id: this.link.id,
      cols: options.cols,
      rows: options.rows,
      scrollback: options.scrollback,
    });
  }

  get cols(): number {
    return this.colsNow;
  }

  get rows(): number {
    return this.rowsNow;
  }

  write(data: string, onParsed?: () => void): void {
    if (this.disposed) return;
    if (this.orphaned) {
      onParsed?.();
      return;
    }
    this.written++;
    this.send({ t: 'write', id: this.link.id, data });
    if (onParsed) {
      this.acks.push([this.written, onParsed]);
      this.link.awaiting(1);
    }
  }

  onReply(listener: (data: string) => void): Disposable {
    return this.replies.event(listener);
  }

  onChange(listener: () => void): Disposable {
    return this.changes.event(listener);
  }

  resize(cols: number, rows: number): void {
    if (this.disposed || (cols === this.colsNow && rows === this.rowsNow)) return;
    this.colsNow = cols;
    this.rowsNow = rows;
    this.send({ t: 'resize', id: this.link.id, seq: ++this.seq, cols, rows });
    this.changes.fire();
  }

  modes(): PaneModes {
    return this.disposed ? { ...OFF_MODES } : { ...this.modeState };
  }

  cursor(): CursorState {
    if (this.disposed) return { x: 0, y: 0, visible: false };
    return {
      x: Math.min(this.cursorState.x, this.colsNow - 1),
      y: this.cursorState.y,
      visible: !this.cursorState.hidden && this.offset === 0,
    };
  }

  scrollBy(lines: number): number {
    if (this.disposed) return 0;
    const before = this.offset;
    // As xterm does it: whole lines, clamped to the scrollback.
    this.offset = Math.max(0, Math.min(this.history, before + Math.trunc(lines)));
    if (this.offset !== before) {
      this.send({ t: 'scroll', id: this.link.id, seq: ++this.seq, lines: this.offset - before });
      this.changes.fire();
    }
    return this.offset;
  }

  scrollToBottom(): void {
    if (this.disposed || this.offset === 0) return;
    this.offset = 0;
    this.send({ t: 'bottom', id: this.link.id, seq: ++this.seq });
    this.changes.fire();
  }

  scrollOffset(): number {
    return this.disposed ? 0 : this.offset;
  }

  renderRow(y: number, start = 0, end = this.colsNow): string {
    const cols = this.colsNow;
    const row = this.disposed || y < 0 || y >= this.rowsNow ? undefined : this.viewRows[y];
    if (row === undefined) return blankRow(Math.min(end, cols) - Math.max(0, start));
    // The common case: the whole row, as the worker rendered it.
    if (start <= 0 && end >= cols && row.width === cols) return row.ansi;
    return sliceRow(row, Math.max(0, start), Math.min(end, cols));
  }

  rowText(y: number): string {
    if (this.disposed || y < 0 || y >= this.rowsNow) return '';
    return this.viewRows[y]?.text ?? '';
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // As PaneScreen: a disposed pane has no pty left to acknowledge; acks are dropped.
    this.acks = [];
    this.link.close();
    this.changes.dispose();
    this.replies.dispose();
  }

  /** A batch from the worker (PaneSink). */
  apply(update: PaneUpdate): void {
    if (this.disposed) return;
    // Rows arrive for the worker's view; they are shown until the next ones, even when
    // the mirror's size or scroll position moved on (see the class comment).
    if (update.rows < this.viewRows.length && update.seq === this.seq) {
      this.viewRows.length = update.rows;
    }
    for (const row of update.changed) {
      this.viewRows[row.y] = {
        ansi: row.ansi,
        text: row.text,
        starts: row.starts,
        width: update.cols,
      };
    }
    this.history = update.history;
    if (update.seq === this.seq) this.offset = update.offset;
    this.cursorState = { x: update.cursorX, y: update.cursorY, hidden: update.cursorHidden };
    this.modeState = update.modes;
    this.changes.fire();
    this.runAcks(update.parsed);
  }

  /** A reply from the emulator (PaneSink). */
  reply(data: string): void {
    if (!this.disposed) this.replies.fire(data);
  }

  /** The worker is gone (PaneSink): the screen freezes, and every ack is given. */
  lost(): void {
    this.orphaned = true;
    this.runAcks(Infinity);
  }

  private runAcks(parsed: number): void {
    let count = 0;
    while (count < this.acks.length && (this.acks[count]?.[0] ?? Infinity) <= parsed) count++;
    if (count === 0) return;
    const done = this.acks.splice(0, count);
    this.link.awaiting(-count);
    for (const [, ack] of done) {
      if (this.disposed) return;
      ack();
    }
  }

  private send(message: ToWorker): void {
    if (!this.orphaned) this.link.post(message);
  }
}

import { PaneScreen } from './paneScreen.js';
import type { FromWorker, PaneUpdate, RowUpdate, ToWorker } from './screenProtocol.js';

/*
 * The worker side of the threaded screen: real PaneScreens (so parsing, mode tracking
 * and rendering are exactly the in-thread screen's), fed by messages, reporting back in
 * batches. Kept free of worker_threads so that it can be driven in-process by tests.
 *
 * When a pane's state is sent (each flush renders the pane's view rows and sends those
 * whose ANSI changed, plus cursor, modes, scroll position and the write count parsed):
 * - as soon as it goes idle (every write handed to it parsed), but not sooner than
 *   `minIntervalMs` after its previous flush;
 * - while it is busy (more writes queued), every `maxDelayMs`;
 * - at once after a resize or scroll, which the user is waiting to see.
 * Acks ride in the batches, so when a write's callback runs on the main thread the
 * mirror already shows its effect (the behaviour PaneScreen has, and tests rely on).
 * A paused pty (high watermark) waits for its pane to drain, and a draining pane is
 * idle, so the ack of a paused pane is late by at most `minIntervalMs`.
 */

export interface FlushTimers {
  now(): number;
  later(callback: () => void, ms: number): unknown;
  cancel(handle: unknown): void;
}

export const realFlushTimers: FlushTimers = {
  now: () => performance.now(),
  later: (callback, ms) => setTimeout(callback, ms),
  cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ScreenWorkerCoreOptions {
  post: (message: FromWorker) => void;
  timers?: FlushTimers;
  minIntervalMs?: number;
  maxDelayMs?: number;
  /** The most characters handed to one emulator at a time (see feed). */
  pieceChars?: number;
}

interface Pane {
  id: number;
  screen: PaneScreen;
  /** Writes received and not yet handed to the emulator. */
  queue: string[];
  /** Writes handed to the emulator and not parsed yet (all in one piece). */
  inFlight: number;
  parsed: number;
  seq: number;
  /** Something changed since the last flush. */
  dirty: boolean;
  lastFlush: number;
  /** The ANSI last sent for each row, at width `sentCols`. */
  sent: string[];
  sentCols: number;
}

export class ScreenWorkerCore {
  private readonly panes = new Map<number, Pane>();
  private readonly post: (message: FromWorker) => void;
  private readonly timers: FlushTimers;
  private readonly minIntervalMs: number;
  private readonly maxDelayMs: number;
  private readonly pieceChars: number;
  private timer: unknown = null;
  private timerDue = Infinity;
  /** Reused by every row render; copied only for rows that changed. */
  private scratch = new Uint32Array(256);

  constructor(options: ScreenWorkerCoreOptions) {
    this.post = options.post;
    this.timers = options.timers ?? realFlushTimers;
    this.minIntervalMs = options.minIntervalMs ?? 4;
    this.maxDelayMs = options.maxDelayMs ?? 16;
    this.pieceChars = options.pieceChars ?? 16_384;
  }

  handle(message: ToWorker): void {
    if (message.t === 'open') {
      this.open(message.id, message.cols, message.rows, message.scrollback);
      return;
    }
    const pane = this.panes.get(message.id);
    if (!pane) return;
    switch (message.t) {
      case 'write':
        pane.queue.push(message.data);
        this.feed(pane);
        return;
      case 'resize':
        pane.screen.resize(message.cols, message.rows);
        pane.seq = message.seq;
        this.changed(pane, true);
        return;
      case 'scroll':
        pane.screen.scrollBy(message.lines);
        pane.seq = message.seq;
        this.changed(pane, true);
        return;
      case 'bottom':
        pane.screen.scrollToBottom();
        pane.seq = message.seq;
        this.changed(pane, true);
        return;
      case 'close':
        this.panes.delete(pane.id);
        pane.screen.dispose();
        return;
    }
  }

  dispose(): void {
    if (this.timer !== null) this.timers.cancel(this.timer);
    this.timer = null;
    for (const pane of this.panes.values()) pane.screen.dispose();
    this.panes.clear();
  }

  private open(id: number, cols: number, rows: number, scrollback: number): void {
    const screen = new PaneScreen({ cols, rows, scrollback });
    const pane: Pane = {
      id,
      screen,
      queue: [],
      inFlight: 0,
      parsed: 0,
      seq: 0,
      dirty: false,
      lastFlush: -Infinity,
      sent: [],
      sentCols: cols,
    };
    this.panes.set(id, pane);
    screen.onReply((data) => this.post({ t: 'reply', id, data }));
  }

  /**
   * Hands the emulator the pane's next piece once it has parsed the previous one. xterm
   * parses each terminal's whole queue in timer slices of up to 12 ms, so a flooding pane
   * holding its flow-control window (100k characters) in xterm would keep a keystroke's
   * echo in another pane waiting for several such slices; fed piece by piece, every busy
   * terminal parses one piece (≤ `pieceChars`, ~1 ms) per turn, and a quiet one is next.
   */
  private feed(pane: Pane): void {
    if (pane.inFlight > 0 || pane.queue.length === 0 || !this.isOpen(pane)) return;
    let piece = '';
    let writes = 0;
    for (const data of pane.queue) {
      if (writes > 0 && piece.length + data.length > this.pieceChars) break;
      piece += data;
      writes++;
    }
    pane.queue.splice(0, writes);
    pane.inFlight = writes;
    pane.screen.write(piece, () => {
      pane.inFlight = 0;
      pane.parsed += writes;
      // Not from inside xterm's loop, which would parse the next piece in the same slice.
      queueMicrotask(() => this.feed(pane));
      this.changed(pane, false);
    });
  }

  /**
   * Flushes happen right here, in the write callback or the message handler, rather than
   * on a later turn: xterm parses each terminal's queue in timer slices of up to ~12 ms,
   * so with eight busy panes a timer or setImmediate would wait behind all eight slices
   * (~100 ms), holding back the acks of panes that are paused and already drained.
   */
  private changed(pane: Pane, urgent: boolean): void {
    // A write parsed after its pane was closed: nobody is listening any more.
    if (!this.isOpen(pane)) return;
    pane.dirty = true;
    const since = this.timers.now() - pane.lastFlush;
    const idle = pane.inFlight === 0 && pane.queue.length === 0;
    const interval = idle ? this.minIntervalMs : this.maxDelayMs;
    if (urgent || since >= interval) this.flushPanes([pane]);
    else this.scheduleAt(pane.lastFlush + interval);
  }

  private isOpen(pane: Pane): boolean {
    return this.panes.get(pane.id) === pane;
  }

  /** A pane changed too soon after its last flush gets one when its interval is over. */
  private scheduleAt(due: number): void {
    // An earlier timer serves too: it reschedules whatever is not due yet.
    if (this.timer !== null && this.timerDue <= due) return;
    if (this.timer !== null) this.timers.cancel(this.timer);
    this.timerDue = due;
    this.timer = this.timers.later(
      () => {
        this.timer = null;
        this.timerDue = Infinity;
        for (const pane of this.panes.values()) if (pane.dirty) this.changed(pane, false);
      },
      Math.max(0, due - this.timers.now()),
    );
  }

  private flushPanes(panes: Iterable<Pane>): void {
    const updates: PaneUpdate[] = [];
    const now = this.timers.now();
    for (const pane of panes) {
      if (!pane.dirty) continue;
      pane.dirty = false;
      pane.lastFlush = now;
      updates.push(this.update(pane));
    }
    if (updates.length > 0) this.post({ t: 'batch', panes: updates });
  }

  private update(pane: Pane): PaneUpdate {
    const { screen } = pane;
    const { cols, rows } = screen;
    if (pane.sentCols !== cols) {
      pane.sent = [];
      pane.sentCols = cols;
    }
    if (this.scratch.length < cols + 1) this.scratch = new Uint32Array(cols + 1);
    const changed: RowUpdate[] = [];
    for (let y = 0; y < rows; y++) {
      const ansi = screen.renderRowWithStarts(y, this.scratch);
      if (ansi === pane.sent[y]) continue;
      pane.sent[y] = ansi;
      changed.push({ y, ansi, text: screen.rowText(y), starts: this.scratch.slice(0, cols + 1) });
    }
    pane.sent.length = rows;
    const cursor = screen.cursor();
    return {
      id: pane.id,
      seq: pane.seq,
      parsed: pane.parsed,
      cols,
      rows,
      history: screen.historyLength(),
      offset: screen.scrollOffset(),
      cursorX: cursor.x,
      cursorY: cursor.y,
      cursorHidden: screen.cursorHiddenByApp(),
      modes: screen.modes(),
      changed,
    };
  }
}

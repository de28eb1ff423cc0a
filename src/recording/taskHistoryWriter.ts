import type { Task } from '../orchestrator/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { AppendQueue, type OpenAppendTarget } from './appendQueue.js';
import { Debounce } from './debounce.js';
import { encodeTaskRecord, taskRecord, type TaskBoard } from './taskHistory.js';

export interface TaskHistoryWriterOptions {
  file: string;
  /** Session ms now: the time a record is stamped with. */
  now: () => number;
  /** Runs the debounce timers. */
  clock?: Clock;
  /**
   * Changes this close together are written as one record (the orchestrator moves
   * several tasks in one dispatch pass); a board that never settles is still written
   * this often (maxWaitMs).
   */
  debounceMs?: number;
  maxWaitMs?: number;
  open?: OpenAppendTarget;
  /** The first write failure, once; the file keeps what was written before it. */
  onError?: (error: Error) => void;
}

/**
 * Writes one recorder run's task history (src/recording/taskHistory.ts). `update` only
 * remembers the board; once changes pause, the difference from what was written last
 * is encoded and queued. A record is stamped with the time of the last change it
 * holds, so the board it gives is exact from then on; a burst's passing states are
 * not kept.
 */
export class TaskHistoryWriter {
  private readonly queue: AppendQueue;
  private readonly debounce: Debounce;
  private readonly now: () => number;
  /** What the file says so far; null before its first record (a snapshot). */
  private written: TaskBoard | null = null;
  private latest: (TaskBoard & { t: number }) | null = null;

  constructor(options: TaskHistoryWriterOptions) {
    this.now = options.now;
    this.queue = new AppendQueue({
      file: options.file,
      ...(options.open ? { open: options.open } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    this.debounce = new Debounce({
      clock: options.clock ?? systemClock,
      debounceMs: options.debounceMs ?? 100,
      maxWaitMs: options.maxWaitMs ?? 500,
      run: () => this.writeDue(),
    });
  }

  /** The board as it is now (the store's task list is replaced on every change). */
  update(tasks: readonly Task[], held: boolean): void {
    if (this.queue.stopped) return;
    this.latest = { tasks, held, t: this.now() };
    this.debounce.changed();
  }

  /** Writes what waits for the debounce now, and resolves once it is on disk. */
  flush(): Promise<void> {
    this.writeDue();
    return this.queue.flush();
  }

  /** Writes what waits and closes the file. */
  close(): Promise<void> {
    this.writeDue();
    return this.queue.close();
  }

  /** Drops what waits and closes the file (recording stopped elsewhere). */
  stop(): Promise<void> {
    this.debounce.done();
    this.latest = null;
    return this.queue.stop();
  }

  private writeDue(): void {
    this.debounce.done();
    const latest = this.latest;
    this.latest = null;
    if (!latest || this.queue.stopped) return;
    const record = taskRecord(this.written, latest, latest.t);
    this.written = { tasks: latest.tasks, held: latest.held };
    if (!record) return;
    const line = encodeTaskRecord(record);
    this.queue.push(line, Buffer.byteLength(line));
  }
}

import { systemClock, type Clock } from '../util/clock.js';
import { AppendQueue, type OpenAppendTarget } from './appendQueue.js';
import {
  encodeEventLine,
  encodeHeaderLine,
  resizeData,
  roundTime,
  type CastCode,
  type CastHeader,
} from './castFormat.js';

export interface CastWriterOptions {
  file: string;
  header: CastHeader;
  /** The clock reading (ms) that is time 0 of this cast; default: now. */
  startMs?: number;
  clock?: Clock;
  /** "i" events are dropped unless the user opted in to recording typed input. */
  recordInput?: boolean;
  /** Bytes waiting for the disk before recording gives up (default 32 MB). */
  maxQueuedBytes?: number;
  open?: OpenAppendTarget;
  /** The first write failure, once; the cast keeps what was written before it. */
  onError?: (error: Error) => void;
}

/** Where an event landed in the cast: what keyframes point at. */
export interface EventPosition {
  /** 0-based index among the cast's events (the header is not an event). */
  index: number;
  /** Seconds since the cast's start, as written. */
  time: number;
  /** Byte offset of the event's line, and just past its newline. */
  offset: number;
  end: number;
}

/**
 * Writes one pane's asciicast v2 file. Every call only encodes the line and queues
 * it, so the pty path never waits for the disk; the lines reach the file in order.
 * Byte offsets are counted as lines are queued, so they are known at once.
 */
export class CastWriter {
  private readonly queue: AppendQueue;
  private readonly clock: Clock;
  private readonly startMs: number;
  private readonly recordInput: boolean;
  private bytes: number;
  private count = 0;
  private lastTime = 0;
  private cols: number;
  private rows: number;

  constructor(options: CastWriterOptions) {
    this.clock = options.clock ?? systemClock;
    this.startMs = options.startMs ?? this.clock.now();
    this.recordInput = options.recordInput ?? false;
    this.cols = options.header.width;
    this.rows = options.header.height;
    this.queue = new AppendQueue({
      file: options.file,
      ...(options.open ? { open: options.open } : {}),
      ...(options.maxQueuedBytes !== undefined ? { maxQueuedBytes: options.maxQueuedBytes } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    const header = encodeHeaderLine(options.header);
    this.bytes = Buffer.byteLength(header);
    this.queue.push(header, this.bytes);
  }

  /** True once a write failed or the writer was stopped or closed. */
  get stopped(): boolean {
    return this.queue.stopped;
  }

  /** Events written so far: the index the next event will get. */
  get eventCount(): number {
    return this.count;
  }

  /** Bytes queued so far: the offset the next event's line will get. */
  get byteLength(): number {
    return this.bytes;
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  /** Raw pty output, exactly as received. */
  output(data: string): EventPosition | null {
    return data === '' ? null : this.append('o', data);
  }

  input(data: string): EventPosition | null {
    return this.recordInput && data !== '' ? this.append('i', data) : null;
  }

  /** Null when the size did not change: a repeated resize says nothing new. */
  resize(cols: number, rows: number): EventPosition | null {
    if (cols === this.cols && rows === this.rows) return null;
    const position = this.append('r', resizeData(cols, rows));
    if (position) {
      this.cols = cols;
      this.rows = rows;
    }
    return position;
  }

  marker(label: string): EventPosition | null {
    return this.append('m', label);
  }

  /** Resolves once every queued line was written (or dropped by a failure). */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Writes what is queued and closes the file. */
  close(): Promise<void> {
    return this.queue.close();
  }

  /** Drops what is queued and closes the file (recording stopped elsewhere). */
  stop(): Promise<void> {
    return this.queue.stop();
  }

  private append(code: CastCode, data: string): EventPosition | null {
    if (this.queue.stopped) return null;
    // A clock may step back (or round down); the format wants times never decreasing.
    const time = Math.max(this.lastTime, roundTime((this.clock.now() - this.startMs) / 1000));
    const line = encodeEventLine(time, code, data);
    const length = Buffer.byteLength(line);
    if (!this.queue.push(line, length)) return null;
    const position = { index: this.count, time, offset: this.bytes, end: this.bytes + length };
    this.lastTime = time;
    this.count += 1;
    this.bytes += length;
    return position;
  }
}

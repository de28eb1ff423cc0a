import { open } from 'node:fs/promises';

/** Where a queue's bytes go: a file opened for appending, or a fake in tests. */
export interface AppendTarget {
  /** Writes all of `data` after what was written before. Calls never overlap. */
  write(data: Buffer): Promise<void>;
  close(): Promise<void>;
}

export type OpenAppendTarget = (file: string) => Promise<AppendTarget>;

/** Opens a new file; `wx` so an earlier recording is never overwritten. */
export const openNewFile: OpenAppendTarget = async (file) => {
  const handle = await open(file, 'wx');
  return {
    async write(data) {
      // A single write may be short (a nearly full disk); keep going until it is
      // all written or the system says why not.
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await handle.write(data, done, data.length - done);
        if (bytesWritten <= 0) throw new Error(`no progress writing ${file}`);
        done += bytesWritten;
      }
    },
    close: () => handle.close(),
  };
};

/** The queue grew past its limit: the disk cannot keep up with the output. */
export class QueueOverflowError extends Error {
  constructor(
    readonly file: string,
    readonly limitBytes: number,
  ) {
    super(`more than ${Math.round(limitBytes / 1048576)} MB waiting to be written to ${file}`);
    this.name = 'QueueOverflowError';
  }
}

export interface AppendQueueOptions {
  file: string;
  open?: OpenAppendTarget;
  /** Bytes queued or in flight before the queue gives up (default 32 MB). */
  maxQueuedBytes?: number;
  /** Called once, with the first failure; the queue drops everything after it. */
  onError?: (error: Error) => void;
}

export const DEFAULT_MAX_QUEUED_BYTES = 32 * 1024 * 1024;

/**
 * Appends text to a file without ever making the caller wait: `push` only queues,
 * and one write at a time drains the queue in order. The first failure (ENOSPC,
 * EIO, a queue past its limit) is reported once and turns the queue into a sink.
 */
export class AppendQueue {
  private readonly file: string;
  private readonly openTarget: OpenAppendTarget;
  private readonly maxQueuedBytes: number;
  private readonly onError: (error: Error) => void;
  private chunks: string[] = [];
  /** Bytes waiting, and bytes being written: together what this queue holds in memory. */
  private queuedBytes = 0;
  private inFlightBytes = 0;
  private target: Promise<AppendTarget> | null = null;
  private draining: Promise<void> | null = null;
  private failure: Error | null = null;
  private ended = false;

  constructor(options: AppendQueueOptions) {
    this.file = options.file;
    this.openTarget = options.open ?? openNewFile;
    this.maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    this.onError = options.onError ?? (() => {});
  }

  /** True once the queue failed or was stopped or closed: pushes are dropped. */
  get stopped(): boolean {
    return this.failure !== null || this.ended;
  }

  get error(): Error | null {
    return this.failure;
  }

  /** Queues `text` (`bytes` long in UTF-8); false when it was dropped. */
  push(text: string, bytes: number): boolean {
    if (this.stopped) return false;
    if (this.queuedBytes + this.inFlightBytes + bytes > this.maxQueuedBytes) {
      this.fail(new QueueOverflowError(this.file, this.maxQueuedBytes));
      return false;
    }
    this.chunks.push(text);
    this.queuedBytes += bytes;
    // setImmediate lets everything pushed in one tick reach the disk in one write.
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      this.drain(),
    );
    return true;
  }

  /** Resolves once everything queued so far was written (or dropped by a failure). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Writes what is queued, then closes the file. Failures go to onError, never here. */
  async close(): Promise<void> {
    await this.flush();
    this.ended = true;
    await this.closeTarget();
  }

  /** Drops what is queued and closes the file, without reporting anything. */
  async stop(): Promise<void> {
    this.ended = true;
    this.chunks = [];
    this.queuedBytes = 0;
    await this.flush();
    await this.closeTarget();
  }

  private async drain(): Promise<void> {
    try {
      while (this.chunks.length > 0 && this.failure === null) {
        const text = this.chunks.length === 1 ? (this.chunks[0] ?? '') : this.chunks.join('');
        this.chunks = [];
        this.inFlightBytes = this.queuedBytes;
        this.queuedBytes = 0;
        this.target ??= this.openTarget(this.file);
        const target = await this.target;
        await target.write(Buffer.from(text, 'utf8'));
        this.inFlightBytes = 0;
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.draining = null;
    }
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.chunks = [];
    this.queuedBytes = 0;
    this.onError(error);
    // A write may still be in flight; the file is closed once it settles.
    void this.flush().then(() => this.closeTarget());
  }

  private async closeTarget(): Promise<void> {
    const target = this.target;
    this.target = null;
    if (!target) return;
    try {
      await (await target).close();
    } catch {
      // Opening or closing failed: the error (if any) was reported by the write path,
      // and a failed close after a failed write adds nothing the user can act on.
    }
  }
}

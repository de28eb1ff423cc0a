import { open, type FileHandle } from 'node:fs/promises';
import {
  CastFormatError,
  castHeaderSchema,
  parseResize,
  type CastEvent,
  type CastHeader,
} from './castFormat.js';

/** Lines that were not events (truncated by a crash, corrupted), counted, never fatal. */
export interface ReadStats {
  skipped: number;
  /** 1-based line number of the first one; exact when reading from the top of the file. */
  firstBadLine: number | null;
}

export const emptyStats = (): ReadStats => ({ skipped: 0, firstBadLine: null });

const NEWLINE = 0x0a;
const HEADER_LIMIT = 1024 * 1024;

/** Reads and validates the header line; `end` is where the first event's line starts. */
export async function readCastHeader(file: string): Promise<{ header: CastHeader; end: number }> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(HEADER_LIMIT);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_LIMIT, 0);
    const newline = buffer.subarray(0, bytesRead).indexOf(NEWLINE);
    if (bytesRead === 0) throw new CastFormatError(file, 'the file is empty');
    if (newline < 0 && bytesRead === HEADER_LIMIT) {
      throw new CastFormatError(file, 'the first line is not a header (longer than 1 MB)');
    }
    const end = newline < 0 ? bytesRead : newline + 1;
    const text = buffer.toString('utf8', 0, newline < 0 ? bytesRead : newline);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CastFormatError(file, 'the first line is not JSON');
    }
    const parsed = castHeaderSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
      throw new CastFormatError(file, `bad header${where}: ${issue?.message ?? 'invalid'}`);
    }
    return { header: parsed.data, end };
  } finally {
    await handle.close();
  }
}

/** `[time, code, data]` with a usable time and, for "r", a usable size; else null. */
export function parseEventLine(text: string): [number, string, string] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length < 3) return null;
  const [time, code, data] = value as unknown[];
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) return null;
  if (typeof code !== 'string' || typeof data !== 'string') return null;
  if (code === 'r' && !parseResize(data)) return null;
  return [time, code, data];
}

export interface CastCursorOptions {
  /** Byte offset of the first line to read (a keyframe's); default: after the header. */
  offset?: number;
  /** Time already reached before `offset`: later times are raised to it. */
  minTime?: number;
  /** Line number of the line at `offset`, for reports (default: right after the header). */
  line?: number;
  /**
   * At the end of the file, a last line without its newline that does not parse is a
   * truncated line (count it) when the file is finished, or one still being written
   * (leave it for the next read) when it may grow. Default: finished.
   */
  growing?: boolean;
  stats?: ReadStats;
  /** Every bad line as it is skipped: its offset and (see ReadStats) line number. */
  onBadLine?: (offset: number, line: number) => void;
  chunkBytes?: number;
}

/**
 * Reads events forward from a byte offset in chunks, so a seek reads only what it
 * needs and a 100 MB file is never held whole. Times are forced non-decreasing;
 * bad lines are skipped and counted in `stats`.
 */
export class CastCursor {
  readonly stats: ReadStats;
  private buffer: Buffer;
  private filled = 0;
  /** File offset of buffer[0]: the first byte not yet turned into events. */
  private position: number;
  private line: number;
  private lastTime: number;
  private pending: CastEvent[] = [];
  private atEnd = false;

  private constructor(
    private readonly handle: FileHandle,
    start: number,
    private readonly options: CastCursorOptions,
  ) {
    this.position = start;
    this.line = options.line ?? 2;
    this.lastTime = options.minTime ?? 0;
    this.stats = options.stats ?? emptyStats();
    this.buffer = Buffer.allocUnsafe(options.chunkBytes ?? 256 * 1024);
  }

  static async open(file: string, options: CastCursorOptions = {}): Promise<CastCursor> {
    const start = options.offset ?? (await readCastHeader(file)).end;
    const handle = await open(file, 'r');
    return new CastCursor(handle, start, options);
  }

  /** Offset of the next event this cursor will hand out. */
  get offset(): number {
    return this.pending[0]?.offset ?? this.position;
  }

  /** True once the end of the file was reached and every event handed out. */
  get done(): boolean {
    return this.atEnd && this.pending.length === 0;
  }

  /** The next events (in file order), or null at the end of the file. */
  async next(): Promise<CastEvent[] | null> {
    return (await this.fill()) ? this.pending.splice(0) : null;
  }

  /**
   * The next events up to and including `seconds`, a chunk at a time (so a long replay
   * never holds the whole file); empty once the next event is later, or at the end.
   */
  async nextUntil(seconds: number): Promise<CastEvent[]> {
    if (!(await this.fill())) return [];
    let taken = 0;
    while (taken < this.pending.length && (this.pending[taken]?.time ?? Infinity) <= seconds) {
      taken += 1;
    }
    return this.pending.splice(0, taken);
  }

  /** The time of the next event, or null at the end of the file (for now). */
  async peekTime(): Promise<number | null> {
    return (await this.fill()) ? (this.pending[0]?.time ?? null) : null;
  }

  /** Makes sure `pending` holds events; false at the end of the file. */
  private async fill(): Promise<boolean> {
    while (this.pending.length === 0) {
      const events = await this.readChunk();
      if (events === null) return false;
      this.pending = events;
    }
    return true;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async readChunk(): Promise<CastEvent[] | null> {
    if (this.filled === this.buffer.length) {
      // One line longer than the buffer: grow until it fits.
      const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(bigger, 0, 0, this.filled);
      this.buffer = bigger;
    }
    const free = this.buffer.length - this.filled;
    const { bytesRead } = await this.handle.read(
      this.buffer,
      this.filled,
      free,
      this.position + this.filled,
    );
    this.filled += bytesRead;
    // A growing file can have more on the next call; a read of 0 is only "for now".
    this.atEnd = bytesRead === 0;
    if (this.atEnd && this.filled === 0) return null;
    const events = this.scan(this.atEnd);
    if (this.atEnd && events.length === 0) return null;
    return events;
  }

  /** Turns the complete lines in the buffer into events and drops them from it. */
  private scan(atEnd: boolean): CastEvent[] {
    const events: CastEvent[] = [];
    const buffer = this.buffer;
    const view = buffer.subarray(0, this.filled);
    let start = 0;
    for (;;) {
      const newline = view.indexOf(NEWLINE, start);
      const complete = newline >= 0;
      if (!complete && !(atEnd && start < this.filled)) break;
      const stop = complete ? newline : this.filled;
      const event = this.parseLine(start, stop);
      if (!complete && event === null && this.options.growing) break;
      if (event) events.push(event);
      else if (!isBlank(buffer, start, stop)) this.countBad(this.position + start);
      this.line += 1;
      start = complete ? newline + 1 : this.filled;
    }
    buffer.copy(buffer, 0, start, this.filled);
    this.filled -= start;
    this.position += start;
    return events;
  }

  private parseLine(start: number, stop: number): CastEvent | null {
    const parsed = parseEventLine(this.buffer.toString('utf8', start, stop));
    if (!parsed) return null;
    const time = Math.max(this.lastTime, parsed[0]);
    this.lastTime = time;
    const end = this.position + Math.min(stop + 1, this.filled);
    return { time, code: parsed[1], data: parsed[2], offset: this.position + start, end };
  }

  private countBad(offset: number): void {
    this.stats.skipped += 1;
    this.stats.firstBadLine ??= this.line;
    this.options.onBadLine?.(offset, this.line);
  }
}

function isBlank(buffer: Buffer, start: number, stop: number): boolean {
  for (let i = start; i < stop; i += 1) {
    const byte = buffer[i];
    if (byte !== 0x20 && byte !== 0x0d && byte !== 0x09) return false;
  }
  return true;
}

/** Streams a cast's events in batches (file order), from the top or from an offset. */
export async function* readCastEvents(
  file: string,
  options: CastCursorOptions = {},
): AsyncGenerator<CastEvent[]> {
  const cursor = await CastCursor.open(file, options);
  try {
    for (;;) {
      const events = await cursor.next();
      if (events === null) return;
      yield events;
    }
  } finally {
    await cursor.close();
  }
}

/** A whole cast in memory: for small files and tests. */
export async function readCast(
  file: string,
): Promise<{ header: CastHeader; events: CastEvent[]; stats: ReadStats }> {
  const { header } = await readCastHeader(file);
  const stats = emptyStats();
  const events: CastEvent[] = [];
  for await (const batch of readCastEvents(file, { stats })) events.push(...batch);
  return { header, events, stats };
}

/** The time of the last readable event, read from the end of the file; null if none. */
export async function readLastEventTime(file: string, headerEnd: number): Promise<number | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    for (let window = 64 * 1024; ; window *= 4) {
      const start = Math.max(headerEnd, size - window);
      const buffer = Buffer.allocUnsafe(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      const lines = buffer.toString('utf8').split('\n');
      // The first line of a window may be cut in half: only trust it at the header's end.
      const first = start === headerEnd ? 0 : 1;
      for (let i = lines.length - 1; i >= first; i -= 1) {
        const parsed = parseEventLine(lines[i] ?? '');
        if (parsed) return parsed[0];
      }
      if (start === headerEnd) return null;
    }
  } finally {
    await handle.close();
  }
}

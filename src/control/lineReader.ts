const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface LineBatch {
  /** Complete lines, without their line ending, decoded as UTF-8. */
  lines: string[];
  /**
   * A line grew past the limit. Everything after it is unusable (the next
   * "line" would start mid-request), so the reader refuses further input.
   */
  overflow: boolean;
}

/**
 * Splits a byte stream into newline-terminated lines with a hard cap per line.
 * Bytes are kept as Buffers until a line is complete, so a UTF-8 character split
 * across chunks decodes correctly, and an endless line costs at most `maxLineBytes`
 * of memory: it is rejected as soon as it passes the cap, not when it ends.
 */
export class LineReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overflowed = false;

  constructor(private readonly maxLineBytes: number) {}

  get hasOverflowed(): boolean {
    return this.overflowed;
  }

  push(chunk: Buffer): LineBatch {
    const lines: string[] = [];
    if (this.overflowed) return { lines, overflow: true };
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) break;
      const piece = chunk.subarray(start, end);
      if (this.pendingBytes + piece.length > this.maxLineBytes) return this.overflow(lines);
      lines.push(this.take(piece));
      start = end + 1;
    }
    const rest = chunk.subarray(start);
    if (this.pendingBytes + rest.length > this.maxLineBytes) return this.overflow(lines);
    if (rest.length > 0) {
      // A copy, so a small tail does not keep the whole (up to 64 KiB) chunk alive.
      this.pending.push(Buffer.from(rest));
      this.pendingBytes += rest.length;
    }
    return { lines, overflow: false };
  }

  /** The unterminated rest, as a last line, when the peer has finished sending. */
  flush(): string | null {
    if (this.overflowed || this.pendingBytes === 0) return null;
    return this.take(Buffer.alloc(0));
  }

  private take(piece: Buffer): string {
    let line = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece]);
    this.pending = [];
    this.pendingBytes = 0;
    if (line[line.length - 1] === CARRIAGE_RETURN) line = line.subarray(0, -1);
    return line.toString('utf8');
  }

  private overflow(lines: string[]): LineBatch {
    this.overflowed = true;
    this.pending = [];
    this.pendingBytes = 0;
    return { lines, overflow: true };
  }
}

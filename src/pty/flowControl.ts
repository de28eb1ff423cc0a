/**
 * Watermarks for terminal output, as in vscode's FlowControlConstants: stop
 * reading the pty once this many characters wait to be parsed...
 */
export const FLOW_HIGH_WATERMARK_CHARS = 100_000;
/** ...and read again once the emulator has caught up to below this many. */
export const FLOW_LOW_WATERMARK_CHARS = 5_000;

export interface FlowControllerOptions {
  high?: number;
  low?: number;
  pause(): void;
  resume(): void;
}

/**
 * Counts characters handed to the emulator and not yet acknowledged as parsed.
 * @xterm/headless throws once 50 MB is pending, and a fast child (`cat` of a big
 * file) outruns it easily, so the pty is paused above the high watermark and
 * resumed below the low one. The gap between the two keeps pause/resume from
 * flapping on every chunk.
 */
export class FlowController {
  private readonly high: number;
  private readonly low: number;
  private readonly pauseSource: () => void;
  private readonly resumeSource: () => void;
  private pending = 0;
  private isPaused = false;

  constructor(options: FlowControllerOptions) {
    this.high = options.high ?? FLOW_HIGH_WATERMARK_CHARS;
    this.low = options.low ?? FLOW_LOW_WATERMARK_CHARS;
    if (!(this.low >= 0 && this.low < this.high)) {
      throw new RangeError(
        `FlowController: need 0 <= low < high, got low ${this.low}, high ${this.high}`,
      );
    }
    this.pauseSource = options.pause;
    this.resumeSource = options.resume;
  }

  get unacknowledged(): number {
    return this.pending;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Call for every chunk read from the pty, before handing it to the emulator. */
  onData(chars: number): void {
    this.pending += chars;
    if (!this.isPaused && this.pending > this.high) {
      this.isPaused = true;
      this.pauseSource();
    }
  }

  /** Call once the emulator has parsed `chars` characters. */
  ack(chars: number): void {
    // Clamped: a late ack after a reset or a double ack must not drive the count negative.
    this.pending = Math.max(0, this.pending - chars);
    if (this.isPaused && this.pending < this.low) {
      this.isPaused = false;
      this.resumeSource();
    }
  }
}

import type { Clock } from '../util/clock.js';

export interface DebounceOptions {
  clock: Clock;
  /** Quiet time after the last change before `run`. */
  debounceMs: number;
  /** The longest the first change waits, however busy it stays. */
  maxWaitMs: number;
  run: () => void;
}

/**
 * Trailing-edge debounce with a longest wait, on an injected clock: what the manifest
 * saver and the task history writer share. `pending` stays true until the owner says
 * the change was dealt with (`done`), so a flush can tell whether anything waits.
 */
export class Debounce {
  private timer: unknown = null;
  private dirtySince: number | null = null;

  constructor(private readonly options: DebounceOptions) {}

  /** True from a change until `done`. */
  get pending(): boolean {
    return this.dirtySince !== null;
  }

  /** Something changed: `run` after the quiet time, or once the longest wait is up. */
  changed(): void {
    const { clock, debounceMs, maxWaitMs } = this.options;
    const now = clock.now();
    this.dirtySince ??= now;
    this.stop();
    const wait = Math.min(debounceMs, this.dirtySince + maxWaitMs - now);
    this.timer = clock.setTimeout(
      () => {
        this.timer = null;
        this.options.run();
      },
      Math.max(0, wait),
    );
  }

  /** The change was dealt with (written, or given up): nothing is pending. */
  done(): void {
    this.stop();
    this.dirtySince = null;
  }

  /** Cancels the timer but keeps the change pending, for a last flush to handle. */
  stop(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

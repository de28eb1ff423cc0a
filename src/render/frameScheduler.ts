import { systemClock, type Clock } from '../util/clock.js';

export interface FrameRequest {
  /** Panes whose screens changed and whose turn has come. */
  panes: ReadonlySet<string>;
  /** Ink produced a new chrome frame, or everything must be repainted. */
  chrome: boolean;
}

export interface FrameSchedulerOptions {
  paint: (request: FrameRequest) => void;
  /** Minimum time between two paints of the focused pane (60 fps). */
  focusedIntervalMs?: number;
  /** Minimum time between two paints of any other pane (15 fps). */
  otherIntervalMs?: number;
  clock?: Clock;
}

/**
 * Coalesces screen changes of all panes into frames. Each pane is painted at
 * most once per its interval; a change that arrives after a quiet interval is
 * painted at once (leading edge), so a keystroke echo is never held back
 * behind a debounce, and a flood is painted at the capped rate.
 */
export class FrameScheduler {
  private readonly dirty = new Set<string>();
  private readonly lastPaint = new Map<string, number>();
  private chromeDirty = false;
  private focused: string | null = null;
  private timer: unknown = null;
  private timerDue = Infinity;
  private disposed = false;
  private readonly focusedInterval: number;
  private readonly otherInterval: number;
  private readonly clock: Clock;

  constructor(private readonly options: FrameSchedulerOptions) {
    this.focusedInterval = options.focusedIntervalMs ?? 1000 / 60;
    this.otherInterval = options.otherIntervalMs ?? 1000 / 15;
    this.clock = options.clock ?? systemClock;
  }

  setFocused(id: string | null): void {
    this.focused = id;
  }

  markPane(id: string): void {
    this.dirty.add(id);
    this.schedule();
  }

  markChrome(): void {
    this.chromeDirty = true;
    this.schedule();
  }

  /** Forget a pane that is gone, so its timing does not linger. */
  forget(id: string): void {
    this.dirty.delete(id);
    this.lastPaint.delete(id);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private dueAt(id: string): number {
    const last = this.lastPaint.get(id);
    if (last === undefined) return -Infinity;
    return last + (id === this.focused ? this.focusedInterval : this.otherInterval);
  }

  private schedule(): void {
    if (this.disposed) return;
    let due = this.chromeDirty ? -Infinity : Infinity;
    for (const id of this.dirty) due = Math.min(due, this.dueAt(id));
    if (due === Infinity) return;
    // Zero delay still goes through the timer, so changes made in the same
    // tick (several panes, Ink's chrome) land in one frame.
    const delay = Math.max(0, due - this.clock.now());
    const at = this.clock.now() + delay;
    if (this.timer !== null && this.timerDue <= at) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timerDue = at;
    this.timer = this.clock.setTimeout(() => this.frame(), delay);
  }

  private frame(): void {
    this.timer = null;
    this.timerDue = Infinity;
    if (this.disposed) return;
    const now = this.clock.now();
    const panes = new Set<string>();
    for (const id of this.dirty) {
      // Half a millisecond of slack: timers fire a hair early or late.
      if (this.dueAt(id) <= now + 0.5) panes.add(id);
    }
    const chrome = this.chromeDirty;
    if (panes.size === 0 && !chrome) return this.schedule();
    for (const id of panes) {
      this.dirty.delete(id);
      this.lastPaint.set(id, now);
    }
    this.chromeDirty = false;
    this.options.paint({ panes, chrome });
    this.schedule();
  }
}

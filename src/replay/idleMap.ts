/** A stretch of the session clock (ms) with something happening, or a gap between two. */
export interface Span {
  start: number;
  end: number;
}

/**
 * `--idle-limit S`: every quiet gap longer than S seconds plays in S seconds, as
 * `asciinema play -i` does. Playback time runs through a compressed gap linearly, so
 * the clock on the timeline (always session time) moves fast there instead of jumping.
 * Without gaps both clocks are the same.
 */
export class IdleMap {
  private constructor(
    /** Gaps longer than the limit, in time order. */
    readonly gaps: readonly Span[],
    private readonly limitMs: number,
  ) {}

  static none(): IdleMap {
    return new IdleMap([], Infinity);
  }

  /** From the busy spans of all panes (any order, overlapping allowed). */
  static fromBusy(busy: readonly Span[], limitMs: number): IdleMap {
    const sorted = [...busy].sort((a, b) => a.start - b.start);
    const gaps: Span[] = [];
    let reach = 0;
    for (const span of sorted) {
      if (span.start - reach > limitMs) gaps.push({ start: reach, end: span.start });
      reach = Math.max(reach, span.end);
    }
    return new IdleMap(gaps, limitMs);
  }

  /** Session time → playback time. */
  toPlayback(sessionMs: number): number {
    let removed = 0;
    for (const gap of this.gaps) {
      if (gap.start >= sessionMs) break;
      const length = gap.end - gap.start;
      const inside = Math.min(sessionMs, gap.end) - gap.start;
      removed += inside * (1 - this.limitMs / length);
    }
    return sessionMs - removed;
  }

  /** Playback time → session time (the inverse of toPlayback). */
  toSession(playbackMs: number): number {
    let shift = 0;
    for (const gap of this.gaps) {
      const length = gap.end - gap.start;
      const start = gap.start - shift;
      if (playbackMs <= start) break;
      if (playbackMs < start + this.limitMs) {
        return gap.start + (playbackMs - start) * (length / this.limitMs);
      }
      shift += length - this.limitMs;
    }
    return playbackMs + shift;
  }
}

/** Playback speeds: each step doubles or halves. */
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 16;

export const faster = (speed: number): number => Math.min(MAX_SPEED, speed * 2);
export const slower = (speed: number): number => Math.max(MIN_SPEED, speed / 2);

/** `×2`, `×0.25`: as the timeline shows it. */
export const speedLabel = (speed: number): string => `×${speed}`;

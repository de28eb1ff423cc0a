import { stat } from 'node:fs/promises';
import type { Terminal } from '@xterm/headless';
import type { CastEvent, CastHeader } from './castFormat.js';
import { CastCursor, readCastHeader, readLastEventTime, type ReadStats } from './castReader.js';
import {
  createScreen,
  queueEvents,
  restoreScreen,
  serializeScreen,
  writeParsed,
} from './headlessScreen.js';
import {
  DEFAULT_KEYFRAME_POLICY,
  insertKeyframe,
  keyframeAt,
  readKeyframes,
  type Keyframe,
  type KeyframePolicy,
} from './keyframes.js';

export interface PaneReplayerOptions {
  castFile: string;
  keyframeFile: string;
  /** The cast may still grow (the pane was running when the manifest was last saved). */
  growing?: boolean;
  /** Spacing of the keyframes learnt while replaying parts the sidecar does not cover. */
  policy?: KeyframePolicy;
}

/** Where a replay is in the cast. */
interface Playhead {
  terminal: Terminal;
  cursor: CastCursor;
  /** The time (seconds, cast clock) the screen shows. */
  time: number;
  index: number;
  charsSinceKeyframe: number;
}

/**
 * Replays one pane run: `screenAt` builds the screen at any time from the nearest
 * keyframe before it, and `seek`/`advance` keep a playhead for playing on. Stretches
 * the sidecar does not cover (no sidecar, a mirror that fell behind) get keyframes
 * while they are replayed, so only the first visit there is slow.
 */
export class PaneReplayer {
  /** Bad lines met by any read, by offset: seeks read the same stretch many times. */
  private readonly badLines = new Map<number, number>();
  private playhead: Playhead | null = null;

  private constructor(
    private readonly options: PaneReplayerOptions,
    readonly header: CastHeader,
    private readonly headerEnd: number,
    private readonly keyframes: Keyframe[],
    /** Seconds of the last event, when the replayer was loaded. */
    readonly lastTime: number,
    /** Keyframe lines that were skipped (truncated, corrupt, past the end of the cast). */
    readonly keyframeStats: ReadStats,
  ) {}

  static async load(options: PaneReplayerOptions): Promise<PaneReplayer> {
    const { header, end } = await readCastHeader(options.castFile);
    const { size } = await stat(options.castFile);
    const sidecar = await readKeyframes(options.keyframeFile);
    // A crash can leave keyframes pointing past what reached the cast.
    const keyframes = sidecar.keyframes.filter((keyframe) => keyframe.offset <= size);
    const keyframeStats = {
      skipped: sidecar.skipped + sidecar.keyframes.length - keyframes.length,
      firstBadLine: sidecar.firstBadLine,
    };
    const lastTime = (await readLastEventTime(options.castFile, end)) ?? 0;
    return new PaneReplayer(options, header, end, keyframes, lastTime, keyframeStats);
  }

  /** Cast lines skipped so far (only what was read: a seek does not read it all). */
  get stats(): ReadStats {
    let firstBadLine: number | null = null;
    let firstOffset = Infinity;
    for (const [offset, line] of this.badLines) {
      if (offset < firstOffset) [firstOffset, firstBadLine] = [offset, line];
    }
    return { skipped: this.badLines.size, firstBadLine };
  }

  get keyframeCount(): number {
    return this.keyframes.length;
  }

  /** A new terminal showing the pane at `seconds`; the caller disposes it. */
  async screenAt(seconds: number): Promise<Terminal> {
    const playhead = await this.start(seconds);
    try {
      await this.play(playhead, seconds);
    } finally {
      await playhead.cursor.close();
    }
    return playhead.terminal;
  }

  /** The playhead's screen (owned by the replayer), null before the first seek. */
  get terminal(): Terminal | null {
    return this.playhead?.terminal ?? null;
  }

  get time(): number | null {
    return this.playhead?.time ?? null;
  }

  /** Moves the playhead to `seconds` from the nearest keyframe. */
  async seek(seconds: number): Promise<void> {
    this.release();
    const playhead = await this.start(seconds);
    this.playhead = playhead;
    await this.play(playhead, seconds);
  }

  /** Plays on to `seconds`; seeks instead when going back or when a keyframe is far ahead. */
  async advance(seconds: number): Promise<void> {
    const playhead = this.playhead;
    if (!playhead || seconds < playhead.time) return this.seek(seconds);
    const keyframe = keyframeAt(this.keyframes, seconds);
    const policy = this.options.policy ?? DEFAULT_KEYFRAME_POLICY;
    if (keyframe && keyframe.offset - playhead.cursor.offset > policy.everyChars) {
      return this.seek(seconds);
    }
    await this.play(playhead, seconds);
  }

  /** The time of the playhead's next event (null at the end), to know when to wake up. */
  async nextEventTime(): Promise<number | null> {
    return this.playhead ? this.playhead.cursor.peekTime() : null;
  }

  dispose(): void {
    this.release();
  }

  private release(): void {
    const playhead = this.playhead;
    this.playhead = null;
    if (!playhead) return;
    playhead.terminal.dispose();
    void playhead.cursor.close().catch(() => {});
  }

  private async start(seconds: number): Promise<Playhead> {
    const keyframe = keyframeAt(this.keyframes, seconds);
    const terminal = keyframe
      ? await restoreScreen(keyframe.cols, keyframe.rows, keyframe.screen)
      : createScreen(this.header.width, this.header.height);
    try {
      const cursor = await CastCursor.open(this.options.castFile, {
        offset: keyframe?.offset ?? this.headerEnd,
        minTime: keyframe?.t ?? 0,
        // Exact from the top; from a keyframe, right unless lines before it were bad.
        line: (keyframe?.event ?? 0) + 2,
        growing: this.options.growing ?? false,
        onBadLine: (offset, line) => this.badLines.set(offset, line),
      });
      return {
        terminal,
        cursor,
        time: keyframe?.t ?? 0,
        index: keyframe?.event ?? 0,
        charsSinceKeyframe: 0,
      };
    } catch (error) {
      terminal.dispose();
      throw error;
    }
  }

  /** Applies every event up to `seconds`, a chunk at a time, learning keyframes on the way. */
  private async play(playhead: Playhead, seconds: number): Promise<void> {
    const policy = this.options.policy ?? DEFAULT_KEYFRAME_POLICY;
    for (;;) {
      const events = await playhead.cursor.nextUntil(seconds);
      const last = events[events.length - 1];
      if (!last) break;
      const chars = queueEvents(playhead.terminal, events);
      // Passing a stored keyframe means the stretch behind it is covered already.
      const passed = keyframeAt(this.keyframes, last.time);
      playhead.charsSinceKeyframe =
        passed && passed.offset > (events[0]?.offset ?? 0) && passed.offset <= last.end
          ? outputCharsFrom(events, passed.offset)
          : playhead.charsSinceKeyframe + chars;
      playhead.index += events.length;
      await writeParsed(playhead.terminal, '');
      if (playhead.charsSinceKeyframe >= policy.everyChars) {
        playhead.charsSinceKeyframe = 0;
        insertKeyframe(this.keyframes, {
          t: last.time,
          event: playhead.index,
          offset: last.end,
          cols: playhead.terminal.cols,
          rows: playhead.terminal.rows,
          screen: serializeScreen(playhead.terminal),
        });
      }
    }
    playhead.time = Math.max(playhead.time, seconds);
  }
}

function outputCharsFrom(events: readonly CastEvent[], offset: number): number {
  let chars = 0;
  for (const event of events) {
    if (event.offset >= offset && event.code === 'o') chars += event.data.length;
  }
  return chars;
}

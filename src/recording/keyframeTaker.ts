import type { Terminal } from '@xterm/headless';
import type { EventPosition } from './castWriter.js';
import { createScreen, serializeScreen, writeParsed } from './headlessScreen.js';
import {
  DEFAULT_KEYFRAME_POLICY,
  keyframeDue,
  type Keyframe,
  type KeyframePolicy,
} from './keyframes.js';

export interface KeyframeTakerOptions {
  cols: number;
  rows: number;
  policy?: KeyframePolicy;
  /**
   * Characters the mirror may fall behind before it gives up. The pty is paced by the
   * live pane's parser, not this one; should the mirror lag that far anyway, keyframes
   * stop for the pane (the player builds the missing ones) rather than grow memory.
   */
  maxPendingChars?: number;
  onKeyframe: (keyframe: Keyframe) => void;
  /** Time spent serializing, for measuring (ms). */
  onSerialized?: (ms: number) => void;
}

/**
 * Keeps its own headless terminal fed with one pane's output (PaneScreen is the
 * live pane's; this one only serves recording) and serializes it every so often.
 * xterm runs write callbacks right after their chunk is parsed and before the next,
 * so a keyframe taken there is exactly the screen after that event.
 */
export class KeyframeTaker {
  private readonly terminal: Terminal;
  private readonly policy: KeyframePolicy;
  private readonly maxPendingChars: number;
  private readonly onKeyframe: (keyframe: Keyframe) => void;
  private readonly onSerialized: (ms: number) => void;
  private pendingChars = 0;
  private charsSinceKeyframe = 0;
  private lastKeyframeTime = 0;
  private disposed = false;

  constructor(options: KeyframeTakerOptions) {
    this.terminal = createScreen(options.cols, options.rows);
    this.policy = options.policy ?? DEFAULT_KEYFRAME_POLICY;
    this.maxPendingChars = options.maxPendingChars ?? 8 * 1024 * 1024;
    this.onKeyframe = options.onKeyframe;
    this.onSerialized = options.onSerialized ?? (() => {});
  }

  get active(): boolean {
    return !this.disposed;
  }

  /** Output as written to the cast at `position`. Only queues: parsing happens later. */
  output(data: string, position: EventPosition): void {
    if (this.disposed) return;
    if (this.pendingChars + data.length > this.maxPendingChars) {
      this.dispose();
      return;
    }
    this.pendingChars += data.length;
    this.terminal.write(data, () => this.parsed(data.length, position));
  }

  /** A resize written to the cast; applied after the output queued before it. */
  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    this.terminal.write('', () => {
      if (!this.disposed) this.terminal.resize(cols, rows);
    });
  }

  /** Resolves once everything queued so far was parsed (and any keyframe due taken). */
  idle(): Promise<void> {
    return this.disposed ? Promise.resolve() : writeParsed(this.terminal, '');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.terminal.dispose();
  }

  private parsed(chars: number, position: EventPosition): void {
    if (this.disposed) return;
    this.pendingChars -= chars;
    this.charsSinceKeyframe += chars;
    if (!keyframeDue(this.policy, this.charsSinceKeyframe, position.time - this.lastKeyframeTime)) {
      return;
    }
    const started = performance.now();
    const screen = serializeScreen(this.terminal);
    this.onSerialized(performance.now() - started);
    this.charsSinceKeyframe = 0;
    this.lastKeyframeTime = position.time;
    this.onKeyframe({
      t: position.time,
      event: position.index + 1,
      offset: position.end,
      cols: this.terminal.cols,
      rows: this.terminal.rows,
      screen,
    });
  }
}

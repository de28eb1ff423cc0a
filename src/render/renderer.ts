import type { Layout, Rect } from '../layout/types.js';
import type { PaneScreenApi } from '../terminal/types.js';
import type { Clock } from '../util/clock.js';
import { BEGIN_SYNC, CLEAR_SCREEN, END_SYNC } from './ansi.js';
import { Compositor } from './compositor.js';
import { FrameScheduler, type FrameRequest } from './frameScheduler.js';

export interface RenderSource {
  layout(): Layout;
  screenOf(id: string): PaneScreenApi | undefined;
  /** The pane whose cursor is shown, or null to hide the cursor. */
  cursorPane(): string | null;
  focusedPane(): string | null;
  /** The dialog Ink draws over the panes, if one is open. */
  occlusion(): Rect | null;
}

export interface RendererOptions {
  source: RenderSource;
  /** Writes to the host terminal; called once per frame. */
  write: (data: string) => void;
  clock?: Clock;
  /** Measures frames for the benchmark; not used in normal runs. */
  onFrameTiming?: (timing: { composeMs: number; bytes: number }) => void;
}

/**
 * The output pipeline after the emulators: frame scheduling, compositing and
 * the single synchronized write per frame.
 */
export class Renderer {
  private readonly compositor = new Compositor();
  private readonly scheduler: FrameScheduler;
  private pendingChrome: string | null = null;
  private repaintAll = true;

  constructor(private readonly options: RendererOptions) {
    this.scheduler = new FrameScheduler({
      paint: (request) => this.paint(request),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }

  /** Ink wrote a full chrome frame. */
  chromeFrame(frame: string): void {
    // Ink renders on every React commit, also one that changed nothing on screen.
    if (frame === (this.pendingChrome ?? this.lastChrome)) return;
    this.pendingChrome = frame;
    this.scheduler.markChrome();
  }

  paneChanged(id: string): void {
    this.scheduler.markPane(id);
  }

  /** The host screen must be redrawn from scratch (resize, start). */
  invalidate(): void {
    this.repaintAll = true;
    this.scheduler.markChrome();
  }

  forgetPane(id: string): void {
    this.scheduler.forget(id);
  }

  dispose(): void {
    this.scheduler.dispose();
  }

  private paint(request: FrameRequest): void {
    const started = performance.now();
    const source = this.options.source;
    this.scheduler.setFocused(source.focusedPane());
    let prefix = '';
    let chrome = this.pendingChrome;
    this.pendingChrome = null;
    if (this.repaintAll) {
      this.repaintAll = false;
      this.compositor.invalidate();
      prefix = CLEAR_SCREEN;
      chrome ??= this.lastChrome;
    }
    if (chrome !== null) this.lastChrome = chrome;
    const body = this.compositor.compose({
      layout: source.layout(),
      chrome,
      panes: prefix ? 'all' : request.panes,
      screenOf: (id) => source.screenOf(id),
      cursorPane: source.cursorPane(),
      occlusion: source.occlusion(),
    });
    const composeMs = performance.now() - started;
    if (body === '' && prefix === '') return;
    const data = BEGIN_SYNC + prefix + body + END_SYNC;
    this.options.write(data);
    this.options.onFrameTiming?.({ composeMs, bytes: data.length });
  }

  private lastChrome: string | null = null;
}

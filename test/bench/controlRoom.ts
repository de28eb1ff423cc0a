/**
 * The control room driven headless, wired as src/cli.tsx wires it: real ptys
 * (node-pty), real PaneScreens, the real Renderer, and the real Ink chrome
 * rendered into InkStdout in debug mode. Only the host terminal is fake: the
 * Renderer writes into a sink that counts bytes.
 */
import { PassThrough } from 'node:stream';
import { render, type Instance } from 'ink';
import { createElement } from 'react';
import { App } from '../../components/App.js';
import { Engine } from '../../src/engine/engine.js';
import { shellWorkerSpec } from '../../src/engine/workerSpec.js';
import { InputController } from '../../src/input/inputController.js';
import { helpEntriesFor, parsePrefixKey } from '../../src/input/keymap.js';
import { createNodePtyBackend } from '../../src/pty/nodePtyBackend.js';
import { overlayRect } from '../../src/layout/overlays.js';
import { resolveExecutable } from '../../src/pty/resolveCommand.js';
import { InkStdout } from '../../src/render/inkStdout.js';
import { Renderer } from '../../src/render/renderer.js';
import { createAppStore, type AppStore } from '../../src/store/store.js';
import type { PaneScreenOptions } from '../../src/terminal/paneScreen.js';
import {
  createScreenFactory,
  emulationFromEnv,
  type EmulationThread,
  type ScreenFactory,
} from '../../src/terminal/screenFactory.js';
import type { PaneScreenApi } from '../../src/terminal/types.js';
import { packageVersion } from '../../src/util/packageRoot.js';
import { onCleanup } from './cleanup.js';

/**
 * A real screen (in-thread or threaded, see MULTIBOT_EMULATION) that counts the
 * characters handed to it by the pty (the writes that carry a flow-control ack) and the
 * characters the emulator has parsed, so the bench can prove that nothing was lost.
 */
export class CountingScreen implements PaneScreenApi {
  received = 0;
  parsed = 0;

  constructor(private readonly inner: PaneScreenApi) {}

  get cols(): number {
    return this.inner.cols;
  }

  get rows(): number {
    return this.inner.rows;
  }

  write(data: string, onParsed?: () => void): void {
    if (!onParsed) return this.inner.write(data);
    const length = data.length;
    this.received += length;
    this.inner.write(data, () => {
      this.parsed += length;
      onParsed();
    });
  }

  /** Resolves once everything written so far has been parsed. */
  flushed(): Promise<void> {
    return new Promise((resolve) => this.inner.write('', resolve));
  }

  onReply = (listener: (data: string) => void) => this.inner.onReply(listener);
  onChange = (listener: () => void) => this.inner.onChange(listener);
  resize = (cols: number, rows: number) => this.inner.resize(cols, rows);
  modes = () => this.inner.modes();
  cursor = () => this.inner.cursor();
  scrollBy = (lines: number) => this.inner.scrollBy(lines);
  scrollToBottom = () => this.inner.scrollToBottom();
  scrollOffset = () => this.inner.scrollOffset();
  renderRow = (y: number, start?: number, end?: number) => this.inner.renderRow(y, start, end);
  rowText = (y: number) => this.inner.rowText(y);
  dispose = () => this.inner.dispose();
}

export interface FrameTiming {
  composeMs: number;
  bytes: number;
}

export interface ControlRoomOptions {
  cols: number;
  rows: number;
  scrollback?: number;
  killGraceMs?: number;
  /** Where the emulators run; MULTIBOT_EMULATION (as in src/cli.tsx) when not given. */
  emulation?: EmulationThread;
}

/**
 * One factory per emulation thread for the whole bench, as one control room has one: a
 * screen worker starts once (during the warm-up), not in every timed round.
 */
const factories = new Map<EmulationThread, ScreenFactory>();
function screenFactory(thread: EmulationThread): ScreenFactory {
  let factory = factories.get(thread);
  if (!factory) factories.set(thread, (factory = createScreenFactory(thread)));
  return factory;
}

/** Same settings as src/cli.tsx with the default config. */
const RESIZE_DEBOUNCE_MS = 40;
const PREFIX = parsePrefixKey('C-b');

export class HeadlessControlRoom {
  readonly store: AppStore = createAppStore();
  readonly engine: Engine;
  readonly renderer: Renderer;
  readonly input: InputController;
  readonly inkStdout: InkStdout;
  private readonly ink: Instance;
  /** One entry per frame the Renderer wrote. */
  readonly frames: FrameTiming[] = [];
  /** Ink's own RenderMetrics.renderTime, one per Ink render. */
  readonly inkRenderMs: number[] = [];
  chromeFrames = 0;
  sinkBytes = 0;
  sinkWrites = 0;
  /** Called with every frame the Renderer writes to the (fake) host terminal. */
  onWrite: ((data: string) => void) | null = null;
  private chromeListeners: (() => void)[] = [];
  private readonly pids = new Set<number>();
  private readonly unregisterCleanup: () => void;
  private disposed = false;

  constructor(private readonly options: ControlRoomOptions) {
    const { store } = this;
    const size = { cols: options.cols, rows: options.rows };
    store.getState().setLayout({ mode: 'grid', screen: size });
    store.getState().setUi({ prefixLabel: PREFIX.label });

    const screens = screenFactory(options.emulation ?? emulationFromEnv(process.env));
    this.engine = new Engine({
      store,
      backend: createNodePtyBackend(),
      createScreen: (screenOptions: PaneScreenOptions) =>
        new CountingScreen(screens.create(screenOptions)),
      resolveExecutable,
      settings: {
        scrollback: options.scrollback ?? 5000,
        killGraceMs: options.killGraceMs ?? 1000,
        resizeDebounceMs: RESIZE_DEBOUNCE_MS,
      },
    });

    const engine = this.engine;
    const help = helpEntriesFor(PREFIX.label);
    const version = packageVersion();
    this.renderer = new Renderer({
      source: {
        layout: () => engine.layout(),
        screenOf: (id) => engine.screenOf(id),
        cursorPane: () => engine.cursorPane(),
        focusedPane: () => store.getState().layout.focus,
        occlusion: () => {
          const { layout, ui } = store.getState();
          return overlayRect(layout.screen, ui.overlay, help, version);
        },
      },
      write: (data) => {
        // What a real stdout would cost at least: encoding the frame to UTF-8.
        this.sinkBytes += Buffer.byteLength(data, 'utf8');
        this.sinkWrites++;
        this.onWrite?.(data);
      },
      onFrameTiming: (timing) => this.frames.push(timing),
    });
    engine.onScreenChange((id) => this.renderer.paneChanged(id));

    this.inkStdout = new InkStdout(size, (frame) => {
      this.renderer.chromeFrame(frame);
      this.chromeFrames++;
      const listeners = this.chromeListeners;
      this.chromeListeners = [];
      for (const listener of listeners) listener();
    });
    this.ink = render(createElement(App, { store, helpEntries: help, version }), {
      stdout: this.inkStdout as unknown as NodeJS.WriteStream,
      stdin: new PassThrough() as unknown as NodeJS.ReadStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
      onRender: (metrics) => this.inkRenderMs.push(metrics.renderTime),
    });
    this.input = new InputController(engine, PREFIX.byte);
    // If the bench dies half-way, no worker may outlive it.
    this.unregisterCleanup = onCleanup(() => {
      for (const pid of this.pids) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    });
  }

  addShellWorker(id: string, commandLine: string, cwd: string): void {
    this.engine.addWorker(shellWorkerSpec({ id, name: id, commandLine, cwd }));
    const pid = this.engine.pidOf(id);
    if (pid !== null) this.pids.add(pid);
  }

  /** Call once after adding the workers, as cli.tsx does. */
  start(): void {
    this.renderer.invalidate();
  }

  screen(id: string): CountingScreen {
    const screen = this.engine.screenOf(id);
    if (!(screen instanceof CountingScreen)) throw new Error(`no screen for ${id}`);
    return screen;
  }

  workerIds(): string[] {
    return [...this.store.getState().workerOrder];
  }

  /** Resolves once every worker's process has exited. */
  allExited(): Promise<void> {
    const done = () =>
      Object.values(this.store.getState().workers).every((info) => info.process === 'exited');
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const unsubscribe = this.store.subscribe(() => {
        if (!done()) return;
        unsubscribe();
        resolve();
      });
    });
  }

  /** Resolves with the next chrome frame Ink writes after `count` frames were seen. */
  chromeFrameAfter(count: number): Promise<void> {
    if (this.chromeFrames > count) return Promise.resolve();
    return new Promise((resolve) => this.chromeListeners.push(resolve));
  }

  /** Interior sizes of the worker panes, for the report. */
  paneSizes(): string {
    const layout = this.engine.layout();
    if (layout.kind !== 'tiled') return 'too small';
    return summarizeSizes(layout.panes.map((pane) => [pane.interior.width, pane.interior.height]));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.onWrite = null;
    this.input.dispose();
    this.ink.unmount();
    this.renderer.dispose();
    await this.engine.shutdown(this.options.killGraceMs ?? 1000);
    this.unregisterCleanup();
  }
}

/** "4×47x15, 4×48x15": sizes with their counts. */
export function summarizeSizes(sizes: readonly (readonly [number, number])[]): string {
  const counts = new Map<string, number>();
  for (const [cols, rows] of sizes) {
    const key = `${cols}x${rows}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${count}×${key}`).join(', ');
}

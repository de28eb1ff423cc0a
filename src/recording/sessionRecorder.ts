import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Task } from '../orchestrator/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { UserError } from '../util/errors.js';
import { AppendQueue, QueueOverflowError, type OpenAppendTarget } from './appendQueue.js';
import { makeCastHeader } from './castFormat.js';
import { CastWriter } from './castWriter.js';
import { KeyframeTaker } from './keyframeTaker.js';
import { encodeKeyframeLine, keyframeSidecarPath, type KeyframePolicy } from './keyframes.js';
import {
  emptyManifest,
  MANIFEST_FILE,
  ManifestSaver,
  readManifest,
  type Manifest,
  type PaneRecording,
} from './manifest.js';
import { taskHistoryFile } from './taskHistory.js';
import { TaskHistoryWriter } from './taskHistoryWriter.js';

export interface SessionRecorderOptions {
  /** The session's recordings folder, `sessions/<id>/recordings`; created when missing. */
  dir: string;
  /** Record typed input as "i" events (`--record-input`); off by default. */
  recordInput?: boolean;
  /** Monotonic milliseconds: every pane's events and the manifest share this clock. */
  clock?: Clock;
  /** Unix milliseconds, for the casts' header timestamps and the manifest. */
  wallClock?: () => number;
  /** TERM and SHELL for the casts' headers; TERM defaults to what the ptys get. */
  env?: { TERM?: string; SHELL?: string };
  /** When to take keyframes, or false for none live (the player then builds them). */
  keyframes?: KeyframePolicy | false;
  /** Per file: bytes waiting for a slow disk before recording stops (default 32 MB). */
  maxQueuedBytes?: number;
  manifestDebounceMs?: number;
  /** Seams for tests: how files are opened for appending, how the manifest is written. */
  open?: OpenAppendTarget;
  writeManifest?: (file: string, text: string) => Promise<void>;
  /** Once, when recording stops early (a full disk); show it to the user. */
  onWarning?: (text: string) => void;
}

export interface PaneStart {
  cols: number;
  rows: number;
  command?: string;
  title?: string;
}

export interface LayoutState {
  /** Pane ids in tiling order. */
  panes: string[];
  focus: string | null;
  zoom: string | null;
}

interface LivePane {
  entry: PaneRecording;
  writer: CastWriter;
  keyframes: AppendQueue | null;
  taker: KeyframeTaker | null;
}

/** The pty's TERM (src/pty/nodePtyBackend.ts sets it for every worker). */
const PTY_TERM = 'xterm-256color';

/**
 * Records a session: one asciicast per pane run, keyframes beside each, the task board's
 * history, and a manifest that puts them on one clock with the layout and the markers.
 * Every call only queues work, so it is safe on the pty path. The first write failure
 * (a full disk) stops all recording with one warning; the workers are not affected.
 */
export class SessionRecorder {
  private readonly panes = new Map<string, LivePane>();
  private readonly closing = new Set<Promise<void>>();
  private readonly saver: ManifestSaver;
  /** This run's task history; opened with the first board, so a run without tasks has none. */
  private taskHistory: TaskHistoryWriter | null = null;
  private readonly clock: Clock;
  private readonly clockZero: number;
  private isStopped = false;
  private isClosed = false;

  private constructor(
    private readonly options: SessionRecorderOptions,
    manifest: Manifest,
    /** Session time (ms) at clockZero: > 0 when a resumed session goes on recording. */
    private readonly baseMs: number,
  ) {
    this.clock = options.clock ?? systemClock;
    this.clockZero = this.clock.now();
    this.saver = new ManifestSaver({
      dir: options.dir,
      manifest,
      clock: this.clock,
      ...(options.manifestDebounceMs !== undefined
        ? { debounceMs: options.manifestDebounceMs }
        : {}),
      ...(options.writeManifest ? { write: options.writeManifest } : {}),
      onError: (error) => this.fail(error, MANIFEST_FILE),
    });
    this.saver.changed();
  }

  static async open(options: SessionRecorderOptions): Promise<SessionRecorder> {
    const wallNow = (options.wallClock ?? Date.now)();
    await mkdir(options.dir, { recursive: true });
    let manifest: Manifest | null = null;
    try {
      manifest = await readManifest(options.dir);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      // Kept for a human to look at; the casts it listed are still in the folder.
      const file = join(options.dir, MANIFEST_FILE);
      await rename(file, `${file}.unreadable-${wallNow}`);
    }
    // A resumed session continues the old clock, so old and new runs line up.
    const baseMs = manifest ? Math.max(0, wallNow - manifest.startedAt) : 0;
    const recordInput = options.recordInput ?? false;
    manifest ??= emptyManifest(wallNow, recordInput);
    manifest.recordInput ||= recordInput;
    manifest.stopped = null;
    return new SessionRecorder(options, manifest, baseMs);
  }

  /** True once recording stopped early; later calls are ignored. */
  get stopped(): boolean {
    return this.isStopped;
  }

  /** Milliseconds on the session clock. */
  now(): number {
    return this.baseMs + (this.clock.now() - this.clockZero);
  }

  /** A pane's pty started (or restarted: a second run of an id gets its own file). */
  startPane(id: string, start: PaneStart): void {
    if (this.isStopped || this.isClosed) return;
    if (this.panes.has(id)) this.endPane(id);
    const manifest = this.saver.manifest;
    const startMs = this.now();
    const file = this.freeFileName(id);
    const entry: PaneRecording = {
      id,
      file,
      keyframes: keyframeSidecarPath(file),
      startMs,
      endMs: null,
      cols: start.cols,
      rows: start.rows,
      ...(start.command !== undefined ? { command: start.command } : {}),
      ...(start.title !== undefined ? { title: start.title } : {}),
    };
    const options = this.options;
    const onError = (error: Error): void => this.fail(error, file);
    const writer = new CastWriter({
      file: join(options.dir, file),
      header: makeCastHeader({
        cols: start.cols,
        rows: start.rows,
        startedAtMs: manifest.startedAt + startMs,
        ...(start.command !== undefined ? { command: start.command } : {}),
        ...(start.title !== undefined ? { title: start.title } : {}),
        env: {
          TERM: options.env?.TERM ?? PTY_TERM,
          SHELL: options.env?.SHELL ?? process.env.SHELL,
        },
      }),
      clock: this.clock,
      recordInput: options.recordInput ?? false,
      onError,
      ...(options.open ? { open: options.open } : {}),
      ...(options.maxQueuedBytes !== undefined ? { maxQueuedBytes: options.maxQueuedBytes } : {}),
    });
    let keyframes: AppendQueue | null = null;
    let taker: KeyframeTaker | null = null;
    if (options.keyframes !== false) {
      const queue = new AppendQueue({
        file: join(options.dir, entry.keyframes),
        onError: (error) => this.fail(error, entry.keyframes),
        ...(options.open ? { open: options.open } : {}),
      });
      keyframes = queue;
      taker = new KeyframeTaker({
        cols: start.cols,
        rows: start.rows,
        ...(options.keyframes ? { policy: options.keyframes } : {}),
        onKeyframe: (keyframe) => {
          const line = encodeKeyframeLine(keyframe);
          queue.push(line, Buffer.byteLength(line));
        },
      });
    }
    this.panes.set(id, { entry, writer, keyframes, taker });
    manifest.panes.push(entry);
    this.saver.changed();
  }

  /** Raw pty output, before the pane's emulator parses it. */
  output(id: string, data: string): void {
    const pane = this.panes.get(id);
    if (!pane) return;
    const position = pane.writer.output(data);
    if (position) pane.taker?.output(data, position);
  }

  /** Typed input sent to the pane; recorded only with `recordInput`. */
  input(id: string, data: string): void {
    this.panes.get(id)?.writer.input(data);
  }

  resize(id: string, cols: number, rows: number): void {
    const pane = this.panes.get(id);
    if (pane?.writer.resize(cols, rows)) pane.taker?.resize(cols, rows);
  }

  /** A moment worth finding again: in the named panes' casts (all when omitted). */
  marker(label: string, paneIds?: readonly string[]): void {
    if (this.isStopped || this.isClosed) return;
    this.saver.manifest.markers.push({
      t: this.now(),
      label,
      panes: paneIds ? [...paneIds] : null,
    });
    for (const [id, pane] of this.panes) {
      if (!paneIds || paneIds.includes(id)) pane.writer.marker(label);
    }
    this.saver.changed();
  }

  layoutChanged(layout: LayoutState): void {
    if (this.isStopped || this.isClosed) return;
    const entries = this.saver.manifest.layout;
    const last = entries[entries.length - 1];
    if (
      last &&
      last.focus === layout.focus &&
      last.zoom === layout.zoom &&
      last.panes.join('\n') === layout.panes.join('\n')
    ) {
      return;
    }
    entries.push({
      t: this.now(),
      panes: [...layout.panes],
      focus: layout.focus,
      zoom: layout.zoom,
    });
    this.saver.changed();
  }

  /**
   * The task list or auto-dispatch's hold changed (or this is the board at the start):
   * recorded, debounced, in this run's task history (src/recording/taskHistory.ts).
   */
  tasksChanged(tasks: readonly Task[], held: boolean): void {
    if (this.isStopped || this.isClosed) return;
    this.taskHistory ??= this.openTaskHistory();
    this.taskHistory.update(tasks, held);
  }

  /** The pane's pty ended: its files are finished and closed in the background. */
  endPane(id: string): void {
    const pane = this.panes.get(id);
    if (!pane) return;
    this.panes.delete(id);
    pane.entry.endMs = this.now();
    pane.taker?.dispose();
    this.track(Promise.all([pane.writer.close(), pane.keyframes?.close()]));
    this.saver.changed();
  }

  /**
   * Resolves once everything recorded so far is on disk (or dropped by a failure),
   * keyframes due by then included. `close` does not wait for keyframes: quitting
   * should not wait for a mirror that fell behind.
   */
  async flush(): Promise<void> {
    await Promise.all([...this.panes.values()].map((pane) => pane.taker?.idle()));
    await Promise.all([
      ...[...this.panes.values()].flatMap((pane) => [pane.writer.flush(), pane.keyframes?.flush()]),
      this.taskHistory?.flush(),
      ...this.closing,
    ]);
    await this.saver.flush();
  }

  /** Ends every pane and writes the last manifest. Failures were reported already. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    for (const id of [...this.panes.keys()]) this.endPane(id);
    if (this.taskHistory) this.track(this.taskHistory.close());
    this.isClosed = true;
    await Promise.all(this.closing);
    await this.saver.flush();
    this.saver.dispose();
  }

  private fail(error: Error, file: string): void {
    if (this.isStopped) return;
    this.isStopped = true;
    this.options.onWarning?.(warningText(error, join('recordings', file)));
    const manifest = this.saver.manifest;
    manifest.stopped = { t: this.now(), reason: error.message };
    for (const pane of this.panes.values()) {
      pane.entry.endMs ??= this.now();
      pane.taker?.dispose();
      this.track(Promise.all([pane.writer.stop(), pane.keyframes?.stop()]));
    }
    this.panes.clear();
    if (this.taskHistory) this.track(this.taskHistory.stop());
    // One last try: on a full disk a small rename-in-place may still fit.
    this.saver.changed();
  }

  /** Files being finished in the background (they never reject): close waits for them. */
  private track(work: Promise<unknown>): void {
    const done = work.then(() => {});
    this.closing.add(done);
    void done.finally(() => this.closing.delete(done));
  }

  private openTaskHistory(): TaskHistoryWriter {
    let run = 1;
    while (existsSync(join(this.options.dir, taskHistoryFile(run)))) run += 1;
    const file = taskHistoryFile(run);
    return new TaskHistoryWriter({
      file: join(this.options.dir, file),
      now: () => this.now(),
      clock: this.clock,
      onError: (error) => this.fail(error, file),
      ...(this.options.open ? { open: this.options.open } : {}),
    });
  }

  private freeFileName(id: string): string {
    const base = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'pane';
    const taken = new Set(this.saver.manifest.panes.map((pane) => pane.file));
    for (let run = 1; ; run += 1) {
      const name = run === 1 ? `${base}.cast` : `${base}.${run}.cast`;
      const free = [name, keyframeSidecarPath(name)].every(
        (file) => !existsSync(join(this.options.dir, file)),
      );
      if (!taken.has(name) && free) return name;
    }
  }
}

function warningText(error: Error, where: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EDQUOT'
        ? 'the disk quota is used up'
        : error instanceof QueueOverflowError
          ? 'the disk could not keep up with the output'
          : `a write failed (${error.message})`;
  return `Recording stopped: ${why} (${where}). The workers keep running; the recording so far is kept.`;
}

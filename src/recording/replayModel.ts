import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Terminal } from '@xterm/headless';
import { UserError, errorMessage } from '../util/errors.js';
import { readCastHeader } from './castReader.js';
import { keyframeSidecarPath, type KeyframePolicy } from './keyframes.js';
import {
  emptyManifest,
  readManifest,
  type LayoutEntry,
  type Manifest,
  type PaneRecording,
} from './manifest.js';
import { PaneReplayer } from './paneReplayer.js';

/** Something wrong with the recordings that the player should show, never fatal. */
export interface ReplayIssue {
  file: string;
  message: string;
}

export interface ReplayMarker {
  /** Milliseconds on the session clock. */
  timeMs: number;
  label: string;
  /** The panes it concerns; null for all of them. */
  panes: string[] | null;
}

interface Run {
  entry: PaneRecording;
  /** Null when the cast is missing or unreadable (reported in issues). */
  replayer: PaneReplayer | null;
}

export interface LoadReplayOptions {
  /** Keyframes learnt while replaying uncovered stretches (default: as recorded). */
  policy?: KeyframePolicy;
}

/**
 * The player's model of a recorded session: every pane on the session clock, the
 * layout and markers over time, and screens at any moment. `seek` and `advance` move
 * one playhead for all panes; calls made while one is running are merged (the last
 * target wins), so a player can call `advance` every frame.
 */
export class ReplayModel {
  private position = 0;
  private busy: Promise<void> | null = null;
  private wanted: { ms: number; seek: boolean } | null = null;
  /** The run each pane's playhead is in, to notice a restarted worker. */
  private current = new Map<string, Run>();

  private constructor(
    readonly manifest: Manifest,
    private readonly runs: Map<string, Run[]>,
    private readonly loadIssues: ReplayIssue[],
    /** Where it was loaded from and how, for `refresh` (null: no manifest to re-read). */
    private readonly source: { dir: string; options: LoadReplayOptions } | null = null,
  ) {}

  /** Loads a recordings folder (`sessions/<id>/recordings`). */
  static async load(dir: string, options: LoadReplayOptions = {}): Promise<ReplayModel> {
    const issues: ReplayIssue[] = [];
    let manifest: Manifest | null = null;
    try {
      manifest = await readManifest(dir);
    } catch (error) {
      issues.push({ file: 'manifest.json', message: errorMessage(error) });
    }
    // Rebuilt from the casts, there is no manifest to re-read as the session goes on.
    const source = manifest ? { dir, options } : null;
    manifest ??= await manifestFromCasts(dir, issues);
    const runs = new Map<string, Run[]>();
    for (const entry of manifest.panes) addRun(runs, await loadRun(dir, entry, options, issues));
    return new ReplayModel(manifest, runs, issues, source);
  }

  /**
   * Re-reads the manifest of a session that is still being recorded: runs started
   * since, runs that ended, new markers and layout changes. The casts themselves are
   * read as they grow. Returns whether anything changed; an unreadable manifest (being
   * replaced right now) changes nothing.
   */
  async refresh(): Promise<boolean> {
    if (!this.source) return false;
    let next: Manifest | null = null;
    try {
      next = await readManifest(this.source.dir);
    } catch {
      return false;
    }
    if (!next) return false;
    let changed = false;
    const known = new Map<string, Run>();
    for (const list of this.runs.values()) for (const run of list) known.set(run.entry.file, run);
    for (const entry of next.panes) {
      const run = known.get(entry.file);
      if (run && run.entry.endMs === entry.endMs) continue;
      changed = true;
      if (run) {
        run.entry.endMs = entry.endMs;
        continue;
      }
      this.manifest.panes.push(entry);
      const { dir, options } = this.source;
      addRun(this.runs, await loadRun(dir, entry, options, this.loadIssues));
    }
    for (const key of ['layout', 'markers'] as const) {
      const list = this.manifest[key] as unknown[];
      if (next[key].length === list.length) continue;
      list.splice(0, list.length, ...next[key]);
      changed = true;
    }
    if (next.stopped && !this.manifest.stopped) {
      this.manifest.stopped = next.stopped;
      changed = true;
    }
    return changed;
  }

  /**
   * The session time of the next change after the playhead: a pane's next event, a run
   * starting or ending, a layout change; null when nothing follows (for now). For
   * stepping through a recording change by change, as an export does.
   */
  async nextChangeMs(): Promise<number | null> {
    const at = this.position;
    let next = Infinity;
    for (const [id, list] of this.runs) {
      for (const { entry } of list) {
        if (entry.startMs > at) next = Math.min(next, entry.startMs);
        if (entry.endMs !== null && entry.endMs > at) next = Math.min(next, entry.endMs);
      }
      const run = this.current.get(id);
      const time = run?.replayer ? await run.replayer.nextEventTime() : null;
      if (run && time !== null) next = Math.min(next, run.entry.startMs + time * 1000);
    }
    for (const entry of this.manifest.layout) if (entry.t > at) next = Math.min(next, entry.t);
    return next === Infinity ? null : next;
  }

  /** Pane ids in the order they first started. */
  paneIds(): string[] {
    return [...this.runs.keys()];
  }

  /** Milliseconds from the session's start to its last recorded moment. */
  duration(): number {
    let end = 0;
    for (const list of this.runs.values()) {
      for (const { entry, replayer } of list) {
        end = Math.max(end, entry.endMs ?? 0, entry.startMs + (replayer?.lastTime ?? 0) * 1000);
      }
    }
    for (const marker of this.manifest.markers) end = Math.max(end, marker.t);
    for (const layout of this.manifest.layout) end = Math.max(end, layout.t);
    return end;
  }

  /** Every marker on the session clock, in time order. */
  markers(): ReplayMarker[] {
    return this.manifest.markers
      .map((marker) => ({ timeMs: marker.t, label: marker.label, panes: marker.panes }))
      .sort((a, b) => a.timeMs - b.timeMs);
  }

  /** The layout in force at `ms`: the last change at or before it (or the first one). */
  layoutAt(ms: number): LayoutEntry | null {
    let found: LayoutEntry | null = null;
    for (const entry of this.manifest.layout) {
      if (entry.t <= ms || found === null) found = entry;
      if (entry.t > ms) break;
    }
    return found;
  }

  /** The pane's run at `ms` and whether it had ended; null before it started. */
  paneAt(id: string, ms: number): { recording: PaneRecording; ended: boolean } | null {
    const run = this.runAt(id, ms);
    if (!run) return null;
    const { endMs } = run.entry;
    return { recording: run.entry, ended: endMs !== null && ms >= endMs };
  }

  /** Missing files, bad headers and lines skipped so far (more appear as more is read). */
  issues(): ReplayIssue[] {
    const out = [...this.loadIssues];
    for (const list of this.runs.values()) {
      for (const { entry, replayer } of list) {
        if (!replayer) continue;
        for (const [file, stats] of [
          [entry.file, replayer.stats],
          [entry.keyframes, replayer.keyframeStats],
        ] as const) {
          if (stats.skipped > 0) out.push(skippedLines(file, stats.skipped, stats.firstBadLine));
        }
      }
    }
    return out;
  }

  /**
   * A new terminal showing the pane at `ms` (the caller disposes it), from the nearest
   * keyframe; null before the pane started or when its cast cannot be read.
   */
  async screenAt(id: string, ms: number): Promise<Terminal | null> {
    const run = this.runAt(id, ms);
    if (!run?.replayer) return null;
    return run.replayer.screenAt((ms - run.entry.startMs) / 1000);
  }

  /** The playhead's screen of a pane (owned by the model), null if not started then. */
  screen(id: string): Terminal | null {
    return this.current.get(id)?.replayer?.terminal ?? null;
  }

  /** Where the playhead is (ms on the session clock). */
  get positionMs(): number {
    return this.position;
  }

  /** Jumps every pane to `ms`. */
  seek(ms: number): Promise<void> {
    return this.schedule(ms, true);
  }

  /** Plays every pane on to `ms` (going back seeks). */
  advance(ms: number): Promise<void> {
    return this.schedule(ms, false);
  }

  dispose(): void {
    for (const list of this.runs.values()) for (const run of list) run.replayer?.dispose();
    this.current.clear();
  }

  private schedule(ms: number, seek: boolean): Promise<void> {
    this.wanted = { ms, seek: seek || this.wanted?.seek === true };
    this.busy ??= this.drain();
    return this.busy;
  }

  private async drain(): Promise<void> {
    try {
      for (let wanted = this.wanted; wanted; wanted = this.wanted) {
        this.wanted = null;
        await this.moveTo(wanted.ms, wanted.seek);
      }
    } finally {
      this.busy = null;
    }
  }

  private async moveTo(ms: number, seek: boolean): Promise<void> {
    await Promise.all(
      this.paneIds().map(async (id) => {
        const run = this.runAt(id, ms);
        const previous = this.current.get(id);
        if (previous !== run) previous?.replayer?.dispose();
        if (!run) {
          this.current.delete(id);
          return;
        }
        this.current.set(id, run);
        const seconds = (ms - run.entry.startMs) / 1000;
        if (!run.replayer) return;
        if (seek || previous !== run) await run.replayer.seek(seconds);
        else await run.replayer.advance(seconds);
      }),
    );
    this.position = ms;
  }

  private runAt(id: string, ms: number): Run | null {
    let found: Run | null = null;
    for (const run of this.runs.get(id) ?? []) if (run.entry.startMs <= ms) found = run;
    return found;
  }
}

/** `3 unreadable lines skipped (first: line 12)`: what the player says of a damaged file. */
export function skippedLines(
  file: string,
  skipped: number,
  firstBadLine: number | null,
): ReplayIssue {
  const lines = skipped === 1 ? 'line' : 'lines';
  const first = firstBadLine === null ? '' : ` (first: line ${firstBadLine})`;
  return { file, message: `${skipped} unreadable ${lines} skipped${first}` };
}

async function loadRun(
  dir: string,
  entry: PaneRecording,
  options: LoadReplayOptions,
  issues: ReplayIssue[],
): Promise<Run> {
  let replayer: PaneReplayer | null = null;
  try {
    replayer = await PaneReplayer.load({
      castFile: join(dir, entry.file),
      keyframeFile: join(dir, entry.keyframes),
      growing: entry.endMs === null,
      ...(options.policy ? { policy: options.policy } : {}),
    });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    issues.push({ file: entry.file, message: missing ? 'missing' : errorMessage(error) });
  }
  return { entry, replayer };
}

/** Runs of a pane are kept in start order. */
function addRun(runs: Map<string, Run[]>, run: Run): void {
  const list = runs.get(run.entry.id) ?? [];
  list.push(run);
  list.sort((a, b) => a.entry.startMs - b.entry.startMs);
  runs.set(run.entry.id, list);
}

/**
 * The recorder names a pane's later runs `<id>.<n>.cast` (sessionRecorder.ts): beside
 * `<id>.cast`, such a file is that pane's run, not a pane of its own.
 */
function paneIdOf(name: string, names: ReadonlySet<string>): string {
  const run = /^(.+)\.\d+\.cast$/.exec(name);
  if (run?.[1] && names.has(`${run[1]}.cast`)) return run[1];
  return name.replace(/\.cast$/, '');
}

/**
 * Without a manifest (lost, unreadable), the casts alone still play: each starts at its
 * header's timestamp (whole seconds), with no layout or markers.
 */
async function manifestFromCasts(dir: string, issues: ReplayIssue[]): Promise<Manifest> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.cast')).sort();
  } catch (error) {
    throw new UserError(`cannot read the recordings in ${dir}: ${errorMessage(error)}`);
  }
  const headers = [];
  for (const name of names) {
    try {
      headers.push({ name, header: (await readCastHeader(join(dir, name))).header });
    } catch (error) {
      issues.push({ file: name, message: errorMessage(error) });
    }
  }
  if (headers.length === 0) throw new UserError(`no recordings found in ${dir}`);
  const start = Math.min(...headers.map(({ header }) => (header.timestamp ?? 0) * 1000));
  const manifest = emptyManifest(start, false);
  const files = new Set(headers.map(({ name }) => name));
  for (const { name, header } of headers) {
    manifest.panes.push({
      id: paneIdOf(name, files),
      file: name,
      keyframes: keyframeSidecarPath(name),
      startMs: (header.timestamp ?? 0) * 1000 - start,
      endMs: null,
      cols: header.width,
      rows: header.height,
    });
  }
  return manifest;
}

import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { readCastEvents, readCastHeader } from '../recording/castReader.js';
import {
  encodeEventLine,
  encodeHeaderLine,
  resizeData,
  roundTime,
  type CastCode,
  type CastHeader,
} from '../recording/castFormat.js';
import type { PaneRecording } from '../recording/manifest.js';
import type { ReplayIssue } from '../recording/replayModel.js';
import { Compositor } from '../render/compositor.js';
import { CLEAR_SCREEN, moveTo } from '../render/ansi.js';
import { UserError } from '../util/errors.js';
import { checkCastFile } from './castValidate.js';
import { plainChrome } from './plainChrome.js';
import { replayLayout } from './replayLayout.js';
import { ReplayProjector, describeSession } from './replayProjector.js';
import { openReplaySession, type ReplaySession } from './replaySession.js';
import { createReplayStore } from './replayStore.js';
import { DEFAULT_SCREEN, inferScreenSize } from './screenSize.js';

export interface ExportOptions {
  /** `sessions/<id>`. */
  sessionDir: string;
  /** A pane id or worker name: that pane's cast; omitted: the whole room composited. */
  worker?: string | null;
  out: string;
  /** The composited screen; default: the recorded one when it can be told, else 160×48. */
  screen?: { cols: number; rows: number } | null;
  /** Shortest time between two composited frames (ms of recording time). */
  frameMs?: number;
}

export interface ExportResult {
  file: string;
  kind: 'pane' | 'grid';
  /** Events written. */
  events: number;
  durationMs: number;
  screen: { cols: number; rows: number };
  /** What was wrong with the recordings (lines skipped, files missing). */
  issues: ReplayIssue[];
}

const FRAME_MS = 1000 / 30;
/** Lines are written to the file in batches of about this many characters. */
const BATCH_CHARS = 1 << 20;

/** `<session>.cast`, `<session>-<worker>.cast`: the file `export` writes without --out. */
export function defaultExportName(sessionId: string, worker?: string | null): string {
  return worker
    ? `${sessionId}-${worker.replace(/[^A-Za-z0-9._-]/g, '_')}.cast`
    : `${sessionId}.cast`;
}

/**
 * `multibot-tui export`: one pane's recording (its runs joined into one cast), or the
 * whole room composited into one asciicast v2 that `asciinema play` shows as the room
 * looked. The result is checked against asciicast v2 before it is reported done.
 */
export async function exportSession(options: ExportOptions): Promise<ExportResult> {
  const session = await openReplaySession(options.sessionDir);
  try {
    const result = options.worker
      ? await exportPane(session, options.worker, options.out)
      : await exportGrid(session, options);
    const check = await checkCastFile(options.out);
    if (check.problems.length > 0) {
      throw new Error(
        `the export ${options.out} is not valid asciicast v2: ${check.problems.join('; ')}`,
      );
    }
    return result;
  } finally {
    session.model.dispose();
  }
}

/** Appends event lines to the output in batches, times never going back. */
class CastOutput {
  private buffer = '';
  private last = 0;
  events = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(file: string, header: CastHeader): Promise<CastOutput> {
    const output = new CastOutput(await open(file, 'w'));
    output.buffer = encodeHeaderLine(header);
    return output;
  }

  async event(seconds: number, code: CastCode, data: string): Promise<void> {
    this.last = Math.max(this.last, roundTime(seconds));
    this.buffer += encodeEventLine(this.last, code, data);
    this.events += 1;
    if (this.buffer.length >= BATCH_CHARS) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }

  private async flush(): Promise<void> {
    if (this.buffer === '') return;
    const text = this.buffer;
    this.buffer = '';
    await this.handle.write(text);
  }
}

/** The runs of the pane named by id or worker name, in start order. */
function runsOf(session: ReplaySession, wanted: string): PaneRecording[] {
  const manifest = session.model.manifest;
  const byName = session.state?.workers.find((worker) => worker.name === wanted)?.id;
  const byTitle = manifest.panes.find((entry) => entry.title === wanted)?.id;
  const id = manifest.panes.some((entry) => entry.id === wanted) ? wanted : (byName ?? byTitle);
  const runs = manifest.panes.filter((entry) => entry.id === id);
  if (runs.length === 0) {
    const known = [...new Set(manifest.panes.map((entry) => entry.id))].map((paneId) => {
      const name = session.state?.workers.find((worker) => worker.id === paneId)?.name;
      return name && name !== paneId ? `${paneId} (${name})` : paneId;
    });
    throw new UserError(
      `Session ${session.id} has no pane "${wanted}". Its panes: ${known.join(', ') || 'none'}.`,
      2,
    );
  }
  return [...runs].sort((a, b) => a.startMs - b.startMs);
}

/**
 * One pane: its first run's cast event for event, later runs (a restarted worker)
 * after it at their offsets on the session clock — each starting from a reset screen
 * and its own size, as the replay shows them.
 */
async function exportPane(
  session: ReplaySession,
  wanted: string,
  out: string,
): Promise<ExportResult> {
  const runs = runsOf(session, wanted);
  const first = runs[0] as PaneRecording;
  const issues: ReplayIssue[] = [];
  const { header } = await readCastHeader(join(session.recordingsDir, first.file));
  const output = await CastOutput.create(out, header);
  let size = { cols: header.width, rows: header.height };
  let end = 0;
  try {
    for (const [index, run] of runs.entries()) {
      const file = join(session.recordingsDir, run.file);
      const offset = (run.startMs - first.startMs) / 1000;
      if (index > 0) {
        let runHeader: CastHeader;
        try {
          runHeader = (await readCastHeader(file)).header;
        } catch (error) {
          issues.push({
            file: run.file,
            message: error instanceof Error ? error.message : String(error),
          });
          continue;
        }
        if (runHeader.width !== size.cols || runHeader.height !== size.rows) {
          size = { cols: runHeader.width, rows: runHeader.height };
          await output.event(offset, 'r', resizeData(size.cols, size.rows));
        }
        // A restarted worker gets a fresh screen (RIS), as it did live.
        await output.event(offset, 'o', '\x1bc');
      }
      const stats = { skipped: 0, firstBadLine: null as number | null };
      for await (const batch of readCastEvents(file, { stats })) {
        for (const event of batch) {
          end = Math.max(end, offset + event.time);
          await output.event(offset + event.time, event.code as CastCode, event.data);
        }
      }
      if (stats.skipped > 0) {
        issues.push({ file: run.file, message: `${stats.skipped} unreadable lines skipped` });
      }
    }
  } finally {
    await output.close();
  }
  return {
    file: out,
    kind: 'pane',
    events: output.events,
    durationMs: end * 1000,
    screen: { cols: header.width, rows: header.height },
    issues,
  };
}

/**
 * The whole room: the model steps from change to change (a pane's output, a run
 * starting or ending, a layout change, a log entry), at most one frame per `frameMs`
 * of recording time, and each frame is what the compositor paints over the chrome —
 * only what changed, so the file holds the room's diffs, not screens.
 */
async function exportGrid(session: ReplaySession, options: ExportOptions): Promise<ExportResult> {
  const { model } = session;
  const mode = session.state?.layout.mode ?? 'grid';
  const screen = options.screen ?? inferScreenSize(model.manifest, mode) ?? { ...DEFAULT_SCREEN };
  const frameMs = options.frameMs ?? FRAME_MS;
  // The file plays: its timeline says so.
  const store = createReplayStore({ ...describeSession(session), screen, playing: true });
  const projector = new ReplayProjector(session, store);
  const compositor = new Compositor();
  const output = await CastOutput.create(options.out, {
    version: 2,
    width: screen.cols,
    height: screen.rows,
    timestamp: Math.floor(model.manifest.startedAt / 1000),
    title: `multibot-tui session ${session.id}`,
    env: { TERM: 'xterm-256color' },
  });
  const startedAt = model.manifest.startedAt;
  const logTimes = session.log.map((entry) => entry.at - startedAt);
  const markers = model.markers();
  let markerIndex = 0;
  let lastChrome: string | null = null;
  let at = 0;
  const duration = model.duration();

  const frame = async (ms: number, first: boolean): Promise<void> => {
    const changed = projector.project({ durationMs: duration });
    const state = store.getState();
    const layout = replayLayout(state);
    const chrome = plainChrome(state, layout);
    const body = compositor.compose({
      layout: layout.grid,
      chrome: chrome === lastChrome ? null : chrome,
      panes: first ? 'all' : new Set(changed),
      screenOf: (id) => projector.screen(id),
      cursorPane: null,
      occlusion: null,
    });
    lastChrome = chrome;
    const data = first ? CLEAR_SCREEN + moveTo(0, 0) + body : body;
    if (data !== '') await output.event(ms / 1000, 'o', data);
  };
  const markersUpTo = async (ms: number): Promise<void> => {
    for (
      let marker = markers[markerIndex];
      marker && marker.timeMs <= ms;
      marker = markers[++markerIndex]
    ) {
      await output.event(marker.timeMs / 1000, 'm', marker.label);
    }
  };

  try {
    await model.seek(0);
    await markersUpTo(0);
    await frame(0, true);
    for (;;) {
      const nextChange = await model.nextChangeMs();
      const nextLog = logTimes.find((time) => time > at);
      const nextMarker = markers[markerIndex]?.timeMs;
      const candidates = [nextChange, nextLog, nextMarker].filter(
        (time): time is number => time !== undefined && time !== null && time <= duration,
      );
      if (candidates.length === 0) break;
      // Always forward, and never faster than the frame rate.
      at = Math.max(Math.min(...candidates), at + frameMs);
      await model.advance(at);
      await markersUpTo(at);
      await frame(at, false);
    }
  } finally {
    projector.dispose();
    await output.close();
  }
  return {
    file: options.out,
    kind: 'grid',
    events: output.events,
    durationMs: duration,
    screen,
    issues: store.getState().issues,
  };
}

import { join } from 'node:path';
import { CastCursor } from '../recording/castReader.js';
import type { Manifest, PaneRecording } from '../recording/manifest.js';
import { IdleMap, type Span } from './idleMap.js';

interface RunScan {
  entry: PaneRecording;
  cursor: CastCursor | null;
  spans: Span[];
}

/**
 * Where the panes were busy, for `--idle-limit`: every cast is read once for its event
 * times (only times are kept, as spans of events closer than the limit), and read on
 * from where it stopped when a running session's casts grow.
 */
export class ActivityIndex {
  private readonly runs = new Map<string, RunScan>();

  constructor(
    private readonly dir: string,
    private readonly limitMs: number,
  ) {}

  /** Reads what was added since the last call (new runs included); the map of gaps now. */
  async update(manifest: Manifest): Promise<IdleMap> {
    for (const entry of manifest.panes) {
      let run = this.runs.get(entry.file);
      if (!run) {
        run = { entry, cursor: null, spans: [] };
        this.runs.set(entry.file, run);
        this.mark(run, entry.startMs);
        try {
          run.cursor = await CastCursor.open(join(this.dir, entry.file), { growing: true });
        } catch {
          // A missing or unreadable cast is reported by the model; it has no activity.
        }
      }
      await this.read(run);
      if (entry.endMs !== null) this.mark(run, entry.endMs);
    }
    return IdleMap.fromBusy(
      [...this.runs.values()].flatMap((run) => run.spans),
      this.limitMs,
    );
  }

  async close(): Promise<void> {
    const cursors = [...this.runs.values()].flatMap((run) => (run.cursor ? [run.cursor] : []));
    for (const run of this.runs.values()) run.cursor = null;
    await Promise.all(cursors.map((cursor) => cursor.close().catch(() => {})));
  }

  private async read(run: RunScan): Promise<void> {
    const cursor = run.cursor;
    if (!cursor) return;
    for (let events = await cursor.next(); events; events = await cursor.next()) {
      for (const event of events) {
        if (event.code === 'o' || event.code === 'r') {
          this.mark(run, run.entry.startMs + event.time * 1000);
        }
      }
    }
  }

  private mark(run: RunScan, ms: number): void {
    const last = run.spans[run.spans.length - 1];
    if (last && ms - last.end <= this.limitMs) last.end = Math.max(last.end, ms);
    else run.spans.push({ start: ms, end: ms });
  }
}

import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { systemClock, type Clock } from '../util/clock.js';
import { UserError } from '../util/errors.js';
import { Debounce } from './debounce.js';

export const MANIFEST_FILE = 'manifest.json';

/** All times are milliseconds on the session's clock: 0 is when recording started. */
const paneRecordingSchema = z.object({
  id: z.string().min(1),
  /** Cast and keyframe files, relative to the recordings folder. */
  file: z.string().min(1),
  keyframes: z.string().min(1),
  startMs: z.number().nonnegative(),
  /** Null while the pane runs (or when the control room died before saying). */
  endMs: z.number().nonnegative().nullable(),
  cols: z.number().int().positive(),
  rows: z.number().int().positive(),
  command: z.string().optional(),
  title: z.string().optional(),
});

const layoutEntrySchema = z.object({
  t: z.number().nonnegative(),
  /** Pane ids in tiling order. */
  panes: z.array(z.string()),
  focus: z.string().nullable(),
  zoom: z.string().nullable(),
});

const markerSchema = z.object({
  t: z.number().nonnegative(),
  label: z.string(),
  /** The panes it concerns; null for all of them. */
  panes: z.array(z.string()).nullable(),
});

export const manifestSchema = z.object({
  version: z.literal(1),
  /** Unix time (ms) of the session clock's 0. */
  startedAt: z.number(),
  recordInput: z.boolean(),
  /** One entry per pane run: a worker restarted later gets a second entry. */
  panes: z.array(paneRecordingSchema),
  layout: z.array(layoutEntrySchema),
  /** Also written into the casts ("m"); kept here so the player needs no full scan. */
  markers: z.array(markerSchema),
  /** Set when recording stopped early (a full disk); the files hold what came before. */
  stopped: z.object({ t: z.number(), reason: z.string() }).nullable(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type PaneRecording = z.infer<typeof paneRecordingSchema>;
export type LayoutEntry = z.infer<typeof layoutEntrySchema>;
export type ManifestMarker = z.infer<typeof markerSchema>;

export const emptyManifest = (startedAt: number, recordInput: boolean): Manifest => ({
  version: 1,
  startedAt,
  recordInput,
  panes: [],
  layout: [],
  markers: [],
  stopped: null,
});

/** The manifest of a recordings folder; null when there is none. */
export async function readManifest(dir: string): Promise<Manifest | null> {
  const file = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError(`${file} is not JSON; the recordings beside it can still be played.`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `${file} is not a recording manifest (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}).`,
    );
  }
  return parsed.data;
}

/** Writes beside and renames, so a reader (or a crash) never sees half a manifest. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
}

export interface ManifestSaverOptions {
  dir: string;
  manifest: Manifest;
  /** Quiet time after a change before saving, and the longest a change waits. */
  debounceMs?: number;
  maxWaitMs?: number;
  clock?: Clock;
  write?: (file: string, text: string) => Promise<void>;
  /** The first failed save; later saves are not attempted. */
  onError?: (error: Error) => void;
}

/** Saves the manifest on changes, debounced, one write at a time, atomically. */
export class ManifestSaver {
  readonly manifest: Manifest;
  private readonly file: string;
  private readonly debounce: Debounce;
  private readonly write: (file: string, text: string) => Promise<void>;
  private readonly onError: (error: Error) => void;
  private saving: Promise<void> | null = null;
  private failed = false;

  constructor(options: ManifestSaverOptions) {
    this.manifest = options.manifest;
    this.file = join(options.dir, MANIFEST_FILE);
    this.debounce = new Debounce({
      clock: options.clock ?? systemClock,
      debounceMs: options.debounceMs ?? 250,
      maxWaitMs: options.maxWaitMs ?? 1000,
      run: () => void this.save(),
    });
    this.write = options.write ?? writeFileAtomic;
    this.onError = options.onError ?? (() => {});
  }

  /** Call after changing `manifest`. */
  changed(): void {
    if (!this.failed) this.debounce.changed();
  }

  /** Saves now if anything changed, and waits for every save in flight. */
  async flush(): Promise<void> {
    if (this.debounce.pending) await this.save();
    while (this.saving) await this.saving;
  }

  /** Stops saving on changes; a last `flush` still writes. */
  dispose(): void {
    this.debounce.stop();
  }

  private async save(): Promise<void> {
    this.debounce.stop();
    while (this.saving) await this.saving;
    if (!this.debounce.pending || this.failed) return;
    this.debounce.done();
    // Compact: it is rewritten whole on every change, markers and layout included.
    const text = `${JSON.stringify(this.manifest)}\n`;
    this.saving = this.write(this.file, text)
      .catch((error: unknown) => {
        this.failed = true;
        this.onError(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => {
        this.saving = null;
      });
    await this.saving;
  }
}

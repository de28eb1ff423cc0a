import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseJsonLine } from './jsonLine.js';

/**
 * A serialized screen beside the cast, so the player can seek without replaying from
 * the start. One JSON line per keyframe in `<name>.keyframes.jsonl`.
 */
export const keyframeSchema = z.object({
  /** Time of the last event the screen includes (seconds, the cast's clock). */
  t: z.number().nonnegative(),
  /** Index of the next event in the cast: the first one not in the screen. */
  event: z.number().int().nonnegative(),
  /** Byte offset of that event's line in the cast. */
  offset: z.number().int().nonnegative(),
  cols: z.number().int().positive(),
  rows: z.number().int().positive(),
  /** Written to a fresh terminal of cols × rows, rebuilds the screen (headlessScreen.ts). */
  screen: z.string(),
});

export type Keyframe = z.infer<typeof keyframeSchema>;

/**
 * When to take one. Parsing is the cost of a seek (~9 MB/s of typical agent output
 * with @xterm/headless on a slow core), so keyframes are kept 512 K characters apart:
 * at most ~60 ms of parsing after restoring one, inside T5's 150 ms. The 10 s rule
 * gives slow panes keyframes too, so seeking never reads far into the file.
 */
export interface KeyframePolicy {
  everyChars: number;
  everySeconds: number;
}

export const DEFAULT_KEYFRAME_POLICY: KeyframePolicy = {
  everyChars: 512 * 1024,
  everySeconds: 10,
};

/** True when a keyframe is due after `chars` of output over `seconds` since the last one. */
export const keyframeDue = (policy: KeyframePolicy, chars: number, seconds: number): boolean =>
  chars >= policy.everyChars || (chars > 0 && seconds >= policy.everySeconds);

export const keyframeSidecarPath = (castFile: string): string =>
  `${castFile.replace(/\.cast$/, '')}.keyframes.jsonl`;

export const encodeKeyframeLine = (keyframe: Keyframe): string => `${JSON.stringify(keyframe)}\n`;

export interface KeyframeFile {
  keyframes: Keyframe[];
  /** Lines that were not keyframes (a crash mid-line, corruption), and the first one. */
  skipped: number;
  firstBadLine: number | null;
}

/**
 * Reads a sidecar. A missing file is no keyframes (seeking still works, only slower);
 * bad lines and keyframes out of order are skipped and counted.
 */
export async function readKeyframes(file: string): Promise<KeyframeFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { keyframes: [], skipped: 0, firstBadLine: null };
    }
    throw error;
  }
  const keyframes: Keyframe[] = [];
  let skipped = 0;
  let firstBadLine: number | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const keyframe = parseJsonLine(keyframeSchema, line);
    const last = keyframes[keyframes.length - 1];
    if (keyframe && (!last || (keyframe.offset > last.offset && keyframe.t >= last.t))) {
      keyframes.push(keyframe);
    } else {
      skipped += 1;
      firstBadLine ??= i + 1;
    }
  }
  return { keyframes, skipped, firstBadLine };
}

/** The last keyframe whose screen is complete at `seconds`, or null (start from the top). */
export function keyframeAt(keyframes: readonly Keyframe[], seconds: number): Keyframe | null {
  let low = 0;
  let high = keyframes.length - 1;
  let found: Keyframe | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const keyframe = keyframes[middle];
    if (keyframe && keyframe.t <= seconds) {
      found = keyframe;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** Adds a keyframe found while replaying, keeping the list ordered by offset. */
export function insertKeyframe(keyframes: Keyframe[], keyframe: Keyframe): void {
  let index = keyframes.length;
  while (index > 0 && (keyframes[index - 1]?.offset ?? 0) > keyframe.offset) index -= 1;
  if (keyframes[index - 1]?.offset === keyframe.offset) return;
  keyframes.splice(index, 0, keyframe);
}

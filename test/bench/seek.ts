/**
 * T5 (PERFORMANCE.md): replay seek to any point of a 100 MB recording ≤ 150 ms.
 *
 * Records ~sizeMb of agent-like output through the real SessionRecorder (live
 * keyframes included) into a temp dir, then seeks a fresh ReplayModel to random
 * points and reports the median and p95. Also reports what keyframes cost the
 * recorder: serializing a 200×50 screen with 5k lines of scrollback.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import serialize from '@xterm/addon-serialize';
import xtermHeadless from '@xterm/headless';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScreen, serializeScreen, writeParsed } from '../../src/recording/headlessScreen.js';
import { readKeyframes } from '../../src/recording/keyframes.js';
import { ReplayModel } from '../../src/recording/replayModel.js';
import { SessionRecorder } from '../../src/recording/sessionRecorder.js';
import type { Clock } from '../../src/util/clock.js';
import { fmt, fmtBytes, formatTable, median, percentile, prng } from './stats.js';

export interface SeekBenchOptions {
  /** Size of the recorded output (default 100). */
  sizeMb?: number;
  seeks?: number;
  cols?: number;
  rows?: number;
  seed?: number;
  /** Keep the recording (its folder is in the result) instead of deleting it. */
  keep?: boolean;
}

export interface SeekBenchResult {
  dir: string;
  castBytes: number;
  sidecarBytes: number;
  keyframes: number;
  recordMs: number;
  loadMs: number;
  firstSeekMs: number;
  seekMs: number[];
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** serializeScreen (visible + 100 lines) on a full 200×50 screen with 5k scrollback. */
  serializeMs: number;
  /** The addon serializing all 5k lines, for comparison: why keyframes take only 100. */
  serializeAllMs: number;
}

/** Agent-like output: coloured logs, spinners and Ink-style redraws, some plain text. */
function chunkMaker(seed: number): () => string {
  const next = prng(seed);
  let n = 0;
  return () => {
    n += 1;
    const kind = next();
    let out = '';
    if (kind < 0.5) {
      for (let i = 0; i < 20; i += 1) {
        const colour = 31 + Math.floor(next() * 7);
        out += `\x1b[${colour}m● \x1b[1mstep ${n}.${i}\x1b[22m\x1b[0m ${'reading src/module.ts and thinking '.repeat(1 + Math.floor(next() * 4))}\r\n`;
      }
    } else if (kind < 0.8) {
      out += '\x1b[4A';
      for (let i = 0; i < 4; i += 1) {
        out += `\x1b[2K\x1b[38;5;${Math.floor(next() * 255)}m⠋ task ${n} ${'▮'.repeat(Math.floor(next() * 60))}\x1b[0m\r\n`;
      }
    } else {
      for (let i = 0; i < 30; i += 1)
        out += `${'plain output line with some words '.repeat(4)}${n}\r\n`;
    }
    return out;
  };
}

export async function benchSeek(options: SeekBenchOptions = {}): Promise<SeekBenchResult> {
  const sizeBytes = (options.sizeMb ?? 100) * 1024 * 1024;
  const cols = options.cols ?? 200;
  const rows = options.rows ?? 50;
  const dir = mkdtempSync(join(tmpdir(), 'multibot-seek-'));
  try {
    // Simulated time: ~1 s of session per 64 KB of output.
    let now = 0;
    const clock: Clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
    const recorder = await SessionRecorder.open({ dir, clock, wallClock: () => 1_700_000_000_000 });
    recorder.startPane('w1', { cols, rows, command: 'claude' });
    const makeChunk = chunkMaker(options.seed ?? 1);
    const recordStart = performance.now();
    let written = 0;
    let sinceFlush = 0;
    while (written < sizeBytes) {
      const chunk = makeChunk();
      recorder.output('w1', chunk);
      written += chunk.length;
      sinceFlush += chunk.length;
      now += (chunk.length / 65536) * 1000;
      // The live pane's flow control paces a real pty; here the recorder's own
      // mirror sets the pace, as it would never be allowed to fall far behind.
      if (sinceFlush >= 1024 * 1024) {
        sinceFlush = 0;
        await recorder.flush();
      }
    }
    await recorder.flush();
    await recorder.close();
    const recordMs = performance.now() - recordStart;

    const loadStart = performance.now();
    const model = await ReplayModel.load(dir);
    const loadMs = performance.now() - loadStart;
    const duration = model.duration();
    const random = prng((options.seed ?? 1) + 1);
    const timeSeek = async (ms: number): Promise<number> => {
      const started = performance.now();
      const screen = await model.screenAt('w1', ms);
      const elapsed = performance.now() - started;
      screen?.dispose();
      return elapsed;
    };
    const firstSeekMs = await timeSeek(random() * duration);
    const seekMs: number[] = [];
    for (let i = 0; i < (options.seeks ?? 40); i += 1)
      seekMs.push(await timeSeek(random() * duration));
    model.dispose();

    const { serializeMs, serializeAllMs } = await measureSerialize(cols, rows);
    return {
      dir,
      castBytes: statSync(join(dir, 'w1.cast')).size,
      sidecarBytes: statSync(join(dir, 'w1.keyframes.jsonl')).size,
      keyframes: (await readKeyframes(join(dir, 'w1.keyframes.jsonl'))).keyframes.length,
      recordMs,
      loadMs,
      firstSeekMs,
      seekMs,
      medianMs: median(seekMs),
      p95Ms: percentile(seekMs, 95),
      maxMs: Math.max(...seekMs),
      serializeMs,
      serializeAllMs,
    };
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** Keyframe cost on the recorder's side, on a full screen with a 5k-line history. */
async function measureSerialize(
  cols: number,
  rows: number,
): Promise<{ serializeMs: number; serializeAllMs: number }> {
  const makeChunk = chunkMaker(99);
  const screen = createScreen(cols, rows);
  let text = '';
  while (text.split('\r\n').length < 6000) text += makeChunk();
  await writeParsed(screen, text);
  const rounds = 20;
  serializeScreen(screen);
  let started = performance.now();
  for (let i = 0; i < rounds; i += 1) serializeScreen(screen);
  const serializeMs = (performance.now() - started) / rounds;
  screen.dispose();

  // The same screen with the pane's full 5k lines, serialized whole by the addon.
  const full = new xtermHeadless.Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
  await writeParsed(full, text);
  const addon = new serialize.SerializeAddon();
  full.loadAddon(addon);
  addon.serialize();
  started = performance.now();
  for (let i = 0; i < 3; i += 1) addon.serialize();
  const serializeAllMs = (performance.now() - started) / 3;
  full.dispose();
  return { serializeMs, serializeAllMs };
}

export function formatSeekBench(result: SeekBenchResult): string {
  return formatTable([
    ['T5 seek', 'value'],
    ['recording (cast)', fmtBytes(result.castBytes)],
    ['keyframes (sidecar)', `${result.keyframes} (${fmtBytes(result.sidecarBytes)})`],
    ['recording time (ms)', fmt(result.recordMs, 0)],
    ['load (ms)', fmt(result.loadMs)],
    ['first seek (ms)', fmt(result.firstSeekMs)],
    ['seek median (ms)', fmt(result.medianMs)],
    ['seek p95 (ms)', fmt(result.p95Ms)],
    ['seek max (ms)', fmt(result.maxMs)],
    ['target (ms)', '150'],
    ['keyframe serialize 200×50 (ms)', fmt(result.serializeMs, 2)],
    ['  addon, all 5k lines (ms)', fmt(result.serializeAllMs, 1)],
  ]);
}

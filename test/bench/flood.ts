/**
 * The control room side of the benchmark: the flood file, T1 (flood
 * throughput), T3 (frame cost) and T2 (keystroke echo under a flood).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadlessControlRoom, type FrameTiming } from './controlRoom.js';
import { prng, sleep, withTimeout } from './stats.js';

export const SCREEN = { cols: 200, rows: 50 } as const;

/**
 * Keystrokes for the echo test: letters that the flood file never holds and no
 * escape sequence contains, each used once, so seeing one in the output means
 * that keystroke was drawn. Cyrillic А–Я then Greek Α–Ω (no U+03A2).
 */
export const ECHO_CHARS: readonly string[] = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCodePoint(0x410 + i)),
  ...Array.from({ length: 25 }, (_, i) => String.fromCodePoint(0x391 + i)).filter(
    (ch) => ch !== '\u03a2',
  ),
];

/** A new line is started every this many keystrokes, so the echo stays on screen. */
const ECHO_LINE_LENGTH = 16;

export interface FloodFile {
  path: string;
  bytes: number;
  /** Characters (UTF-16 units) a pane receives: the file plus the \r the pty adds to each \n. */
  expectedChars: number;
  lines: number;
}

const WORDS = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor'.split(
  ' ',
);

/**
 * A colourful log: SGR in 16, 256 and 24-bit colours, bold/underline, some
 * background runs and some CJK (two cells wide). ASCII, CJK and ESC only.
 */
export function generateFloodFile(dir: string, targetBytes: number): FloodFile {
  const random = prng(0x5eed);
  const pick = (n: number) => Math.floor(random() * n);
  const cjk = () => String.fromCodePoint(0x4e00 + pick(0x5000));
  const parts: string[] = [];
  let bytes = 0;
  let lines = 0;
  let chars = 0;
  while (bytes < targetBytes) {
    let line = `${String(lines).padStart(7, '0')} `;
    const segments = 3 + pick(10);
    for (let s = 0; s < segments; s++) {
      const style = pick(6);
      if (style === 0) line += `\x1b[${30 + pick(8) + (pick(2) ? 60 : 0)}m`;
      else if (style === 1) line += `\x1b[38;5;${pick(256)}m`;
      else if (style === 2) line += `\x1b[38;2;${pick(256)};${pick(256)};${pick(256)}m`;
      else if (style === 3) line += `\x1b[1;48;5;${pick(256)}m`;
      else if (style === 4) line += `\x1b[4;48;2;${pick(256)};${pick(256)};${pick(256)}m`;
      else line += '\x1b[0m';
      const words = 1 + pick(4);
      for (let w = 0; w < words; w++) {
        if (pick(8) === 0) {
          const n = 1 + pick(6);
          for (let c = 0; c < n; c++) line += cjk();
        } else {
          line += WORDS[pick(WORDS.length)] ?? 'x';
        }
        line += ' ';
      }
    }
    line += '\x1b[0m\n';
    parts.push(line);
    bytes += Buffer.byteLength(line, 'utf8');
    chars += line.length;
    lines++;
  }
  const path = join(dir, `flood-${targetBytes}.log`);
  writeFileSync(path, parts.join(''));
  return { path, bytes, expectedChars: chars + lines, lines };
}

export const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

export interface OursFloodResult {
  wallMs: number;
  cpuMs: number;
  totalBytes: number;
  /**
   * Per pane: characters parsed minus characters expected. 0 = all there; < 0 = lost;
   * > 0 = extra, e.g. a multi-byte character decoded as two or three U+FFFD.
   */
  charDiffs: number[];
  sinkBytes: number;
  frames: FrameTiming[];
  /** Ink RenderMetrics during the flood. */
  inkRenderMsDuringFlood: number[];
  /** Store change → Ink chrome frame written, per focus change after the flood. */
  chromeCycleMs: number[];
  /** Ink RenderMetrics.renderTime for those focus changes. */
  chromeRenderMs: number[];
  paneSizes: string;
}

/**
 * T1 and T3: `panes` workers each `cat` the file at once; timed from the first
 * spawn until every worker exited and every character it sent was parsed.
 * Then T3's chrome figure: `toggles` focus changes on the settled room.
 */
export async function runOursFlood(options: {
  file: FloodFile;
  panes: number;
  cwd: string;
  toggles: number;
  timeoutMs: number;
}): Promise<OursFloodResult> {
  const { file, panes } = options;
  const room = new HeadlessControlRoom(SCREEN);
  try {
    const command = `cat ${shellQuote(file.path)}`;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 1; i <= panes; i++) room.addShellWorker(`w${i}`, command, options.cwd);
    room.start();
    const ids = room.workerIds();
    await withTimeout(room.allExited(), options.timeoutMs, 'flood workers to exit');
    await Promise.all(ids.map((id) => room.screen(id).flushed()));
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const charDiffs = ids.map((id) => room.screen(id).parsed - file.expectedChars);
    const frames = [...room.frames];
    const inkRenderMsDuringFlood = [...room.inkRenderMs];
    const sinkBytes = room.sinkBytes;
    const paneSizes = room.paneSizes();

    // Chrome cost: change the focus, wait for Ink's frame.
    await sleep(100);
    room.inkRenderMs.length = 0;
    const chromeCycleMs: number[] = [];
    for (let i = 0; i < options.toggles; i++) {
      const target = ids[(i + 1) % ids.length] ?? 'w1';
      const seen = room.chromeFrames;
      const started = performance.now();
      room.engine.execute({ type: 'focus.set', target });
      await withTimeout(room.chromeFrameAfter(seen), 5000, 'Ink chrome frame');
      chromeCycleMs.push(performance.now() - started);
      // Let the Renderer paint the frame before the next change.
      await sleep(2);
    }
    return {
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      totalBytes: file.bytes * panes,
      charDiffs,
      sinkBytes,
      frames,
      inkRenderMsDuringFlood,
      chromeCycleMs,
      chromeRenderMs: [...room.inkRenderMs],
      paneSizes,
    };
  } finally {
    await room.dispose();
  }
}

export interface EchoResult {
  latenciesMs: number[];
  misses: number;
}

/**
 * T2: `panes` workers `cat` the file in a loop while one more pane, focused and
 * in INSERT mode, runs `cat`; each keystroke goes in through the InputController
 * (as the host's stdin would) and is timed until a frame written by the
 * Renderer holds it.
 */
export async function runOursEcho(options: {
  file: FloodFile;
  panes: number;
  cwd: string;
  keystrokes: number;
  warmupMs: number;
}): Promise<EchoResult> {
  const room = new HeadlessControlRoom(SCREEN);
  try {
    const flood = `while :; do cat ${shellQuote(options.file.path)}; done`;
    for (let i = 1; i <= options.panes; i++) room.addShellWorker(`w${i}`, flood, options.cwd);
    const echoId = `w${options.panes + 1}`;
    room.addShellWorker(echoId, 'exec cat', options.cwd);
    room.start();
    room.engine.execute({ type: 'focus.set', target: echoId });
    room.engine.execute({ type: 'mode.set', mode: 'insert' });
    await sleep(options.warmupMs);
    return await typeAndTime({
      keystrokes: options.keystrokes,
      send: (data) => room.input.feed(data),
      watch: (listener) => {
        room.onWrite = listener;
      },
    });
  } finally {
    await room.dispose();
  }
}

/** Types ECHO_CHARS one by one and times each until the watched output holds it. */
export async function typeAndTime(options: {
  keystrokes: number;
  send: (data: string) => void;
  watch: (listener: ((data: string) => void) | null) => void;
}): Promise<EchoResult> {
  const random = prng(42);
  const latenciesMs: number[] = [];
  let misses = 0;
  const count = Math.min(options.keystrokes, ECHO_CHARS.length);
  try {
    for (let k = 0; k < count; k++) {
      if (k > 0 && k % ECHO_LINE_LENGTH === 0) {
        options.send('\r');
        await sleep(50);
      }
      await sleep(20 + random() * 20);
      const ch = ECHO_CHARS[k] ?? 'Ж';
      let started = 0;
      const seen = new Promise<number>((resolve) => {
        options.watch((data) => {
          if (data.includes(ch)) resolve(performance.now() - started);
        });
      });
      started = performance.now();
      options.send(ch);
      try {
        latenciesMs.push(await withTimeout(seen, 2000, `echo of keystroke ${k}`));
      } catch {
        misses++;
      }
      options.watch(null);
    }
  } finally {
    options.watch(null);
  }
  return { latenciesMs, misses };
}

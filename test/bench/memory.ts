/**
 * T4 (PERFORMANCE.md): ≤ 25 MB RSS per worker pane (5k lines of scrollback) at
 * 32 panes, against tmux holding the same panes.
 *
 * Ours: a child process (memoryChild.ts, so the RSS is the control room's own)
 * runs HeadlessControlRoom; its RSS after a forced GC with the panes full,
 * minus its RSS before any worker, over the pane count. tmux: a server whose
 * windows are sized like our panes and show the same file, RSS minus the same
 * server's RSS before those windows, over the pane count. Neither counts the
 * workers' own processes (the shells and `sleep`s in the ptys).
 */
import { execFile, execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { EmulationThread } from '../../src/terminal/screenFactory.js';
import { onCleanup } from './cleanup.js';
import { summarizeSizes } from './controlRoom.js';
import { SCREEN, generateFloodFile, shellQuote, type FloodFile } from './flood.js';
import { fmt, fmtRatio, formatTable, median, sleep, withTimeout } from './stats.js';
import { tmuxEnv } from './tmuxPeer.js';

const execFileAsync = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./memoryChild.ts', import.meta.url));

export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  /** C++ objects bound to JS plus ArrayBuffers (xterm keeps its cells in typed arrays). */
  external: number;
  /** The high-water mark of the RSS so far (VmHWM). */
  peakRss: number;
}

export interface MemoryChildInput {
  cols: number;
  rows: number;
  panes: number;
  scrollback: number;
  /** The file each worker `cat`s, and the characters a pane receives from it. */
  file: string;
  expectedChars: number;
  /** The workers start writing once this file exists. */
  goFile: string;
  cwd: string;
  timeoutMs: number;
}

export interface MemoryChildOutput {
  baseline: MemorySnapshot;
  loaded: MemorySnapshot;
  /** Interior cols × rows of each worker pane. */
  paneSizes: [number, number][];
  /** Lines of history each pane holds. */
  scrollback: number[];
  /** Characters parsed minus expected, per pane. */
  charDiffs: number[];
  /** Where the emulators ran (MULTIBOT_EMULATION). */
  emulation: EmulationThread;
}

export interface TmuxMemoryRound {
  baselineRss: number;
  loadedRss: number;
  peakRss: number;
  paneSizes: [number, number][];
  history: number[];
}

export interface MemoryBenchOptions {
  rounds?: number;
  panes?: number;
  cols?: number;
  rows?: number;
  scrollback?: number;
  /** Also measure tmux (default true). */
  tmux?: boolean;
  timeoutMs?: number;
}

export interface MemoryBenchResult {
  panes: number;
  cols: number;
  rows: number;
  scrollback: number;
  file: FloodFile;
  ours: MemoryChildOutput[];
  tmux: TmuxMemoryRound[] | null;
}

/** A `Vm…:` field of /proc/<pid>/status in bytes; NaN when unreadable. */
export function procStatusBytes(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

export async function benchMemory(options: MemoryBenchOptions = {}): Promise<MemoryBenchResult> {
  const panes = options.panes ?? 32;
  const cols = options.cols ?? SCREEN.cols;
  const rows = options.rows ?? SCREEN.rows;
  const scrollback = options.scrollback ?? 5000;
  const timeoutMs = options.timeoutMs ?? 180_000;
  const dir = mkdtempSync(join(os.tmpdir(), 'mb-bench-memory-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const unregister = onCleanup(removeDir);
  try {
    // Enough lines to fill the history even if none of them wrapped.
    const file = floodFileOfLines(dir, scrollback + rows + 200);
    const ours: MemoryChildOutput[] = [];
    const tmux: TmuxMemoryRound[] = [];
    for (let round = 0; round < (options.rounds ?? 3); round++) {
      const sample = await runChild({
        cols,
        rows,
        panes,
        scrollback,
        file: file.path,
        expectedChars: file.expectedChars,
        goFile: join(dir, `go-${round}`),
        cwd: dir,
        timeoutMs,
      });
      ours.push(sample);
      if (options.tmux ?? true) {
        tmux.push(await runTmux({ file, sizes: sample.paneSizes, scrollback, timeoutMs }));
      }
    }
    return {
      panes,
      cols,
      rows,
      scrollback,
      file,
      ours,
      tmux: (options.tmux ?? true) ? tmux : null,
    };
  } finally {
    unregister();
    removeDir();
  }
}

/** generateFloodFile sized by bytes; its output is deterministic, so scaling up converges. */
function floodFileOfLines(dir: string, lines: number): FloodFile {
  const probe = generateFloodFile(dir, 100_000);
  let bytes = Math.ceil((probe.bytes / probe.lines) * lines * 1.02);
  for (;;) {
    const file = generateFloodFile(dir, bytes);
    if (file.lines >= lines) return file;
    bytes = Math.ceil(bytes * 1.1);
  }
}

function runChild(input: MemoryChildInput): Promise<MemoryChildOutput> {
  const child = fork(CHILD, [JSON.stringify(input)], {
    cwd: REPO_ROOT,
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The child ends its workers on SIGTERM (cleanup.ts); SIGKILL would orphan them.
  const unregister = onCleanup(() => child.kill('SIGTERM'));
  return new Promise((resolve, reject) => {
    let message: MemoryChildOutput | { error: string } | null = null;
    const timer = setTimeout(() => child.kill('SIGTERM'), input.timeoutMs + 30_000);
    child.on('message', (data) => {
      message = data as MemoryChildOutput | { error: string };
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      unregister();
      const result = message as MemoryChildOutput | { error: string } | null;
      if (result === null) {
        reject(new Error(`memory child exited (${signal ?? code}) without a result`));
      } else if ('error' in result) {
        reject(new Error(`memory child: ${result.error}`));
      } else {
        resolve(result);
      }
    });
  });
}

let serial = 0;

/**
 * The tmux peer: a detached server (no client: nothing is drawn, as nothing has
 * to be kept for drawing), one window per pane sized like ours, each `cat`ting
 * the file and then staying alive.
 */
async function runTmux(options: {
  file: FloodFile;
  sizes: readonly (readonly [number, number])[];
  scrollback: number;
  timeoutMs: number;
}): Promise<TmuxMemoryRound> {
  const socket = `mbmem-${process.pid}-${++serial}`;
  const env = tmuxEnv();
  const tmux = async (...args: string[]) =>
    (await execFileAsync('tmux', ['-L', socket, ...args], { env, encoding: 'utf8' })).stdout;
  let socketPath: string | null = null;
  const waiters: ReturnType<typeof spawn>[] = [];
  const kill = () => {
    for (const waiter of waiters) waiter.kill('SIGKILL');
    try {
      execFileSync('tmux', ['-L', socket, 'kill-server'], { env, stdio: 'ignore' });
    } catch {
      // No server left.
    }
    if (socketPath) rmSync(socketPath, { force: true });
  };
  const unregister = onCleanup(kill);
  const idle = `exec sleep ${Math.ceil(options.timeoutMs / 1000) + 60}`;
  try {
    await execFileAsync(
      'tmux',
      [
        ...['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'mem'],
        ...['-x', String(SCREEN.cols), '-y', String(SCREEN.rows), idle],
      ],
      { env },
    );
    const [pid, path] = (await tmux('display-message', '-p', '#{pid} #{socket_path}'))
      .trim()
      .split(' ');
    socketPath = path ?? null;
    const serverPid = Number(pid);
    await tmux(
      ...['set-option', '-g', 'default-shell', '/bin/sh', ';'],
      ...['set-option', '-g', 'history-limit', String(options.scrollback), ';'],
      ...['set-option', '-g', 'remain-on-exit', 'on'],
    );
    await sleep(300);
    const baselineRss = procStatusBytes(serverPid, 'VmRSS');

    const windows: { window: string; pane: string }[] = [];
    for (let i = 0; i < options.sizes.length; i++) {
      const [window = '', pane = ''] = (
        await tmux('new-window', '-d', '-t', 'mem:', '-P', '-F', '#{window_id} #{pane_id}', idle)
      )
        .trim()
        .split(' ');
      windows.push({ window, pane });
    }
    // Sized before anything is written, so that nothing is reflowed.
    await tmux(
      ...windows.flatMap(({ window }, i) => {
        const [cols = 80, rows = 24] = options.sizes[i] ?? [];
        return [
          ...(i ? [';'] : []),
          'resize-window',
          '-t',
          window,
          '-x',
          `${cols}`,
          '-y',
          `${rows}`,
        ];
      }),
    );
    const exits = windows.map((_, i) => {
      const waiter = spawn('tmux', ['-L', socket, 'wait-for', `mem-${i}`], {
        env,
        stdio: 'ignore',
      });
      waiters.push(waiter);
      return new Promise<void>((resolve, reject) => {
        waiter.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`tmux wait-for mem-${i} exited ${code}`)),
        );
        waiter.on('error', reject);
      });
    });
    // The waiters must be registered before any pane can signal.
    await sleep(150);
    const file = shellQuote(options.file.path);
    await tmux(
      ...windows.flatMap(({ pane }, i) => [
        ...(i ? [';'] : []),
        ...['respawn-pane', '-k', '-t', pane],
        `cat ${file}; tmux -L ${socket} wait-for -S mem-${i}; ${idle}`,
      ]),
    );
    await withTimeout(Promise.all(exits), options.timeoutMs, 'tmux panes to show the file');
    await sleep(300);
    const ours = new Set(windows.map(({ pane }) => pane));
    const listing = (
      await tmux(
        'list-panes',
        '-a',
        '-F',
        '#{pane_id} #{pane_width} #{pane_height} #{history_size}',
      )
    )
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([pane]) => ours.has(pane ?? ''));
    return {
      baselineRss,
      loadedRss: procStatusBytes(serverPid, 'VmRSS'),
      peakRss: procStatusBytes(serverPid, 'VmHWM'),
      paneSizes: listing.map(([, cols, rows]) => [Number(cols), Number(rows)]),
      history: listing.map(([, , , history]) => Number(history)),
    };
  } finally {
    kill();
    unregister();
  }
}

const MB = 1e6;

export function formatMemoryBench(result: MemoryBenchResult): string {
  const { ours, tmux, panes } = result;
  const mid = (values: number[]) => (values.length ? median(values) : null);
  const oursOf = (f: (r: MemoryChildOutput) => number) => mid(ours.map(f));
  const peerOf = (f: (r: TmuxMemoryRound) => number) => (tmux ? mid(tmux.map(f)) : null);
  const mb = (value: number | null, decimals = 1) =>
    fmt(value === null ? null : value / MB, decimals);
  /** A row in MB: ours, tmux, the ratio when both are there. */
  const row = (label: string, value: number | null, peer: number | null, target = '') => [
    `  ${label}, MB`,
    mb(value, 2),
    mb(peer, 2),
    fmtRatio(value, peer),
    target,
  ];
  const perPane = oursOf((r) => (r.loaded.rss - r.baseline.rss) / panes);
  const peerPerPane = peerOf((r) => (r.loadedRss - r.baselineRss) / panes);
  const verdict = perPane === null ? '' : perPane <= 25 * MB ? ' ✔' : ' ✘';
  const range = (values: number[]) =>
    values.length ? `${Math.min(...values)}–${Math.max(...values)}` : '—';
  const offPanes = ours.reduce((n, r) => n + r.charDiffs.filter((diff) => diff !== 0).length, 0);
  const rounds = `${ours.length} round${ours.length === 1 ? '' : 's'}`;
  const table = formatTable([
    [`figure (median of ${rounds})`, 'ours', 'tmux', 'ours/tmux', 'target'],
    row('RSS per pane', perPane, peerPerPane, `≤ 25${verdict}`),
    row(
      'RSS before the panes (baseline)',
      oursOf((r) => r.baseline.rss),
      peerOf((r) => r.baselineRss),
    ),
    row(
      'RSS with the panes full',
      oursOf((r) => r.loaded.rss),
      peerOf((r) => r.loadedRss),
    ),
    row(
      'peak RSS (VmHWM, during the flood)',
      oursOf((r) => r.loaded.peakRss),
      peerOf((r) => r.peakRss),
    ),
    row(
      'V8 heap per pane',
      oursOf((r) => (r.loaded.heapUsed - r.baseline.heapUsed) / panes),
      null,
    ),
    row(
      'external + ArrayBuffers per pane',
      oursOf((r) => (r.loaded.external - r.baseline.external) / panes),
      null,
    ),
    [
      '  lines of history per pane, min–max (all rounds)',
      range(ours.flatMap((r) => r.scrollback)),
      tmux ? range(tmux.flatMap((r) => r.history)) : '—',
      '',
      `${result.scrollback}`,
    ],
    ['  panes whose character count is off (all rounds)', fmt(offPanes, 0), '—', '', '0'],
  ]);
  const sizes = (r: { paneSizes: [number, number][] } | undefined) =>
    r ? summarizeSizes(r.paneSizes) : '—';
  const thread =
    ours[0]?.emulation === 'worker'
      ? 'a worker thread (whose heap gc() does not collect)'
      : 'the main thread';
  return (
    table +
    `pane interiors: ours ${sizes(ours.at(-1))}; tmux ${tmux ? sizes(tmux.at(-1)) : '—'} ` +
    `(${panes} panes on a ${result.cols}×${result.rows} screen)\n` +
    `each pane shows the flood file: ${result.file.lines} lines, ` +
    `${fmt(result.file.bytes / MB, 2)} MB; our emulators run on ${thread}\n` +
    'baseline, ours: node + the tsx loader + every module loaded + the control room (engine,\n' +
    '  renderer, Ink chrome with the master pane) started with no worker, after 3× gc();\n' +
    `  tmux: the same server with its first window (one pane), before the ${panes} windows.\n` +
    "not counted, either side: the workers' own processes (sh, cat, sleep), the kernel's pty\n" +
    '  buffers. tmux runs detached (no client); ours draws into a counting sink and has no\n' +
    '  session recorder. MB = 10^6 bytes; ratios are ours/tmux (lower is better).\n'
  );
}

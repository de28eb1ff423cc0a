/**
 * T6 (PERFORMANCE.md): first frame ≤ 400 ms after launch, the agents' own
 * start excluded; against tmux starting a session in the same run.
 *
 * Ours: the built CLI (bin/multibot-tui.js) with two `sleep 30` workers, in a
 * fresh temp repository and home, in a real pty; timed from spawn to the end
 * (`CSI ? 2026 l`) of the first synchronized frame holding the chrome's title,
 * then quit with `q` `y`. tmux: `new-session` with two `sleep 30` panes,
 * attached in a pty of the same size, timed until its first draw holds the
 * status line and the pane border. Launches alternate; one untimed launch of
 * each goes first (file cache, JIT of nothing but the loader).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import xtermHeadless from '@xterm/headless';
import type * as NodePty from 'node-pty';
import { MASTER_TITLE } from '../../components/MasterPane.js';
import { END_SYNC } from '../../src/render/ansi.js';
import { emulationFromEnv, type EmulationThread } from '../../src/terminal/screenFactory.js';
import { createTempRepo } from '../helpers/tempRepo.js';
import { onCleanup } from './cleanup.js';
import { fmt, fmtRatio, formatTable, median } from './stats.js';
import { tmuxEnv } from './tmuxPeer.js';

const nodePty = createRequire(import.meta.url)('node-pty') as typeof NodePty;
const { Terminal } = xtermHeadless;

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO_ROOT, 'bin', 'multibot-tui.js');
/** What bin/multibot-tui.js runs: the bundle `npm run build` makes. */
const DIST_CLI = join(REPO_ROOT, 'dist', 'bundle', 'main.js');
const ALT_SCREEN = '\x1b[?1049h';
const WORKER = 'sleep 30';

export interface LaunchTiming {
  /** Spawn → the first byte of output. */
  firstByteMs: number;
  /** Spawn → the alternate screen is entered (the control room owns the terminal). */
  altScreenMs: number;
  /** Spawn → the first complete frame. */
  frameMs: number;
}

export interface StartupBenchOptions {
  launches?: number;
  cols?: number;
  rows?: number;
  /** Also launch tmux (default true). */
  tmux?: boolean;
  timeoutMs?: number;
}

export interface StartupBenchResult {
  cols: number;
  rows: number;
  ours: LaunchTiming[];
  tmux: LaunchTiming[] | null;
  /** Set when dist/ is older than a source file: the figures are of an older build. */
  staleBuild: string | null;
  /** Where the CLI ran its emulators (MULTIBOT_EMULATION, passed down). */
  emulation: EmulationThread;
}

export async function benchStartup(options: StartupBenchOptions = {}): Promise<StartupBenchResult> {
  const staleBuild = checkBuild();
  const cols = options.cols ?? 200;
  const rows = options.rows ?? 50;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const withTmux = options.tmux ?? true;
  const launch = { cols, rows, timeoutMs };
  await launchOurs(launch);
  if (withTmux) await launchTmux(launch);
  const ours: LaunchTiming[] = [];
  const tmux: LaunchTiming[] = [];
  for (let i = 0; i < (options.launches ?? 7); i++) {
    // Alternating, so that a burst of load elsewhere is not all on one side.
    if (withTmux && i % 2 === 1) tmux.push(await launchTmux(launch));
    ours.push(await launchOurs(launch));
    if (withTmux && i % 2 === 0) tmux.push(await launchTmux(launch));
  }
  const emulation = emulationFromEnv(process.env);
  return { cols, rows, ours, tmux: withTmux ? tmux : null, staleBuild, emulation };
}

/** Throws when there is no build; describes a build older than the sources. */
function checkBuild(): string | null {
  if (!existsSync(DIST_CLI)) {
    throw new Error(
      `T6 start launches the built CLI, and ${DIST_CLI} is missing: run \`npm run build\` ` +
        '(`npm run bench` builds first), or skip T6 with --no-start.',
    );
  }
  const built = statSync(DIST_CLI).mtimeMs;
  let newest = { path: '', mtimeMs: 0 };
  for (const dir of ['src', 'components']) {
    for (const name of readdirSync(join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(name)) continue;
      const path = join(dir, name);
      const { mtimeMs } = statSync(join(REPO_ROOT, path));
      if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
    }
  }
  return newest.mtimeMs > built
    ? `dist/ is older than ${newest.path}: these figures are of an older build (npm run build)`
    : null;
}

interface LaunchOptions {
  cols: number;
  rows: number;
  timeoutMs: number;
}

/** Times one launch; `done` decides, after each chunk, whether the first frame is there. */
function timeLaunch(
  term: NodePty.IPty,
  t0: number,
  timeoutMs: number,
  done: (chunk: string, output: string) => boolean | Promise<boolean>,
): Promise<LaunchTiming> {
  let output = '';
  let firstByteMs = NaN;
  let altScreenMs = NaN;
  let exitCode: number | null = null;
  return new Promise<LaunchTiming>((resolve, reject) => {
    const timer = setTimeout(() => fail('no first frame'), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${why} after ${Math.round(performance.now() - t0)} ms` +
            (exitCode === null ? '' : ` (exited ${exitCode})`) +
            `; its last output: ${JSON.stringify(output.slice(-400))}`,
        ),
      );
    };
    let settled = false;
    term.onExit(({ exitCode: code }) => {
      exitCode = code;
      if (!settled) fail('exited before its first frame');
    });
    term.onData((chunk) => {
      if (settled) return;
      const now = performance.now() - t0;
      output += chunk;
      if (Number.isNaN(firstByteMs)) firstByteMs = now;
      if (Number.isNaN(altScreenMs) && output.includes(ALT_SCREEN)) altScreenMs = now;
      void Promise.resolve(done(chunk, output)).then((complete) => {
        if (!complete || settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ firstByteMs, altScreenMs, frameMs: now });
      }, reject);
    });
  });
}

/** Resolves when the process has exited, killing it after `ms`. */
function exitWithin(term: NodePty.IPty, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        term.kill('SIGKILL');
      } catch {
        // Already gone.
      }
      resolve();
    }, ms);
    term.onExit(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function launchOurs({ cols, rows, timeoutMs }: LaunchOptions): Promise<LaunchTiming> {
  const repo = createTempRepo();
  const unregister = onCleanup(() => repo.cleanup());
  const t0 = performance.now();
  const term = nodePty.spawn(
    process.execPath,
    [CLI, '--worker', `a=${WORKER}`, '--worker', `b=${WORKER}`],
    {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: repo.root,
      env: {
        ...process.env,
        TERM: 'xterm-256color',
        MULTIBOT_HOME: repo.home,
        // No user config from the machine running the bench.
        XDG_CONFIG_HOME: join(repo.home, 'xdg-config'),
      },
    },
  );
  const killed = onCleanup(() => term.kill('SIGKILL'));
  const exited = exitWithin(term, timeoutMs + 10_000);
  try {
    return await timeLaunch(term, t0, timeoutMs, (_, output) => {
      const title = output.indexOf(MASTER_TITLE, output.indexOf(ALT_SCREEN));
      return output.includes(ALT_SCREEN) && title >= 0 && output.includes(END_SYNC, title);
    });
  } finally {
    await quit(term);
    await exited;
    killed();
    repo.cleanup();
    unregister();
  }
}

/** `q`, then `y` once the confirmation is drawn (or after a second), as a person quits. */
async function quit(term: NodePty.IPty): Promise<void> {
  let frames = 0;
  const listener = term.onData((chunk) => {
    if (chunk.includes(END_SYNC)) frames++;
  });
  try {
    term.write('q');
    const deadline = performance.now() + 1000;
    while (frames === 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    term.write('y');
  } catch {
    // It has already exited.
  } finally {
    listener.dispose();
  }
}

let serial = 0;

async function launchTmux({ cols, rows, timeoutMs }: LaunchOptions): Promise<LaunchTiming> {
  const socket = `mbstart-${process.pid}-${++serial}`;
  const session = 'mbstart';
  const env = tmuxEnv();
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', socket, ...args], { env, encoding: 'utf8', stdio: 'pipe' });
  let socketPath: string | null = null;
  const killServer = () => {
    try {
      socketPath ??= tmux('display-message', '-p', '#{socket_path}').trim();
      tmux('kill-server');
    } catch {
      // No server left.
    }
    if (socketPath) rmSync(socketPath, { force: true });
  };
  const unregister = onCleanup(killServer);
  const screen = new Terminal({ cols, rows, allowProposedApi: true });
  const t0 = performance.now();
  const term = nodePty.spawn(
    'tmux',
    [
      ...['-L', socket, '-f', '/dev/null', 'new-session', '-s', session],
      ...['-x', String(cols), '-y', String(rows), WORKER, ';', 'split-window', '-h', WORKER],
    ],
    { name: 'xterm-256color', cols, rows, cwd: REPO_ROOT, env },
  );
  const exited = exitWithin(term, timeoutMs + 10_000);
  // Its first draw: the status line and the border between the two panes.
  const drawn = () => {
    const buffer = screen.buffer.active;
    const text = (y: number) => buffer.getLine(y)?.translateToString(true) ?? '';
    return text(rows - 1).includes(`[${session}]`) && text(0).includes('│');
  };
  try {
    return await timeLaunch(
      term,
      t0,
      timeoutMs,
      (chunk) => new Promise((resolve) => screen.write(chunk, () => resolve(drawn()))),
    );
  } finally {
    killServer();
    await exited;
    unregister();
    screen.dispose();
  }
}

export function formatStartupBench(result: StartupBenchResult): string {
  const { ours, tmux } = result;
  const mid = (values: number[]) => (values.length ? median(values) : null);
  const oursOf = (f: (t: LaunchTiming) => number) => mid(ours.map(f));
  const peerOf = (f: (t: LaunchTiming) => number) => (tmux ? mid(tmux.map(f)) : null);
  const frame = oursOf((t) => t.frameMs);
  const spread = (values: readonly LaunchTiming[] | null) => {
    const frames = values?.map((t) => t.frameMs) ?? [];
    return frames.length ? `${fmt(Math.min(...frames), 0)}–${fmt(Math.max(...frames), 0)}` : '—';
  };
  const verdict = frame === null ? '' : frame <= 400 ? ' ✔' : ' ✘';
  const row = (label: string, f: (t: LaunchTiming) => number, target = '') => [
    label,
    fmt(oursOf(f), 0),
    fmt(peerOf(f), 0),
    fmtRatio(oursOf(f), peerOf(f)),
    target,
  ];
  const launches = `${ours.length} launch${ours.length === 1 ? '' : 'es'}`;
  return (
    formatTable([
      [`figure (median of ${launches} each)`, 'ours', 'tmux', 'ours/tmux', 'target'],
      row('  spawn → first output, ms', (t) => t.firstByteMs),
      row('  spawn → alternate screen entered, ms', (t) => t.altScreenMs),
      row('  spawn → first complete frame, ms', (t) => t.frameMs, `≤ 400${verdict}`),
      ['  first complete frame, min–max, ms', spread(ours), spread(tmux), '', ''],
    ]) +
    `${result.cols}×${result.rows} pty. ours: \`multibot-tui --worker a='${WORKER}' --worker b='${WORKER}'\`\n` +
    `  in a new temp repository (two worktrees made before the first frame), emulation on the\n` +
    `  ${result.emulation} thread; tmux: \`new-session '${WORKER}' ; split-window -h '${WORKER}'\`,\n` +
    '  the server started by that client. One untimed launch of each first.\n' +
    (result.staleBuild ? `WARNING: ${result.staleBuild}\n` : '')
  );
}

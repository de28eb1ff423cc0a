/**
 * The peer: tmux doing the same job — N emulated terminals drawn into one
 * 200×50 terminal by a client attached inside a real pty whose output the
 * bench drains (the "client drawing").
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type * as NodePty from 'node-pty';
import { onCleanup } from './cleanup.js';
import { summarizeSizes } from './controlRoom.js';
import { SCREEN, shellQuote, typeAndTime, type EchoResult, type FloodFile } from './flood.js';
import { sleep, withTimeout } from './stats.js';

const execFileAsync = promisify(execFile);
const nodePty = createRequire(import.meta.url)('node-pty') as typeof NodePty;

/** The version line of tmux, or null when it is not installed. */
export function tmuxVersion(): string | null {
  try {
    return execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

let clockTicks: number | null = null;
function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU of a process in ms, from /proc/<pid>/stat (0 when it is gone). */
function cpuMsOf(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text
      .slice(text.lastIndexOf(')') + 2)
      .trim()
      .split(' ');
    // Fields from "state" (3rd): utime is the 14th, stime the 15th.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / ticksPerSecond();
  } catch {
    return 0;
  }
}

export function tmuxEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'TMUX' && key !== 'TMUX_PANE') env[key] = value;
  }
  env.TERM = 'xterm-256color';
  env.LANG = 'C.UTF-8';
  env.LC_ALL = 'C.UTF-8';
  return env;
}

let serial = 0;

/** One tmux server on its own socket, with a client attached in a pty. */
class TmuxSession {
  readonly socket = `mbbench-${process.pid}-${++serial}`;
  readonly env = tmuxEnv();
  private client: NodePty.IPty | null = null;
  private clientExited: Promise<void> = Promise.resolve();
  clientBytes = 0;
  serverPid = 0;
  private socketPath: string | null = null;
  paneIds: string[] = [];
  private readonly unregisterCleanup: () => void;
  onClientData: ((data: string) => void) | null = null;

  constructor() {
    this.unregisterCleanup = onCleanup(() => this.killSync());
  }

  async tmux(...args: string[]): Promise<string> {
    const { stdout } = await execFileAsync('tmux', ['-L', this.socket, ...args], {
      env: this.env,
      encoding: 'utf8',
    });
    return stdout;
  }

  /** A detached 200×50 session split into `panes` tiled panes, then a client attached. */
  async start(panes: number): Promise<void> {
    const idle = 'sleep 100000';
    await execFileAsync(
      'tmux',
      [
        '-L',
        this.socket,
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-s',
        'bench',
        '-x',
        String(SCREEN.cols),
        '-y',
        String(SCREEN.rows),
        idle,
      ],
      { env: this.env },
    );
    const [pid, socketPath] = (await this.tmux('display-message', '-p', '#{pid} #{socket_path}'))
      .trim()
      .split(' ');
    this.serverPid = Number(pid);
    this.socketPath = socketPath ?? null;
    // Same work as the control room: sh runs the command, 5000 lines of scrollback,
    // truecolour passed through to the client's terminal, panes stay when they end.
    await this.tmux(
      ...['set-option', '-g', 'default-shell', '/bin/sh', ';'],
      ...['set-option', '-g', 'history-limit', '5000', ';'],
      ...['set-option', '-g', 'remain-on-exit', 'on', ';'],
      ...['set-option', '-as', 'terminal-features', ',xterm-256color:RGB'],
    );
    for (let i = 1; i < panes; i++) {
      await this.tmux(
        'split-window',
        '-t',
        'bench',
        idle,
        ';',
        'select-layout',
        '-t',
        'bench',
        'tiled',
      );
    }
    await this.tmux('select-layout', '-t', 'bench', 'tiled');

    const client = nodePty.spawn('tmux', ['-u', '-L', this.socket, 'attach', '-t', 'bench'], {
      name: 'xterm-256color',
      cols: SCREEN.cols,
      rows: SCREEN.rows,
      cwd: process.cwd(),
      env: this.env,
    });
    this.client = client;
    client.onData((data) => {
      this.clientBytes += Buffer.byteLength(data, 'utf8');
      this.onClientData?.(data);
    });
    this.clientExited = new Promise((resolve) => client.onExit(() => resolve()));
    const deadline = performance.now() + 5000;
    while ((await this.tmux('list-clients', '-F', '#{client_pid}')).trim() === '') {
      if (performance.now() > deadline) throw new Error('tmux client did not attach');
      await sleep(20);
    }
    // Let the first full draw go by.
    await sleep(200);
    const listing = await this.tmux('list-panes', '-t', 'bench', '-F', '#{pane_id}');
    this.paneIds = listing.trim().split('\n');
  }

  async paneSizes(): Promise<string> {
    const listing = await this.tmux(
      'list-panes',
      '-t',
      'bench',
      '-F',
      '#{pane_width} #{pane_height}',
    );
    const sizes = listing
      .trim()
      .split('\n')
      .map((line) => line.split(' ').map(Number) as [number, number]);
    return summarizeSizes(sizes);
  }

  /** respawn-pane for several panes in one tmux command, so they start together. */
  async respawn(commands: readonly { pane: string; command: string }[]): Promise<void> {
    const args: string[] = [];
    commands.forEach(({ pane, command }, index) => {
      if (index > 0) args.push(';');
      args.push('respawn-pane', '-k', '-t', pane, command);
    });
    await this.tmux(...args);
  }

  cpuMs(): number {
    return cpuMsOf(this.serverPid) + (this.client ? cpuMsOf(this.client.pid) : 0);
  }

  writeToClient(data: string): void {
    this.client?.write(data);
  }

  async stop(): Promise<void> {
    try {
      await this.tmux('kill-server');
    } catch {
      // Already gone.
    }
    await Promise.race([this.clientExited, sleep(2000)]);
    this.killSync();
    this.unregisterCleanup();
  }

  private killSync(): void {
    try {
      execFileSync('tmux', ['-L', this.socket, 'kill-server'], { env: this.env, stdio: 'ignore' });
    } catch {
      // No server left.
    }
    // kill-server leaves the socket file behind.
    if (this.socketPath) rmSync(this.socketPath, { force: true });
    try {
      this.client?.kill('SIGKILL');
    } catch {
      // Already gone.
    }
    this.client = null;
  }
}

export interface TmuxFloodResult {
  wallMs: number;
  cpuMs: number;
  totalBytes: number;
  clientBytes: number;
  paneSizes: string;
}

/**
 * T1 peer: in each pane `cat FILE; tmux wait-for -S done-i`, all started by one
 * tmux command; timed until every `wait-for done-i` returned.
 */
export async function runTmuxFlood(options: {
  file: FloodFile;
  panes: number;
  timeoutMs: number;
}): Promise<TmuxFloodResult> {
  const session = new TmuxSession();
  const waiters: ReturnType<typeof spawn>[] = [];
  try {
    await session.start(options.panes);
    const paneSizes = await session.paneSizes();
    const exits = session.paneIds.map((_, i) => {
      const waiter = spawn('tmux', ['-L', session.socket, 'wait-for', `done-${i}`], {
        env: session.env,
        stdio: 'ignore',
      });
      waiters.push(waiter);
      return new Promise<void>((resolve, reject) => {
        waiter.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`tmux wait-for done-${i} exited ${code}`)),
        );
        waiter.on('error', reject);
      });
    });
    // The waiters must be registered before any pane can signal.
    await sleep(150);
    const file = shellQuote(options.file.path);
    const commands = session.paneIds.map((pane, i) => ({
      pane,
      command: `cat ${file}; tmux -L ${session.socket} wait-for -S done-${i}`,
    }));
    const bytesBefore = session.clientBytes;
    const cpu0 = session.cpuMs();
    const t0 = performance.now();
    await session.respawn(commands);
    await withTimeout(Promise.all(exits), options.timeoutMs, 'tmux panes to finish');
    const wallMs = performance.now() - t0;
    const cpuMs = session.cpuMs() - cpu0;
    return {
      wallMs,
      cpuMs,
      totalBytes: options.file.bytes * session.paneIds.length,
      clientBytes: session.clientBytes - bytesBefore,
      paneSizes,
    };
  } finally {
    for (const waiter of waiters) waiter.kill('SIGKILL');
    await session.stop();
  }
}

/**
 * T2 peer: `panes` panes `cat` the file in a loop, one more runs `cat` and is
 * selected; keystrokes are written into the client's pty (as a person types)
 * and timed until the client's output holds them.
 */
export async function runTmuxEcho(options: {
  file: FloodFile;
  panes: number;
  keystrokes: number;
  warmupMs: number;
}): Promise<EchoResult> {
  const session = new TmuxSession();
  try {
    await session.start(options.panes + 1);
    const flood = `while :; do cat ${shellQuote(options.file.path)}; done`;
    const echoPane = session.paneIds[options.panes] ?? '';
    await session.respawn(
      session.paneIds.map((pane) => ({ pane, command: pane === echoPane ? 'exec cat' : flood })),
    );
    await session.tmux('select-pane', '-t', echoPane);
    await sleep(options.warmupMs);
    return await typeAndTime({
      keystrokes: options.keystrokes,
      send: (data) => session.writeToClient(data),
      watch: (listener) => {
        session.onClientData = listener;
      },
    });
  } finally {
    await session.stop();
  }
}

import { constants as osConstants } from 'node:os';
import { FlowController } from '../pty/flowControl.js';
import type { PtyBackend, PtyExit, PtyProcess } from '../pty/types.js';
import type { WorkerInfo } from '../store/workersSlice.js';
import type { PaneScreenApi } from '../terminal/types.js';
import type { Clock } from '../util/clock.js';
import { DisposableStore } from '../util/disposable.js';
import { describeExit, type WorkerSpec } from './workerSpec.js';

export interface WorkerRuntimeDeps {
  backend: PtyBackend;
  createScreen: (cols: number, rows: number) => PaneScreenApi;
  /** Finds an executable like `which`; null when there is none. */
  resolveExecutable: (
    file: string,
    env: Record<string, string | undefined>,
    cwd: string,
  ) => string | null;
  /** The control room's environment, under the worker's own. */
  baseEnv: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  killGraceMs: number;
  resizeDebounceMs: number;
  /** Publishes what the store shows of this worker. */
  update: (patch: Partial<Omit<WorkerInfo, 'id'>>) => void;
  /** The screen changed and wants painting. */
  screenChanged: () => void;
  log: (text: string) => void;
  /** Sees the raw pty output before it is parsed, and the pty's life (the recorder). */
  tap?: OutputTap;
}

/** Where a worker's raw output also goes: the recording. Calls must return at once. */
export interface OutputTap {
  started(size: { cols: number; rows: number }): void;
  output(data: string): void;
  input(data: string): void;
  resized(cols: number, rows: number): void;
  ended(): void;
}

/**
 * Variables that describe the host terminal, not the worker's pty: a worker
 * reading COLUMNS would draw at the control room's width, and one seeing TMUX
 * would think it runs inside tmux.
 */
const HOST_TERMINAL_ENV = new Set(['COLUMNS', 'LINES', 'TMUX', 'TMUX_PANE', 'TERM_PROGRAM']);

/** How to get the agents people most often name without having them installed. */
function installHint(file: string): string | null {
  const program = file.split('/').pop() ?? file;
  if (program === 'claude') {
    return 'Claude Code is not installed: npm install -g @anthropic-ai/claude-code (multibot-tui --demo runs without it)';
  }
  return null;
}

const signalName = (signal: number | null): string | null => {
  if (!signal) return null;
  const entry = Object.entries(osConstants.signals).find(([, number]) => number === signal);
  return entry ? entry[0] : `signal ${signal}`;
};

/**
 * One worker's process and screen: a pty feeding an emulator through
 * watermark flow control, with the emulator's replies flowing back.
 */
export class WorkerRuntime {
  private pty: PtyProcess | null = null;
  private screenInstance: PaneScreenApi;
  private readonly session = new DisposableStore();
  private killTimer: unknown = null;
  private resizeTimer: unknown = null;
  private size: { cols: number; rows: number };
  private exited = true;
  private paused = false;

  constructor(
    readonly spec: WorkerSpec,
    private readonly deps: WorkerRuntimeDeps,
    size: { cols: number; rows: number },
  ) {
    this.size = size;
    this.screenInstance = this.createScreen();
  }

  private screenSubscription: { dispose(): void } | null = null;

  private createScreen(): PaneScreenApi {
    this.screenSubscription?.dispose();
    const screen = this.deps.createScreen(this.size.cols, this.size.rows);
    this.screenSubscription = screen.onChange(() => this.deps.screenChanged());
    return screen;
  }

  get screen(): PaneScreenApi {
    return this.screenInstance;
  }

  get running(): boolean {
    return !this.exited;
  }

  get pid(): number | null {
    return this.pty?.pid ?? null;
  }

  start(): void {
    const { spec, deps } = this;
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(deps.baseEnv)) {
      if (value !== undefined && !HOST_TERMINAL_ENV.has(key)) env[key] = value;
    }
    Object.assign(env, spec.env);
    const file = deps.resolveExecutable(spec.file, env, spec.cwd);
    if (file === null) {
      this.showNote(`multibot-tui: command not found: ${spec.file}`, '31');
      const hint = installHint(spec.file);
      if (hint) this.showNote(hint, '33');
      deps.update({
        process: 'exited',
        pid: null,
        exitCode: 127,
        exitSignal: null,
        exitReason: 'command not found',
      });
      deps.log(`${spec.name}: command not found: ${spec.file}`);
      return;
    }
    const pty = deps.backend.spawn({
      file,
      args: spec.args,
      cwd: spec.cwd,
      env,
      cols: this.size.cols,
      rows: this.size.rows,
    });
    this.pty = pty;
    deps.tap?.started({ ...this.size });
    this.exited = false;
    this.paused = false;
    const screen = this.screenInstance;
    const flow = new FlowController({ pause: () => pty.pause(), resume: () => pty.resume() });
    this.session.add(
      pty.onData((data) => {
        deps.tap?.output(data);
        flow.onData(data.length);
        screen.write(data, () => flow.ack(data.length));
      }),
    );
    this.session.add(screen.onReply((reply) => pty.write(reply)));
    this.session.add(pty.onExit((exit) => this.handleExit(pty, exit)));
    deps.update({
      process: 'running',
      pid: pty.pid,
      exitCode: null,
      exitSignal: null,
      exitReason: null,
    });
    deps.log(`${spec.name}: started ${spec.commandLine} (pid ${pty.pid})`);
  }

  /** Bytes for the pty; what the human typed (not prompts the master sends) is also tapped. */
  write(data: string, from: 'human' | 'master' = 'master'): void {
    if (this.exited || !this.pty) return;
    if (from === 'human') this.deps.tap?.input(data);
    this.pty.write(data);
  }

  /** Stops the whole process group (SIGSTOP); it keeps its state until resumed. */
  pause(): boolean {
    if (this.exited || this.paused || !this.pty) return false;
    this.pty.signal('SIGSTOP');
    this.paused = true;
    this.deps.update({ process: 'paused' });
    this.deps.log(`${this.spec.name}: paused`);
    return true;
  }

  resume(): boolean {
    if (this.exited || !this.paused || !this.pty) return false;
    this.pty.signal('SIGCONT');
    this.paused = false;
    this.deps.update({ process: 'running' });
    this.deps.log(`${this.spec.name}: resumed`);
    return true;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * Ends the process group: SIGHUP (what closing a terminal sends, and what
   * interactive shells obey) and SIGTERM, with SIGCONT so a paused group can
   * act on them; SIGKILL for whatever is left after the grace period.
   */
  kill(): void {
    const pty = this.pty;
    if (this.exited || !pty) return;
    pty.signal('SIGHUP');
    pty.signal('SIGTERM');
    pty.signal('SIGCONT');
    if (this.killTimer === null) {
      this.killTimer = this.deps.clock.setTimeout(() => {
        this.killTimer = null;
        if (this.pty === pty && !this.exited) pty.signal('SIGKILL');
      }, this.deps.killGraceMs);
    }
  }

  /** SIGKILL now, for the last moments of shutdown. */
  forceKill(): void {
    if (!this.exited) this.pty?.signal('SIGKILL');
  }

  /** Starts the command again on a fresh screen; only once it has exited. */
  restart(): boolean {
    if (!this.exited) return false;
    this.releasePty();
    this.screenInstance.dispose();
    this.screenInstance = this.createScreen();
    this.start();
    this.deps.screenChanged();
    return true;
  }

  /** Pty and emulator take the new size together, once the layout settles. */
  resize(cols: number, rows: number): void {
    if (cols === this.size.cols && rows === this.size.rows) {
      this.cancelResize();
      return;
    }
    this.cancelResize();
    this.resizeTimer = this.deps.clock.setTimeout(() => {
      this.resizeTimer = null;
      this.applySize(cols, rows);
    }, this.deps.resizeDebounceMs);
  }

  /** A promise for the exit, resolved at once when already exited. */
  whenExited(): Promise<void> {
    if (this.exited || !this.pty) return Promise.resolve();
    const pty = this.pty;
    return new Promise((resolve) => {
      const subscription = pty.onExit(() => {
        subscription.dispose();
        resolve();
      });
    });
  }

  dispose(): void {
    this.cancelResize();
    this.releasePty();
    this.screenSubscription?.dispose();
    this.screenInstance.dispose();
  }

  private applySize(cols: number, rows: number): void {
    this.size = { cols, rows };
    if (!this.exited) this.deps.tap?.resized(cols, rows);
    if (!this.exited) this.pty?.resize(cols, rows);
    this.screenInstance.resize(cols, rows);
    this.deps.update({ cols, rows });
    this.deps.screenChanged();
  }

  private cancelResize(): void {
    if (this.resizeTimer !== null) this.deps.clock.clearTimeout(this.resizeTimer);
    this.resizeTimer = null;
  }

  private handleExit(pty: PtyProcess, exit: PtyExit): void {
    if (this.pty !== pty) return;
    this.exited = true;
    this.deps.tap?.ended();
    this.paused = false;
    if (this.killTimer !== null) this.deps.clock.clearTimeout(this.killTimer);
    this.killTimer = null;
    const signal = signalName(exit.signal);
    const reason = describeExit({ exitCode: exit.exitCode, signal, viaShell: this.spec.viaShell });
    const summary = signal ? `killed by ${signal}` : `exited ${exit.exitCode}`;
    this.showNote(`[${reason && !signal ? `${summary} · ${reason}` : summary} · r restarts]`, '2');
    this.deps.update({
      process: 'exited',
      exitCode: signal ? null : exit.exitCode,
      exitSignal: signal,
      exitReason: reason,
    });
    this.deps.log(`${this.spec.name}: ${summary}${reason && !signal ? ` (${reason})` : ''}`);
  }

  /** A dim line from the control room itself in this worker's pane. */
  note(text: string): void {
    this.showNote(text, '2');
  }

  /** A line from the control room itself, drawn into the pane like tmux's "Pane is dead". */
  private showNote(text: string, sgr: string): void {
    this.screenInstance.write(`\r\n\x1b[0;${sgr}m${text}\x1b[0m`);
  }

  private releasePty(): void {
    this.session.dispose();
    this.pty?.dispose();
    this.pty = null;
  }
}

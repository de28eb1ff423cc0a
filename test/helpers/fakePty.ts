import type { PtyBackend, PtyExit, PtyProcess, PtySpawnOptions } from '../../src/pty/types.js';
import { Emitter } from '../../src/util/disposable.js';

export class FakePty implements PtyProcess {
  static nextPid = 1000;
  readonly pid = FakePty.nextPid++;
  readonly written: string[] = [];
  readonly signals: NodeJS.Signals[] = [];
  size: { cols: number; rows: number };
  paused = false;
  disposed = false;
  exited = false;
  private readonly data = new Emitter<string>();
  private readonly exit = new Emitter<PtyExit>();

  constructor(readonly options: PtySpawnOptions) {
    this.size = { cols: options.cols, rows: options.rows };
  }

  onData(listener: (data: string) => void) {
    return this.data.event(listener);
  }

  onExit(listener: (exit: PtyExit) => void) {
    return this.exit.event(listener);
  }

  write(data: string): void {
    this.written.push(data);
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  signal(signal: NodeJS.Signals): void {
    this.signals.push(signal);
  }

  dispose(): void {
    this.disposed = true;
  }

  /** The child writes output. */
  emit(data: string): void {
    this.data.fire(data);
  }

  /** The child ends. */
  end(exitCode: number, signal: number | null = null): void {
    this.exited = true;
    this.exit.fire({ exitCode, signal });
  }
}

export class FakePtyBackend implements PtyBackend {
  readonly spawned: FakePty[] = [];

  spawn(options: PtySpawnOptions): PtyProcess {
    const pty = new FakePty(options);
    this.spawned.push(pty);
    return pty;
  }

  last(): FakePty {
    const pty = this.spawned.at(-1);
    if (!pty) throw new Error('nothing spawned');
    return pty;
  }
}

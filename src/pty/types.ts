import type { Disposable } from '../util/disposable.js';

export interface PtySpawnOptions {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
  cols: number;
  rows: number;
}

export interface PtyExit {
  exitCode: number;
  /** Signal number that ended the process, when one did. */
  signal: number | null;
}

/** One child process in a pseudo-terminal. Its pid leads its own process group. */
export interface PtyProcess {
  readonly pid: number;
  onData(listener: (data: string) => void): Disposable;
  onExit(listener: (exit: PtyExit) => void): Disposable;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Stop reading the pty (flow control); the child blocks once the kernel buffer fills. */
  pause(): void;
  resume(): void;
  /** Send a signal to the whole process group; a process already gone is not an error. */
  signal(signal: NodeJS.Signals): void;
  /** Release the pty. Safe to call more than once. */
  dispose(): void;
}

/** The seam between the engine and node-pty: fakes implement it in unit tests. */
export interface PtyBackend {
  spawn(options: PtySpawnOptions): PtyProcess;
}

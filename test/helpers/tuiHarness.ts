import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import xtermHeadless from '@xterm/headless';
import type * as NodePty from 'node-pty';
import type { IPty } from 'node-pty';

import { createTempRepo, type TempRepo } from './tempRepo.js';

const { Terminal } = xtermHeadless;
const require = createRequire(import.meta.url);
const pty = require('node-pty') as typeof NodePty;

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO_ROOT, 'bin', 'multibot-tui.js');

/** Named keys as a terminal sends them. */
export const KEY = {
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  shiftTab: '\x1b[Z',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  ctrlB: '\x02',
  ctrlC: '\x03',
} as const;

export interface TuiOptions {
  args: string[];
  cols?: number;
  rows?: number;
  /** The directory it starts in; default: a fresh temporary git repository. */
  cwd?: string;
  /** Its home (sessions/, worktrees/); default: a fresh temporary directory. */
  home?: string;
  env?: Record<string, string>;
}

/**
 * The built CLI in a real pty, its output emulated by a headless xterm —
 * the test sees what a person would see.
 */
export class Tui {
  readonly term: InstanceType<typeof Terminal>;
  readonly process: IPty;
  /** Everything the CLI wrote, raw. */
  output = '';
  exitCode: number | null = null;
  private exited: Promise<number>;

  /** The repository and home of this run, unless the test gave its own. */
  readonly repo: TempRepo | null;
  readonly cwd: string;
  readonly home: string;

  constructor(options: TuiOptions) {
    const cols = options.cols ?? 120;
    const rows = options.rows ?? 40;
    this.repo = options.cwd && options.home ? null : createTempRepo();
    this.cwd = options.cwd ?? this.repo!.root;
    this.home = options.home ?? this.repo!.home;
    this.term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    this.process = pty.spawn(process.execPath, [CLI, ...options.args], {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: this.cwd,
      env: {
        ...process.env,
        TERM: 'xterm-256color',
        MULTIBOT_HOME: this.home,
        // No user config from the machine running the tests.
        XDG_CONFIG_HOME: join(this.home, 'xdg-config'),
        ...options.env,
      } as Record<string, string>,
    });
    this.process.onData((data) => {
      this.output += data;
      this.term.write(data);
    });
    this.exited = new Promise((resolve) => {
      this.process.onExit(({ exitCode }) => {
        this.exitCode = exitCode;
        resolve(exitCode);
      });
    });
  }

  get pid(): number {
    return this.process.pid;
  }

  /** Waits until the emulator has parsed everything received so far. */
  async settle(): Promise<void> {
    await new Promise<void>((resolve) => this.term.write('', resolve));
  }

  screen(): string {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.term.rows; y++) {
      lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    }
    return lines.join('\n');
  }

  row(y: number): string {
    const buffer = this.term.buffer.active;
    return buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '';
  }

  /** Finds text on screen: its first cell, or null. */
  find(text: string): { x: number; y: number } | null {
    for (let y = 0; y < this.term.rows; y++) {
      const x = this.row(y).indexOf(text);
      if (x >= 0) return { x, y };
    }
    return null;
  }

  cell(x: number, y: number) {
    const buffer = this.term.buffer.active;
    return buffer.getLine(buffer.viewportY + y)?.getCell(x);
  }

  write(data: string): void {
    this.process.write(data);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.process.resize(cols, rows);
  }

  async waitFor(
    predicate: string | RegExp | ((screen: string) => boolean),
    timeoutMs = 15_000,
  ): Promise<string> {
    const test =
      typeof predicate === 'string'
        ? (s: string) => s.includes(predicate)
        : predicate instanceof RegExp
          ? (s: string) => predicate.test(s)
          : predicate;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.settle();
      const screen = this.screen();
      if (test(screen)) return screen;
      if (this.exitCode !== null) {
        throw new Error(
          `CLI exited (${this.exitCode}) while waiting for ${String(predicate)}.\nScreen:\n${screen}\nOutput tail:\n${JSON.stringify(this.output.slice(-2000))}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${String(predicate)}.\nScreen:\n${screen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  waitForExit(timeoutMs = 15_000): Promise<number> {
    return Promise.race([
      this.exited,
      new Promise<number>((_, reject) =>
        setTimeout(
          () => reject(new Error(`CLI did not exit.\nScreen:\n${this.screen()}`)),
          timeoutMs,
        ),
      ),
    ]);
  }

  kill(): void {
    if (this.exitCode === null) {
      try {
        process.kill(this.process.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.term.dispose();
    this.repo?.cleanup();
  }
}

/** Polls a condition until it holds or the deadline passes. */
export async function eventually<T>(
  check: () => T | undefined | null | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

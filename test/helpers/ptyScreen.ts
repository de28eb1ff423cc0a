import { createRequire } from 'node:module';
import xtermHeadless from '@xterm/headless';
import type * as NodePty from 'node-pty';
import type { IPty } from 'node-pty';

const { Terminal } = xtermHeadless;
const pty = createRequire(import.meta.url)('node-pty') as typeof NodePty;

export interface PtyScreenOptions {
  /** What error messages call the program. */
  name: string;
  file: string;
  args: readonly string[];
  cwd: string;
  /** The whole environment (with TERM=xterm-256color, to match the emulator). */
  env: Record<string, string>;
  cols?: number;
  rows?: number;
  /** Lines kept above the screen; none by default. */
  scrollback?: number;
  /** Answer the program's questions to the terminal (cursor position, colours) as xterm does. */
  answerQueries?: boolean;
}

/**
 * A program in a real pty, its output emulated by a headless xterm: the test
 * sees the screen a person would, as plain text.
 */
export class PtyScreen {
  readonly term: InstanceType<typeof Terminal>;
  readonly process: IPty;
  /** Everything the program wrote, raw. */
  output = '';
  exitCode: number | null = null;
  private readonly exited: Promise<number>;
  private readonly name: string;

  constructor(options: PtyScreenOptions) {
    const cols = options.cols ?? 100;
    const rows = options.rows ?? 30;
    this.name = options.name;
    this.term = new Terminal({
      cols,
      rows,
      allowProposedApi: true,
      scrollback: options.scrollback ?? 0,
    });
    if (options.answerQueries) this.term.onData((reply) => this.process.write(reply));
    this.process = pty.spawn(options.file, [...options.args], {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: options.cwd,
      env: options.env,
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

  /** One visible row, right-trimmed. */
  row(y: number): string {
    const buffer = this.term.buffer.active;
    return buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '';
  }

  /** The visible rows, right-trimmed, one a line. */
  screen(): string {
    return Array.from({ length: this.term.rows }, (_, y) => this.row(y)).join('\n');
  }

  write(data: string): void {
    this.process.write(data);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.process.resize(cols, rows);
  }

  /** Polls the screen until `what` is on it; fails, showing the screen, on exit or timeout. */
  async waitFor(
    what: string | RegExp | ((screen: string) => boolean),
    timeoutMs = 15_000,
  ): Promise<string> {
    const test =
      typeof what === 'string'
        ? (screen: string) => screen.includes(what)
        : what instanceof RegExp
          ? (screen: string) => what.test(screen)
          : what;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.settle();
      const screen = this.screen();
      if (test(screen)) return screen;
      if (this.exitCode !== null || Date.now() > deadline) {
        const why = this.exitCode !== null ? `${this.name} exited (${this.exitCode})` : 'timed out';
        throw new Error(
          `${why} waiting for ${String(what)}\nScreen:\n${screen}\nOutput tail:\n${JSON.stringify(this.output.slice(-2000))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async waitForExit(timeoutMs = 15_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.name} did not exit\nScreen:\n${this.screen()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the program's whole process group, then lets the emulator go. */
  kill(): void {
    if (this.exitCode === null) {
      try {
        process.kill(-this.process.pid, 'SIGKILL');
      } catch (error) {
        // It ended between the check and the kill.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
    this.term.dispose();
  }
}

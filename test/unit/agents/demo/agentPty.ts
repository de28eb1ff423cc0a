import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import xtermHeadless from '@xterm/headless';
import type * as NodePty from 'node-pty';
import type { IPty } from 'node-pty';

const { Terminal } = xtermHeadless;
const require = createRequire(import.meta.url);
const pty = require('node-pty') as typeof NodePty;

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const RUN_TS = join(REPO_ROOT, 'src', 'agents', 'demo', 'run.ts');
/** tsx's loader, so the agent runs from source in one node process (`node --import tsx`). */
export const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;

/** Git with an identity, so the test's own commits work without a git config. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=multibot-test', '-c', 'user.email=test@multibot.invalid', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

export interface Scratch {
  base: string;
  /** A repository with one commit on `main`. */
  repo: string;
  cleanup(): Promise<void>;
}

/**
 * Removes a scratch directory. A hook started by an agent the test killed runs
 * on (hooks are detached) and may still append to a log here for a moment.
 */
async function removeSoon(dir: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export function scratchRepo(branch = 'main'): Scratch {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'multibot-demo-')));
  const repo = join(base, 'project');
  execFileSync('mkdir', ['-p', repo]);
  git(repo, 'init', '-q', '-b', branch);
  writeFileSync(join(repo, 'README.md'), '# scratch\n');
  git(repo, 'add', 'README.md');
  git(repo, 'commit', '-q', '-m', 'initial commit');
  return {
    base,
    repo,
    cleanup: () => removeSoon(base),
  };
}

/**
 * A hook command that appends `<event>\t<stdin>` lines to a log file, and a
 * reader for what it recorded.
 */
export function hookRecorder(dir: string): {
  command: string;
  events(): { event: string; payload: Record<string, unknown> }[];
} {
  const script = join(dir, 'record-hook.sh');
  const log = join(dir, 'hooks.log');
  writeFileSync(
    script,
    `#!/bin/sh\n{ printf '%s\\t' "$1"; cat; printf '\\n'; } >> '${log}'\n`,
    'utf8',
  );
  chmodSync(script, 0o755);
  return {
    command: `sh '${script}'`,
    events: () => {
      if (!existsSync(log)) return [];
      const lines = readFileSync(log, 'utf8').split('\n');
      // The last piece is empty or a line still being written: only whole lines count.
      return lines
        .slice(0, -1)
        .filter((line) => line.includes('\t'))
        .map((line) => {
          const tab = line.indexOf('\t');
          return {
            event: line.slice(0, tab),
            payload: JSON.parse(line.slice(tab + 1)) as Record<string, unknown>,
          };
        });
    },
  };
}

export interface AgentOptions {
  cwd: string;
  args?: string[];
  env?: Record<string, string>;
  cols?: number;
  rows?: number;
}

/** The demo agent (from source, through tsx) in a real pty, seen through a headless xterm. */
export class AgentPty {
  readonly term: InstanceType<typeof Terminal>;
  readonly process: IPty;
  output = '';
  exitCode: number | null = null;
  private readonly exited: Promise<number>;

  constructor(options: AgentOptions) {
    const cols = options.cols ?? 100;
    const rows = options.rows ?? 30;
    this.term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !key.startsWith('MULTIBOT_')) env[key] = value;
    }
    this.process = pty.spawn(
      process.execPath,
      ['--import', TSX_LOADER, RUN_TS, ...(options.args ?? [])],
      {
        name: 'xterm-256color',
        cols,
        rows,
        cwd: options.cwd,
        env: { ...env, TERM: 'xterm-256color', DEMO_AGENT_SPEED: 'fast', ...options.env },
      },
    );
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

  write(data: string): void {
    this.process.write(data);
  }

  /** Types a prompt and presses Enter. */
  send(prompt: string): void {
    this.write(prompt);
    this.write('\r');
  }

  async waitFor(what: string | RegExp, timeoutMs = 20_000): Promise<string> {
    const test =
      typeof what === 'string' ? (s: string) => s.includes(what) : (s: string) => what.test(s);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.settle();
      const screen = this.screen();
      if (test(screen)) return screen;
      if (this.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `${this.exitCode !== null ? `agent exited (${this.exitCode})` : 'timed out'} waiting for ${String(what)}\nScreen:\n${screen}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  }

  waitForExit(timeoutMs = 15_000): Promise<number> {
    return Promise.race([
      this.exited,
      new Promise<number>((_, reject) =>
        setTimeout(() => reject(new Error(`agent did not exit\n${this.screen()}`)), timeoutMs),
      ),
    ]);
  }

  kill(): void {
    if (this.exitCode === null) {
      try {
        process.kill(-this.process.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.term.dispose();
  }
}

/** Polls until `check` returns something truthy, or fails after the deadline. */
export async function eventually<T>(
  check: () => T | undefined | null | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

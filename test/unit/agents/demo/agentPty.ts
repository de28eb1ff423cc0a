import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { eventually as poll } from '../../../helpers/eventually.js';
import { PtyScreen } from '../../../helpers/ptyScreen.js';
import { git, removeSoon } from '../../../helpers/tempRepo.js';

export { git };

const require = createRequire(import.meta.url);

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const RUN_TS = join(REPO_ROOT, 'src', 'agents', 'demo', 'run.ts');
/** tsx's loader, so the agent runs from source in one node process (`node --import tsx`). */
export const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;

export interface Scratch {
  base: string;
  /** A repository with one commit on `main`. */
  repo: string;
  cleanup(): Promise<void>;
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
export class AgentPty extends PtyScreen {
  constructor(options: AgentOptions) {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !key.startsWith('MULTIBOT_')) env[key] = value;
    }
    super({
      name: 'agent',
      file: process.execPath,
      args: ['--import', TSX_LOADER, RUN_TS, ...(options.args ?? [])],
      cwd: options.cwd,
      env: { ...env, TERM: 'xterm-256color', DEMO_AGENT_SPEED: 'fast', ...options.env },
      cols: options.cols,
      rows: options.rows,
    });
  }

  /** Types a prompt and presses Enter. */
  send(prompt: string): void {
    this.write(prompt);
    this.write('\r');
  }

  override waitFor(
    what: string | RegExp | ((screen: string) => boolean),
    timeoutMs = 20_000,
  ): Promise<string> {
    return super.waitFor(what, timeoutMs);
  }
}

/** Polls until `check` returns something truthy, or fails after the deadline. */
export function eventually<T>(
  check: () => T | undefined | null | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  return poll(check, what, timeoutMs);
}

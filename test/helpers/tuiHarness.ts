import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PtyScreen } from './ptyScreen.js';
import { createTempRepo, type TempRepo } from './tempRepo.js';

export { eventually } from './eventually.js';

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
export class Tui extends PtyScreen {
  /** The repository and home of this run, unless the test gave its own. */
  readonly repo: TempRepo | null;
  readonly cwd: string;
  readonly home: string;

  constructor(options: TuiOptions) {
    const repo = options.cwd && options.home ? null : createTempRepo();
    const cwd = options.cwd ?? repo!.root;
    const home = options.home ?? repo!.home;
    super({
      name: 'CLI',
      file: process.execPath,
      args: [CLI, ...options.args],
      cwd,
      cols: options.cols ?? 120,
      rows: options.rows ?? 40,
      env: {
        ...process.env,
        TERM: 'xterm-256color',
        MULTIBOT_HOME: home,
        // No user config from the machine running the tests.
        XDG_CONFIG_HOME: join(home, 'xdg-config'),
        ...options.env,
      } as Record<string, string>,
    });
    this.repo = repo;
    this.cwd = cwd;
    this.home = home;
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

  /**
   * Runs one line on the master pane's command line, as a person would: focus
   * the master (0), INSERT (i), type, Enter, and back to NAVIGATE.
   */
  async command(line: string): Promise<void> {
    this.write('0');
    await this.waitFor(/NAVIGATE\s+master/);
    this.write('i');
    await this.waitFor(/INSERT\s+master/);
    this.write(line);
    await this.waitFor(line);
    this.write(KEY.enter);
    this.write(KEY.escape);
    await this.waitFor(/NAVIGATE\s+master/);
  }

  override kill(): void {
    super.kill();
    this.repo?.cleanup();
  }
}

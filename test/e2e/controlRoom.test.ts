import { afterEach, describe, expect, it } from 'vitest';
import { readProcessState } from '../../src/pty/processState.js';
import { commandLineOf, descendantsOf, isAlive } from '../helpers/processes.js';
import { KEY, Tui, eventually } from '../helpers/tuiHarness.js';

/** Real worker commands: coloured output, an echoing cat, a counter. */
// The output is computed by the shell, so it never appears in the pane title.
const RED = `red=printf '\\033[31m%s\\033[0m\\n' RED-$((40+2)); exec cat`;
const GREEN = `green=printf '\\033[32m%s\\033[0m\\n' GREEN-$((40+2)); exec cat`;
const COUNTER = `counter=i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 0.1; done`;

const PALETTE_RED = 1;
const PALETTE_GREEN = 2;

let tui: Tui | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

function start(args: string[], size?: { cols: number; rows: number }): Tui {
  tui = new Tui({ args, ...(size ?? {}) });
  return tui;
}

/** The worker process whose command line contains `marker`. */
async function workerPid(t: Tui, marker: string): Promise<number> {
  return eventually(
    () => descendantsOf(t.pid).find((pid) => commandLineOf(pid).includes(marker)),
    `a worker process running ${marker}`,
  );
}

/** The highest counter value visible on screen. */
function lastTick(screen: string): number {
  const ticks = [...screen.matchAll(/tick (\d+)/g)].map((match) => Number(match[1]));
  return ticks.length ? Math.max(...ticks) : 0;
}

describe('control room in a real terminal (120×40)', () => {
  it("draws each worker's coloured output in its own tile, with titles and the status bar", async () => {
    const t = start(['-w', RED, '-w', GREEN]);
    await t.waitFor((s) => s.includes('RED-42') && s.includes('GREEN-42'));
    const red = t.find('RED-42')!;
    const green = t.find('GREEN-42')!;
    expect(red.x).toBeLessThan(60);
    expect(green.x).toBeGreaterThan(60);
    expect(t.cell(red.x, red.y)!.getFgColor()).toBe(PALETTE_RED);
    expect(t.cell(red.x, red.y)!.isFgPalette()).toBe(true);
    expect(t.cell(green.x, green.y)!.getFgColor()).toBe(PALETTE_GREEN);
    // Titles, master and status bar: waited for, as a frame can arrive in several reads.
    await t.waitFor(
      (screen) =>
        /1 red · printf .* · (idle|working|starting) \((activity|process)\) · \d+×\d+/.test(
          screen,
        ) &&
        /2 green · printf .* · (idle|working|starting) \(/.test(screen) &&
        screen.includes('master'),
    );
    await t.waitFor(() => t.row(39).includes('NAVIGATE'));
  });

  it('moves focus with keys and types into the focused worker only', async () => {
    const t = start(['-w', RED, '-w', GREEN]);
    await t.waitFor('GREEN-42');
    await t.waitFor((s) => /NAVIGATE\s+red/.test(s));
    t.write('l');
    await t.waitFor((s) => /NAVIGATE\s+green/.test(s));
    t.write('h');
    await t.waitFor((s) => /NAVIGATE\s+red/.test(s));
    t.write('i');
    await t.waitFor((s) => /INSERT\s+red/.test(s));
    t.write('typed-into-red\r');
    await t.waitFor((s) => (s.match(/typed-into-red/g) ?? []).length >= 2);
    // Prefix then 2: focus worker 2 and stay in INSERT there, tmux-style.
    t.write(KEY.ctrlB + '2');
    await t.waitFor((s) => /INSERT\s+green/.test(s));
    t.write('typed-into-green\r');
    await t.waitFor((s) => (s.match(/typed-into-green/g) ?? []).length >= 2);
    const redText = t.find('typed-into-red')!;
    const greenText = t.find('typed-into-green')!;
    expect(redText.x).toBeLessThan(60);
    expect(greenText.x).toBeGreaterThan(60);
    expect(t.screen().match(/typed-into-red/g)).toHaveLength(2);
    // Prefix then Esc returns to NAVIGATE; keys are commands again.
    t.write(KEY.ctrlB + KEY.escape);
    await t.waitFor((s) => /NAVIGATE\s+green/.test(s));
    t.write('x');
    await t.waitFor('Kill green?');
    t.write('n');
    await t.waitFor((s) => !s.includes('Kill green?'));
  });

  it('pauses a worker (process state T) and resumes it', async () => {
    const t = start(['-w', COUNTER]);
    await t.waitFor((s) => lastTick(s) >= 3);
    const pid = await workerPid(t, 'tick');
    t.write('p');
    await t.waitFor(/counter · .*paused/);
    await eventually(() => readProcessState(pid) === 'T', 'the worker is stopped');
    // A tick written just before the stop may still be on its way through the pty.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await t.settle();
    const frozen = lastTick(t.screen());
    await new Promise((resolve) => setTimeout(resolve, 700));
    await t.settle();
    expect(lastTick(t.screen())).toBe(frozen);
    t.write('p');
    await t.waitFor(/counter · .*(idle|working|starting) \(/);
    await t.waitFor((s) => lastTick(s) > frozen + 2);
    expect(readProcessState(pid)).not.toBe('T');
  });

  it('kills a worker after confirmation, and restarts it', async () => {
    const t = start(['-w', COUNTER]);
    await t.waitFor((s) => lastTick(s) >= 1);
    const pid = await workerPid(t, 'tick');
    t.write('x');
    await t.waitFor('Kill counter?');
    t.write('y');
    await t.waitFor(/counter · .*killed by SIG/);
    await eventually(() => !isAlive(pid), 'the killed worker is gone');
    t.write('r');
    await t.waitFor(/counter · .*(idle|working|starting) \(/);
    await t.waitFor((s) => lastTick(s) >= 2);
    const restarted = await workerPid(t, 'tick');
    expect(restarted).not.toBe(pid);
  });

  it('says "command not found" in that pane and keeps the others running', async () => {
    const t = start(['-w', 'bad=definitely-not-a-command-4711', '-w', RED]);
    await t.waitFor('RED-42');
    await t.waitFor(/bad · .*exited 127 · command not found/);
    t.write('2i');
    await t.waitFor(/INSERT\s+red/);
    t.write('still-alive\r');
    await t.waitFor((s) => (s.match(/still-alive/g) ?? []).length >= 2);
  });

  it('quits on q after confirmation, restores the terminal and leaves no process behind', async () => {
    const t = start(['-w', COUNTER, '-w', RED]);
    await t.waitFor((s) => lastTick(s) >= 1 && s.includes('RED-42'));
    const workers = descendantsOf(t.pid);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    expect(t.term.buffer.active.type).toBe('alternate');
    t.write('q');
    await t.waitFor('Quit multibot-tui?');
    t.write('y');
    expect(await t.waitForExit()).toBe(0);
    await t.settle();
    expect(t.term.buffer.active.type).toBe('normal');
    expect(t.term.modes.mouseTrackingMode).toBe('none');
    expect(t.term.modes.bracketedPasteMode).toBe(false);
    expect(t.output.endsWith('\x1b[?1049l')).toBe(true);
    await eventually(() => workers.every((pid) => !isAlive(pid)), 'every worker process ended');
  });

  it('restores the terminal and ends the workers on SIGTERM', async () => {
    const t = start(['-w', COUNTER]);
    await t.waitFor((s) => lastTick(s) >= 1);
    const workers = descendantsOf(t.pid);
    process.kill(t.pid, 'SIGTERM');
    await t.waitForExit();
    await t.settle();
    expect(t.term.buffer.active.type).toBe('normal');
    await eventually(() => workers.every((pid) => !isAlive(pid)), 'every worker process ended');
  });

  it('shows a clear message while the terminal is too small, and recovers', async () => {
    const t = start(['-w', RED]);
    await t.waitFor('RED-42');
    t.resize(30, 8);
    await t.waitFor(/too small/i);
    t.resize(120, 40);
    await t.waitFor('RED-42');
  });
});

describe('environment', () => {
  it('hands workers the environment it was started with, and still draws under CI=true', async () => {
    const t = new Tui({
      args: ['-w', 'env=echo "seen:CI=$CI,NODE_ENV=$NODE_ENV"; exec cat'],
      env: { CI: 'true', NODE_ENV: 'development' },
    });
    tui = t;
    await t.waitFor('seen:CI=true,NODE_ENV=development');
    expect(t.row(39)).toContain('NAVIGATE');
  });
});

describe('command line', () => {
  it('prints help and version, and rejects unknown flags with a usage error', async () => {
    const help = start(['--help']);
    expect(await help.waitForExit()).toBe(0);
    expect(help.output).toContain('Usage: multibot-tui');
    help.kill();
    const version = start(['--version']);
    expect(await version.waitForExit()).toBe(0);
    expect(version.output).toMatch(/multibot-tui \d+\.\d+\.\d+/);
    version.kill();
    const bad = start(['--frobnicate']);
    expect(await bad.waitForExit()).toBe(2);
    expect(bad.output).toContain('--frobnicate');
    expect(bad.output).toContain('--help');
  });
});

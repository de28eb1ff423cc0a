import { rmSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReplayChrome } from '../../../components/replay/renderReplayChrome.js';
import { createScreen, writeParsed } from '../../../src/recording/headlessScreen.js';
import { runReplay } from '../../../src/replay/runReplay.js';
import {
  RECORDED_SCREEN,
  recordSession,
  recordedRoomLayout,
  type RecordedSession,
} from '../../unit/replay/fixture.js';

let recorded: RecordedSession;
beforeAll(async () => {
  recorded = await recordSession();
});
afterAll(() => {
  for (const screen of recorded.live.values()) screen.dispose();
  rmSync(recorded.home, { recursive: true, force: true });
});

/** A terminal's two ends as runReplay sees them: raw-mode stdin, a sized stdout. */
function fakeTerminal(tty = true) {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: tty,
    rawMode: false,
    setRawMode(mode: boolean) {
      stdin.rawMode = mode;
      return stdin;
    },
  });
  let output = '';
  const stdout = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        output += String(chunk);
        callback();
      },
    }),
    { isTTY: tty, columns: RECORDED_SCREEN.cols, rows: RECORDED_SCREEN.rows },
  );
  return {
    stdin: stdin as unknown as NodeJS.ReadStream & { rawMode: boolean },
    stdout: stdout as unknown as NodeJS.WriteStream,
    output: () => output,
  };
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('runReplay', () => {
  it('replays in the terminal, goes to the end on End, quits on q and restores the terminal', async () => {
    const terminal = fakeTerminal();
    const listeners = process.listenerCount('SIGINT');
    const run = runReplay({
      sessionDir: recorded.sessionDir,
      stdin: terminal.stdin,
      stdout: terminal.stdout,
      options: { speed: 1 },
      renderChrome: renderReplayChrome,
    });
    await until(() => terminal.output().includes('REPLAY'), 'the chrome');
    expect(terminal.stdin.rawMode).toBe(true);
    expect(terminal.output().startsWith('\x1b[?1049h')).toBe(true);
    terminal.stdin.write(' ');
    terminal.stdin.write('\x1b[F');
    await until(() => terminal.output().includes('DONE-w3'), 'the last screens');
    await new Promise((resolve) => setTimeout(resolve, 150));

    // What the host shows: each pane's last screen at its tile, the timeline at the end.
    const host = createScreen(RECORDED_SCREEN.cols, RECORDED_SCREEN.rows);
    await writeParsed(host, terminal.output());
    const text = (y: number, x = 0, width: number = RECORDED_SCREEN.cols) =>
      host.buffer.active
        .getLine(host.buffer.active.baseY + y)
        ?.translateToString(true, x, x + width) ?? '';
    const room = recordedRoomLayout();
    if (room.grid.kind !== 'tiled') throw new Error('not tiled');
    for (const pane of room.grid.panes) {
      const live = recorded.live.get(pane.id);
      for (let row = 0; row < (live?.rows ?? 0); row += 1) {
        expect(
          text(pane.interior.y + row, pane.interior.x, pane.interior.width).trimEnd(),
          `${pane.id} ${row}`,
        ).toBe(live?.rowText(row).trimEnd());
      }
    }
    expect(text(room.timeline.y)).toMatch(/^❚❚ 00:39 \/ 00:39/);

    terminal.stdin.write('q');
    expect(await run).toBe(0);
    expect(terminal.stdin.rawMode).toBe(false);
    expect(terminal.output().endsWith('\x1b[?1049l')).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });

  it('refuses to run without a terminal, pointing at export', async () => {
    const terminal = fakeTerminal(false);
    await expect(
      runReplay({
        sessionDir: recorded.sessionDir,
        stdin: terminal.stdin,
        stdout: terminal.stdout,
        renderChrome: renderReplayChrome,
      }),
    ).rejects.toThrow(/needs an interactive terminal.*multibot-tui export SESSION/s);
    expect(terminal.output()).toBe('');
  });

  it('fails before touching the terminal on a bad --from', async () => {
    const terminal = fakeTerminal();
    await expect(
      runReplay({
        sessionDir: recorded.sessionDir,
        stdin: terminal.stdin,
        stdout: terminal.stdout,
        options: { from: 'nowhere' },
        renderChrome: renderReplayChrome,
      }),
    ).rejects.toThrow(/--from nowhere/);
    expect(terminal.output()).toBe('');
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodePtyBackend } from '../../../src/pty/nodePtyBackend.js';
import { readCast } from '../../../src/recording/castReader.js';
import { createScreen, writeParsed } from '../../../src/recording/headlessScreen.js';
import { readManifest } from '../../../src/recording/manifest.js';
import { checkCastFile } from '../../../src/replay/castValidate.js';
import { defaultExportName, exportSession } from '../../../src/replay/exportCast.js';
import { DEFAULT_SCREEN, inferScreenSize } from '../../../src/replay/screenSize.js';
import {
  RECORDED_SCREEN,
  SESSION_ID,
  recordSession,
  recordedRoomLayout,
  type RecordedSession,
} from './fixture.js';

let recorded: RecordedSession;
beforeAll(async () => {
  recorded = await recordSession();
});
afterAll(() => {
  for (const screen of recorded.live.values()) screen.dispose();
  rmSync(recorded.home, { recursive: true, force: true });
});

const out = (name: string) => join(recorded.home, name);

/** The text a terminal of the cast's size shows after every "o" event. */
async function play(file: string) {
  const check = await checkCastFile(file);
  expect(check.problems).toEqual([]);
  const terminal = createScreen(check.header?.width ?? 80, check.header?.height ?? 24);
  for (const [, code, data] of check.events) if (code === 'o') await writeParsed(terminal, data);
  const buffer = terminal.buffer.active;
  const text = (y: number, x = 0, width = terminal.cols) =>
    buffer.getLine(buffer.baseY + y)?.translateToString(true, x, x + width) ?? '';
  return { check, terminal, text };
}

/** `asciinema cat` reads /dev/tty, so it runs in a pty (as in test/unit/recording). */
async function asciinemaCat(file: string): Promise<string> {
  const pty = createNodePtyBackend().spawn({
    file: 'asciinema',
    args: ['cat', file],
    cwd: recorded.home,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: recorded.home },
    cols: RECORDED_SCREEN.cols,
    rows: RECORDED_SCREEN.rows,
  });
  let text = '';
  pty.onData((chunk) => {
    text += chunk;
  });
  const exit = await new Promise<{ exitCode: number | null }>((resolve) => pty.onExit(resolve));
  pty.dispose();
  expect(exit.exitCode).toBe(0);
  return text;
}

const hasAsciinema = (process.env.PATH ?? '')
  .split(':')
  .some((folder) => existsSync(join(folder, 'asciinema')));

describe('exportSession: the whole room', () => {
  it('writes one asciicast v2 of the room, at the recorded screen size', async () => {
    const result = await exportSession({ sessionDir: recorded.sessionDir, out: out('room.cast') });
    expect(result).toMatchObject({ kind: 'grid', screen: RECORDED_SCREEN, issues: [] });
    const { check } = await play(result.file);
    expect(check.header).toMatchObject({
      version: 2,
      width: RECORDED_SCREEN.cols,
      height: RECORDED_SCREEN.rows,
      title: `multibot-tui session ${SESSION_ID}`,
    });
    const times = check.events.map((event) => event[0]);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)).toBeLessThanOrEqual(recorded.endMs / 1000);
    expect(check.events.filter((event) => event[1] === 'm').map((event) => event[2])).toEqual([
      'T1 → coder',
      'T1 done',
      'tester exited',
      'wake up',
    ]);
    expect(new Set(check.events.map((event) => event[1]))).toEqual(new Set(['o', 'm']));
  });

  it("shows each pane's final screen at its tile, with the chrome around it", async () => {
    const { file } = await exportSession({
      sessionDir: recorded.sessionDir,
      out: out('room2.cast'),
    });
    const { text } = await play(file);
    const room = recordedRoomLayout();
    expect(room.grid.kind).toBe('tiled');
    if (room.grid.kind !== 'tiled') return;
    for (const pane of room.grid.panes) {
      const live = recorded.live.get(pane.id);
      expect(live, pane.id).toBeDefined();
      if (!live) continue;
      const { x, y, width } = pane.interior;
      for (let row = 0; row < live.rows; row += 1) {
        expect(text(y + row, x, width).trimEnd(), `${pane.id} row ${row}`).toBe(
          live.rowText(row).trimEnd(),
        );
      }
      expect(text(pane.frame.y, pane.frame.x, pane.frame.width)).toContain(
        { w1: 'coder', w2: 'tester', w3: 'reviewer' }[pane.id],
      );
    }
    const master = room.grid.master;
    expect(master && text(master.frame.y)).toContain('master · fixture');
    expect(master && text(master.interior.y + 1)).toContain('T2 pending');
    expect(text(room.timeline.y)).toMatch(/^▶ 00:39 \/ 00:39 {2}×1 /);
    expect(text(room.statusBar.y)).toContain(`REPLAY  ${SESSION_ID}`);
  });

  it('is drawn at the size asked for, and without a layout at 160×48', async () => {
    const { file } = await exportSession({
      sessionDir: recorded.sessionDir,
      out: out('small.cast'),
      screen: { cols: 100, rows: 30 },
    });
    const { check, text } = await play(file);
    expect(check.header).toMatchObject({ width: 100, height: 30 });
    // The tiles are shorter than the recorded panes: the titles say so.
    expect(text(0)).toContain('recorded 38×25, shown 38×');
    const manifest = await readManifest(recorded.recordingsDir);
    expect(manifest && inferScreenSize({ ...manifest, layout: [] }, 'grid')).toBeNull();
    expect(manifest && inferScreenSize(manifest, 'grid')).toEqual(RECORDED_SCREEN);
    expect(DEFAULT_SCREEN).toEqual({ cols: 160, rows: 48 });
  });

  it.skipIf(!hasAsciinema)('plays with `asciinema cat`, the room and a single pane', async () => {
    for (const worker of [null, 'w1']) {
      const { file } = await exportSession({
        sessionDir: recorded.sessionDir,
        worker,
        out: out(`cat-${worker ?? 'room'}.cast`),
      });
      const { check } = await play(file);
      const output = check.events.flatMap((event) => (event[1] === 'o' ? [event[2]] : [])).join('');
      expect(await asciinemaCat(file)).toBe(output);
    }
  });
  if (!hasAsciinema) {
    it.skip(
      'asciinema is not installed (Debian package `asciinema`): the playback check is skipped',
    );
  }
});

describe('exportSession: one pane', () => {
  it("is the pane's own cast, event for event", async () => {
    const result = await exportSession({
      sessionDir: recorded.sessionDir,
      worker: 'w1',
      out: out('w1.cast'),
    });
    expect(result.kind).toBe('pane');
    const exported = await readCast(result.file);
    const original = await readCast(join(recorded.recordingsDir, 'w1.cast'));
    expect(exported.header).toEqual(original.header);
    const strip = (events: typeof original.events) => events.map((e) => [e.time, e.code, e.data]);
    expect(strip(exported.events)).toEqual(strip(original.events));
    expect((await checkCastFile(result.file)).problems).toEqual([]);
  });

  it('finds the pane by worker name too', async () => {
    const result = await exportSession({
      sessionDir: recorded.sessionDir,
      worker: 'reviewer',
      out: out('reviewer.cast'),
    });
    const exported = await readCast(result.file);
    const original = await readCast(join(recorded.recordingsDir, 'w3.cast'));
    expect(exported.events.length).toBe(original.events.length);
  });

  it('joins the runs of a restarted worker at their times', async () => {
    const result = await exportSession({
      sessionDir: recorded.sessionDir,
      worker: 'w2',
      out: out('w2.cast'),
    });
    const manifest = await readManifest(recorded.recordingsDir);
    const runs = manifest?.panes.filter((pane) => pane.id === 'w2') ?? [];
    expect(runs).toHaveLength(2);
    const offset = ((runs[1]?.startMs ?? 0) - (runs[0]?.startMs ?? 0)) / 1000;
    const { check, text } = await play(result.file);
    const reset = check.events.findIndex((event) => event[2] === '\x1bc');
    expect(check.events[reset]?.[0]).toBeCloseTo(offset, 6);
    const second = await readCast(join(recorded.recordingsDir, 'w2.2.cast'));
    expect(check.events.slice(reset + 1).map((e) => e[2])).toEqual(
      second.events.map((e) => e.data),
    );
    const live = recorded.live.get('w2');
    for (let row = 0; row < (live?.rows ?? 0); row += 1) {
      expect(text(row).trimEnd()).toBe(live?.rowText(row).trimEnd());
    }
  });

  it('names the panes there are when asked for one there is not', async () => {
    await expect(
      exportSession({ sessionDir: recorded.sessionDir, worker: 'nobody', out: out('x.cast') }),
    ).rejects.toThrow(
      `Session ${SESSION_ID} has no pane "nobody". Its panes: w1 (coder), w2 (tester), w3 (reviewer).`,
    );
  });

  it('has a default file name', () => {
    expect(defaultExportName(SESSION_ID)).toBe(`${SESSION_ID}.cast`);
    expect(defaultExportName(SESSION_ID, 'my w/1')).toBe(`${SESSION_ID}-my_w_1.cast`);
  });
});

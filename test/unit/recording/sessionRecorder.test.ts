import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNewFile, type OpenAppendTarget } from '../../../src/recording/appendQueue.js';
import { readCast } from '../../../src/recording/castReader.js';
import { readKeyframes } from '../../../src/recording/keyframes.js';
import { manifestSchema, readManifest } from '../../../src/recording/manifest.js';
import { createNodePtyBackend } from '../../../src/pty/nodePtyBackend.js';
import { START, WALL_START, recordSteps } from './record.js';
import { outputOf, sampleSteps } from './sample.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'multibot-rec-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const steps = sampleSteps();
const CODES = new Set(['o', 'r', 'm', 'i']);

/** Checks a file line by line against asciicast v2; returns the parsed events. */
function validateCast(file: string): Array<[number, string, string]> {
  const lines = readFileSync(file, 'utf8').split('\n');
  expect(lines.pop()).toBe('');
  const header = JSON.parse(lines.shift() ?? '') as Record<string, unknown>;
  expect(header.version).toBe(2);
  expect(Number.isInteger(header.width) && Number.isInteger(header.height)).toBe(true);
  expect(Number.isInteger(header.timestamp)).toBe(true);
  expect(Object.keys(header.env as object).sort()).toEqual(['SHELL', 'TERM']);
  let last = 0;
  return lines.map((line) => {
    const event = JSON.parse(line) as [number, string, string];
    expect(event).toHaveLength(3);
    expect(typeof event[0]).toBe('number');
    expect(event[0]).toBeGreaterThanOrEqual(last);
    expect(CODES.has(event[1])).toBe(true);
    expect(typeof event[2]).toBe('string');
    if (event[1] === 'r') expect(event[2]).toMatch(/^\d+x\d+$/);
    last = event[0];
    return event;
  });
}

/** `asciinema cat` reads /dev/tty, so it runs in a pty. */
async function asciinemaCat(file: string): Promise<string> {
  const pty = createNodePtyBackend().spawn({
    file: 'asciinema',
    args: ['cat', file],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: dir },
    cols: 80,
    rows: 24,
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

const hasAsciinema = ((process.env.PATH ?? '').split(':') as string[]).some((folder) =>
  existsSync(join(folder, 'asciinema')),
);

describe('SessionRecorder', () => {
  it('writes each pane as asciicast v2, with resizes and markers', async () => {
    const { recorder } = await recordSteps(dir, steps);
    await recorder.close();

    const events = validateCast(join(dir, 'w1.cast'));
    expect(events.filter((event) => event[1] === 'o').map((event) => event[2])).toEqual(
      steps.flatMap((step) => (step.kind === 'output' ? [step.data] : [])),
    );
    expect(events.filter((event) => event[1] === 'r').map((event) => event[2])).toEqual([
      '80x30',
      '50x12',
      '100x40',
    ]);
    const markers = events.filter((event) => event[1] === 'm').map((event) => event[2]);
    expect(markers).toContain('task 0 assigned');
    expect(markers).toContain('status 1: editing');
    expect(markers).not.toContain('w2 only');
    expect(validateCast(join(dir, 'w2.cast')).map((event) => event[2])).toEqual([
      '$ echo hi\r\nhi\r\n',
      'w2 only',
    ]);

    const header = (await readCast(join(dir, 'w1.cast'))).header;
    expect(header).toMatchObject({
      width: START.cols,
      height: START.rows,
      timestamp: WALL_START / 1000,
      command: START.command,
      title: START.title,
      env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
    });
  });

  it('keeps a manifest with the panes, their start and end, the layout and the markers', async () => {
    const { recorder } = await recordSteps(dir, steps);
    await recorder.close();
    const manifest = manifestSchema.parse(
      JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')),
    );
    expect(manifest.startedAt).toBe(WALL_START);
    const [w1, w2] = manifest.panes;
    expect(w1).toMatchObject({
      id: 'w1',
      file: 'w1.cast',
      keyframes: 'w1.keyframes.jsonl',
      startMs: 0,
    });
    expect(w2?.startMs).toBeGreaterThanOrEqual(1000);
    expect(w2?.endMs).toBe((w2?.startMs ?? 0) + 100);
    expect(w1?.endMs).toBeGreaterThan(w2?.endMs ?? 0);
    expect(manifest.layout.map((entry) => [entry.panes, entry.focus, entry.zoom])).toEqual([
      [['w1'], 'w1', null],
      [['w1', 'w2'], 'w2', null],
      [['w1'], 'w1', 'w1'],
    ]);
    expect(manifest.markers.find((marker) => marker.label === 'w2 only')?.panes).toEqual(['w2']);
    expect(manifest.markers.map((marker) => marker.t)).toEqual(
      [...manifest.markers.map((marker) => marker.t)].sort((a, b) => a - b),
    );
    // No temp files left behind by the atomic writes.
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('takes keyframes that point at event lines in the cast', async () => {
    const { recorder } = await recordSteps(dir, steps);
    await recorder.flush();
    await recorder.close();
    const { keyframes, skipped } = await readKeyframes(join(dir, 'w1.keyframes.jsonl'));
    expect(skipped).toBe(0);
    expect(keyframes.length).toBeGreaterThan(3);
    const { events } = await readCast(join(dir, 'w1.cast'));
    for (const keyframe of keyframes) {
      const next = events[keyframe.event];
      expect(next?.offset).toBe(keyframe.offset);
      expect(events[keyframe.event - 1]?.time).toBe(keyframe.t);
    }
  });

  it.skipIf(!hasAsciinema)(
    'plays back with `asciinema cat` as the pane output, byte for byte',
    async () => {
      const { recorder } = await recordSteps(dir, steps);
      await recorder.close();
      expect(await asciinemaCat(join(dir, 'w1.cast'))).toBe(outputOf(steps));
    },
  );
  if (!hasAsciinema) {
    it.skip(
      'asciinema is not installed (Debian package `asciinema`): the playback check is skipped',
    );
  }

  it('stops on a full disk with one warning, keeps a readable cast, and never throws', async () => {
    const warnings: string[] = [];
    let budget = 6000;
    // Real files that run out of space after a few KB, like a nearly full disk.
    const open: OpenAppendTarget = async (file) => {
      const target = await openNewFile(file);
      return {
        write: async (data) => {
          budget -= data.length;
          if (budget < 0) {
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
              code: 'ENOSPC',
            });
          }
          await target.write(data);
        },
        close: () => target.close(),
      };
    };
    const { recorder } = await recordSteps(dir, steps.slice(0, 20), {
      open,
      onWarning: (text) => warnings.push(text),
    });
    await recorder.flush();
    for (const step of steps.slice(20)) {
      if (step.kind === 'output') recorder.output('w1', step.data);
      if (step.kind === 'marker') recorder.marker(step.label);
      await recorder.flush();
    }
    recorder.startPane('w3', { cols: 10, rows: 10 });
    recorder.output('w3', 'ignored');
    await recorder.close();

    expect(recorder.stopped).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^Recording stopped: the disk is full \(recordings\/.+\)\. The workers keep running/,
    );
    const { events, stats } = await readCast(join(dir, 'w1.cast'));
    expect(events.length).toBeGreaterThan(0);
    expect(stats.skipped).toBe(0);
    expect(existsSync(join(dir, 'w3.cast'))).toBe(false);
    const manifest = await readManifest(dir);
    expect(manifest?.stopped?.reason).toMatch(/ENOSPC/);
  });

  it('stops with one warning when the manifest cannot be written', async () => {
    const warnings: string[] = [];
    const { recorder } = await recordSteps(dir, steps.slice(0, 10), {
      writeManifest: () =>
        Promise.reject(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })),
      onWarning: (text) => warnings.push(text),
    });
    await recorder.close();
    expect(warnings).toEqual([
      'Recording stopped: a write failed (EIO: i/o error) (recordings/manifest.json). ' +
        'The workers keep running; the recording so far is kept.',
    ]);
  });

  it('continues the clock of an earlier run of the session, in new files', async () => {
    const first = await recordSteps(dir, steps.slice(0, 10));
    await first.recorder.close();
    const again = await recordSteps(dir, steps.slice(0, 10), {
      wallClock: () => WALL_START + 60_000,
    });
    await again.recorder.close();
    const manifest = await readManifest(dir);
    const runs = manifest?.panes.filter((pane) => pane.id === 'w1') ?? [];
    expect(runs.map((run) => [run.file, run.startMs])).toEqual([
      ['w1.cast', 0],
      ['w1.2.cast', 60_000],
    ]);
    validateCast(join(dir, 'w1.2.cast'));
  });

  it('records typed input only when asked to', async () => {
    for (const recordInput of [false, true]) {
      const folder = join(dir, String(recordInput));
      const { recorder } = await recordSteps(folder, [], { recordInput });
      recorder.input('w1', 'secret\r');
      await recorder.close();
      const { events } = await readCast(join(folder, 'w1.cast'));
      expect(events.some((event) => event.code === 'i')).toBe(recordInput);
    }
  });
});

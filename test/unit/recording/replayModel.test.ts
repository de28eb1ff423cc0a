import { appendFileSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Terminal } from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCast } from '../../../src/recording/castReader.js';
import type { CastEvent } from '../../../src/recording/castFormat.js';
import { applyEvents, createScreen } from '../../../src/recording/headlessScreen.js';
import { readKeyframes } from '../../../src/recording/keyframes.js';
import { ReplayModel } from '../../../src/recording/replayModel.js';
import { liveScreen, recordSteps, START } from './record.js';
import { random, sampleSteps, snapshot } from './sample.js';

const steps = sampleSteps(8, 7);
let dir: string;
let events: CastEvent[];
const disposables: Array<{ dispose(): void }> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'multibot-replay-'));
  const { recorder } = await recordSteps(dir, steps);
  await recorder.flush();
  await recorder.close();
  events = (await readCast(join(dir, 'w1.cast'))).events;
});
afterAll(() => {
  for (const item of disposables.splice(0)) item.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The reference: a fresh screen playing every event up to `seconds` from the top. */
async function playedFromStart(seconds: number): Promise<Terminal> {
  const terminal = createScreen(START.cols, START.rows);
  disposables.push(terminal);
  await applyEvents(
    terminal,
    events.filter((event) => event.time <= seconds),
  );
  return terminal;
}

function randomTimes(count: number, durationMs: number, seed: number): number[] {
  const next = random(seed);
  const times = [0, durationMs, durationMs + 5000];
  for (let i = 0; i < count; i += 1) times.push(Math.round(next() * durationMs));
  // Exactly on events and keyframes too: ties are where off-by-ones hide.
  for (let i = 0; i < 5; i += 1) {
    times.push((events[Math.floor(next() * events.length)]?.time ?? 0) * 1000);
  }
  return times;
}

describe('ReplayModel', () => {
  it('seeks to any time with the same screen as playing up to it', async () => {
    const model = await ReplayModel.load(dir);
    disposables.push(model);
    expect((await readKeyframes(join(dir, 'w1.keyframes.jsonl'))).keyframes.length).toBeGreaterThan(
      5,
    );
    for (const ms of randomTimes(30, model.duration(), 11)) {
      const seeked = await model.screenAt('w1', ms);
      expect(seeked).not.toBeNull();
      if (!seeked) continue;
      disposables.push(seeked);
      expect(snapshot(seeked), `at ${ms} ms`).toEqual(snapshot(await playedFromStart(ms / 1000)));
    }
  });

  it('ends on the screen the live pane showed, cell for cell', async () => {
    const model = await ReplayModel.load(dir);
    disposables.push(model);
    const replayed = await model.screenAt('w1', model.duration());
    const live = await liveScreen(steps);
    disposables.push(live);
    expect(replayed).not.toBeNull();
    if (!replayed) return;
    disposables.push(replayed);
    const seen = snapshot(replayed);
    const rows = Array.from({ length: live.rows }, (_, y) => y);
    expect(seen.size).toBe(`${live.cols}x${live.rows}`);
    expect(seen.text.map((line) => line.trimEnd())).toEqual(rows.map((y) => live.rowText(y)));
    expect(seen.ansi).toEqual(rows.map((y) => live.renderRow(y)));
    const cursor = live.cursor();
    expect(seen.cursor).toBe(`${cursor.x},${cursor.y},normal`);
  });

  it('plays on incrementally, matching a seek at every step, and seeks back', async () => {
    const model = await ReplayModel.load(dir);
    disposables.push(model);
    const duration = model.duration();
    for (let ms = 0; ms <= duration + 1000; ms += duration / 23) {
      await model.advance(ms);
      const screen = model.screen('w1');
      expect(screen).not.toBeNull();
      if (screen)
        expect(snapshot(screen), `at ${ms} ms`).toEqual(snapshot(await playedFromStart(ms / 1000)));
    }
    await model.advance(duration / 3);
    const back = model.screen('w1');
    if (back) expect(snapshot(back)).toEqual(snapshot(await playedFromStart(duration / 3000)));
  });

  it('merges calls made while busy, the last target winning', async () => {
    const model = await ReplayModel.load(dir);
    disposables.push(model);
    const calls = [1000, 5000, 9000, 3000].map((ms) => model.advance(ms));
    await Promise.all(calls);
    expect(model.positionMs).toBe(3000);
    const screen = model.screen('w1');
    if (screen) expect(snapshot(screen)).toEqual(snapshot(await playedFromStart(3)));
  });

  it('puts every pane, marker and layout change on the session clock', async () => {
    const model = await ReplayModel.load(dir);
    disposables.push(model);
    expect(model.paneIds()).toEqual(['w1', 'w2']);
    const markers = model.markers();
    expect(markers[0]?.label).toBe('task 0 assigned');
    expect(markers.map((marker) => marker.timeMs)).toEqual(
      [...markers.map((marker) => marker.timeMs)].sort((a, b) => a - b),
    );
    const w2 = model.paneAt('w2', 5000);
    expect(model.paneAt('w2', 10)).toBeNull();
    expect(w2?.ended).toBe(true);
    const w2Start = w2?.recording.startMs ?? 0;
    expect(await model.screenAt('w2', w2Start - 1)).toBeNull();
    const shown = await model.screenAt('w2', w2Start + 50);
    if (shown) disposables.push(shown);
    expect(shown && snapshot(shown).text.slice(0, 2)).toEqual([
      '$ echo hi                     ',
      'hi                            ',
    ]);
    expect(model.layoutAt(0)?.panes).toEqual(['w1']);
    expect(model.layoutAt(w2Start + 1)).toMatchObject({ panes: ['w1', 'w2'], focus: 'w2' });
    expect(model.layoutAt(model.duration())).toMatchObject({ zoom: 'w1' });
    expect(model.duration()).toBe(model.manifest.panes[0]?.endMs);
    expect(model.issues()).toEqual([]);
  });
});

describe('ReplayModel on damaged recordings', () => {
  let damaged: string;
  beforeAll(async () => {
    damaged = mkdtempSync(join(tmpdir(), 'multibot-damaged-'));
    const { recorder } = await recordSteps(damaged, steps);
    await recorder.close();
  });
  afterAll(() => rmSync(damaged, { recursive: true, force: true }));

  it('seeks without keyframes, learning them as it goes, and reports skipped lines', async () => {
    rmSync(join(damaged, 'w1.keyframes.jsonl'), { force: true });
    appendFileSync(join(damaged, 'w1.cast'), '[9999, "o", "cut sho');
    const model = await ReplayModel.load(damaged, {
      policy: { everyChars: 2000, everySeconds: 10 },
    });
    disposables.push(model);
    for (const ms of randomTimes(10, model.duration(), 5)) {
      const seeked = await model.screenAt('w1', ms);
      if (!seeked) throw new Error(`no screen at ${ms}`);
      disposables.push(seeked);
      expect(snapshot(seeked), `at ${ms} ms`).toEqual(snapshot(await playedFromStart(ms / 1000)));
    }
    await model.seek(model.duration());
    const issues = model.issues();
    expect(issues).toHaveLength(1);
    expect(issues[0]?.file).toBe('w1.cast');
    expect(issues[0]?.message).toMatch(/^1 unreadable line skipped \(first: line \d+\)$/);
  });

  it('reports a missing cast and plays the rest; plays casts alone without a manifest', async () => {
    unlinkSync(join(damaged, 'w2.cast'));
    const model = await ReplayModel.load(damaged);
    disposables.push(model);
    expect(model.issues()).toContainEqual({ file: 'w2.cast', message: 'missing' });
    expect(await model.screenAt('w2', 5000)).toBeNull();
    unlinkSync(join(damaged, 'manifest.json'));
    const bare = await ReplayModel.load(damaged);
    disposables.push(bare);
    expect(bare.paneIds()).toEqual(['w1']);
    const end = await bare.screenAt('w1', bare.duration());
    if (end) disposables.push(end);
    expect(end && snapshot(end).text.join('\n')).toContain('all done');
  });
});

describe('ReplayModel on a session still recording', () => {
  it('plays what reached the disk so far', async () => {
    const live = mkdtempSync(join(tmpdir(), 'multibot-live-'));
    try {
      const { recorder } = await recordSteps(live, steps.slice(0, 200));
      await recorder.flush();
      const model = await ReplayModel.load(live);
      disposables.push(model);
      expect(model.paneAt('w1', 0)?.recording.endMs).toBeNull();
      const sofar = (await readCast(join(live, 'w1.cast'))).events;
      const reference = createScreen(START.cols, START.rows);
      disposables.push(reference);
      await applyEvents(reference, sofar);
      const shown = await model.screenAt('w1', model.duration());
      if (shown) disposables.push(shown);
      expect(shown && snapshot(shown)).toEqual(snapshot(reference));
      await recorder.close();
    } finally {
      rmSync(live, { recursive: true, force: true });
    }
  });
});

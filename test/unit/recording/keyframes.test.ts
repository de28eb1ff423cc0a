import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createScreen,
  restoreScreen,
  serializeScreen,
  writeParsed,
} from '../../../src/recording/headlessScreen.js';
import { KeyframeTaker } from '../../../src/recording/keyframeTaker.js';
import {
  encodeKeyframeLine,
  insertKeyframe,
  keyframeAt,
  keyframeSidecarPath,
  readKeyframes,
  type Keyframe,
} from '../../../src/recording/keyframes.js';
import { snapshot } from './sample.js';

const ESC = '\x1b';
const terminals: { dispose(): void }[] = [];
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.dispose();
});

/**
 * A keyframe is right when a screen restored from it and the original go on to the
 * same screen: state the eye cannot see (scroll region, pen, saved cursor) shows up
 * only in what later output does.
 */
async function expectRestorable(
  before: string,
  after: string,
  cols = 40,
  rows = 10,
): Promise<void> {
  const live = createScreen(cols, rows);
  terminals.push(live);
  await writeParsed(live, before);
  const restored = await restoreScreen(cols, rows, serializeScreen(live));
  terminals.push(restored);
  expect(snapshot(restored)).toEqual(snapshot(live));
  await writeParsed(live, after);
  await writeParsed(restored, after);
  expect(snapshot(restored)).toEqual(snapshot(live));
}

describe('serializeScreen / restoreScreen', () => {
  it('keeps colours, wide glyphs and the pen in use', async () => {
    await expectRestorable(
      `${ESC}[1;31mred ${ESC}[38;2;1;2;3mtrue 日本 🚀${ESC}[0m\r\n${ESC}[44mstill blue `,
      'text in the same pen\r\n',
    );
  });

  it('keeps a scroll region and an origin-mode cursor', async () => {
    await expectRestorable(
      `header\r\n${ESC}[3;7r${ESC}[5;2Hinside`,
      '\r\n1\r\n2\r\n3\r\n4\r\n5 scrolled inside the region',
    );
    await expectRestorable(`${ESC}[2;6r${ESC}[?6h${ESC}[3;4Horigin`, '\r\nnext\r\n');
  });

  it('keeps a saved cursor and a hidden cursor', async () => {
    await expectRestorable(
      `abc\r\n${ESC}[4;9H${ESC}7${ESC}[1;1H${ESC}[?25l`,
      `${ESC}8restored here`,
    );
  });

  it('keeps a pending wrap at the right margin', async () => {
    await expectRestorable(`line\r\n${'x'.repeat(40)}`, 'wrapped');
  });

  it('keeps the alternate screen and the main screen behind it', async () => {
    await expectRestorable(
      `main 1\r\nmain 2${ESC}[?1049h${ESC}[H${ESC}[2Jfull screen app`,
      `${ESC}[?1049lback`,
    );
  });

  it('keeps enough scrollback for a pane that grows', async () => {
    let lines = '';
    for (let i = 0; i < 60; i += 1) lines += `line ${i}\r\n`;
    const live = createScreen(40, 10);
    terminals.push(live);
    await writeParsed(live, lines);
    const restored = await restoreScreen(40, 10, serializeScreen(live));
    terminals.push(restored);
    live.resize(60, 40);
    restored.resize(60, 40);
    expect(snapshot(restored)).toEqual(snapshot(live));
  });
});

const frame = (offset: number, t: number): Keyframe => ({
  t,
  event: offset,
  offset,
  cols: 80,
  rows: 24,
  screen: `screen at ${offset}`,
});

describe('keyframe sidecar', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sits beside the cast', () => {
    expect(keyframeSidecarPath('/r/w1.cast')).toBe('/r/w1.keyframes.jsonl');
  });

  it('reads keyframes, skipping bad lines and ones out of order', async () => {
    dir = mkdtempSync(join(tmpdir(), 'multibot-kf-'));
    const file = join(dir, 'w1.keyframes.jsonl');
    writeFileSync(
      file,
      [
        encodeKeyframeLine(frame(100, 1)),
        'garbage\n',
        encodeKeyframeLine(frame(50, 2)),
        encodeKeyframeLine(frame(200, 3)),
        encodeKeyframeLine(frame(300, 4)).slice(0, 20),
      ].join(''),
    );
    const { keyframes, skipped, firstBadLine } = await readKeyframes(file);
    expect(keyframes.map((keyframe) => keyframe.offset)).toEqual([100, 200]);
    expect({ skipped, firstBadLine }).toEqual({ skipped: 3, firstBadLine: 2 });
    expect(await readKeyframes(join(dir, 'missing.jsonl'))).toEqual({
      keyframes: [],
      skipped: 0,
      firstBadLine: null,
    });
  });

  it('finds the last keyframe at or before a time, and keeps learnt ones in order', () => {
    const keyframes = [frame(100, 1), frame(200, 2), frame(300, 2), frame(400, 5)];
    expect(keyframeAt(keyframes, 0.5)).toBeNull();
    expect(keyframeAt(keyframes, 2)?.offset).toBe(300);
    expect(keyframeAt(keyframes, 4.9)?.offset).toBe(300);
    expect(keyframeAt(keyframes, 99)?.offset).toBe(400);
    insertKeyframe(keyframes, frame(250, 2));
    insertKeyframe(keyframes, frame(250, 2));
    expect(keyframes.map((keyframe) => keyframe.offset)).toEqual([100, 200, 250, 300, 400]);
  });
});

describe('KeyframeTaker', () => {
  const at = (index: number, time: number) => ({
    index,
    time,
    offset: index * 10,
    end: index * 10 + 10,
  });

  it('takes a keyframe once enough output was parsed, pointing after that event', async () => {
    const taken: Keyframe[] = [];
    const taker = new KeyframeTaker({
      cols: 20,
      rows: 5,
      policy: { everyChars: 10, everySeconds: 60 },
      onKeyframe: (keyframe) => taken.push(keyframe),
    });
    taker.output('hello ', at(0, 0.5));
    taker.resize(30, 6);
    taker.output('world!\r\n', at(2, 1));
    await taker.idle();
    expect(
      taken.map(({ t, event, offset, cols, rows }) => ({ t, event, offset, cols, rows })),
    ).toEqual([{ t: 1, event: 3, offset: 30, cols: 30, rows: 6 }]);
    const restored = await restoreScreen(30, 6, taken[0]?.screen ?? '');
    terminals.push(restored);
    expect(restored.buffer.active.getLine(0)?.translateToString(true)).toBe('hello world!');
    taker.dispose();
  });

  it('gives up, quietly, when its mirror falls too far behind', async () => {
    const taken: Keyframe[] = [];
    const taker = new KeyframeTaker({
      cols: 20,
      rows: 5,
      maxPendingChars: 1000,
      onKeyframe: (keyframe) => taken.push(keyframe),
    });
    taker.output('x'.repeat(600), at(0, 0));
    expect(taker.active).toBe(true);
    taker.output('y'.repeat(600), at(1, 0));
    expect(taker.active).toBe(false);
    await taker.idle();
    expect(taken).toEqual([]);
  });
});

import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CastFormatError } from '../../../src/recording/castFormat.js';
import {
  CastCursor,
  readCast,
  readCastHeader,
  readLastEventTime,
} from '../../../src/recording/castReader.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'multibot-read-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = '{"version":2,"width":80,"height":24,"timestamp":1700000000,"env":{"TERM":"xterm"}}';

function cast(name: string, lines: string[], trailingNewline = true): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + (trailingNewline ? '\n' : ''));
  return file;
}

describe('readCast', () => {
  it('skips and counts corrupt and truncated lines, and reports the first', async () => {
    const file = cast(
      'bad.cast',
      [
        HEADER,
        '[0.1, "o", "one"]',
        '[0.2, "o", "tw', // cut in half by a crash mid-write, then writing went on
        '\u0000\u0000\u0000',
        '',
        '{"not": "an event"}',
        '[0.3, "r", "banana"]',
        '[-1, "o", "negative"]',
        '[0.4, "o", "four"]',
        '[0.5, "o", "fi', // the file ends mid-line
      ],
      false,
    );
    const { header, events, stats } = await readCast(file);
    expect(header.width).toBe(80);
    expect(events.map((event) => event.data)).toEqual(['one', 'four']);
    expect(stats).toEqual({ skipped: 6, firstBadLine: 3 });
  });

  it('forces times to never decrease', async () => {
    const file = cast('times.cast', [
      HEADER,
      '[1.0, "o", "a"]',
      '[0.5, "o", "b"]',
      '[2.0, "m", "c"]',
      '[1.5, "o", "d"]',
    ]);
    const { events } = await readCast(file);
    expect(events.map((event) => event.time)).toEqual([1, 1, 2, 2]);
  });

  it('reads lines longer than its buffer, with their byte offsets', async () => {
    const big = 'é'.repeat(300_000);
    const file = cast('big.cast', [HEADER, '[0.1, "o", "a"]', JSON.stringify([0.2, 'o', big])]);
    const cursor = await CastCursor.open(file, { chunkBytes: 1024 });
    const events = [];
    for (let batch = await cursor.next(); batch; batch = await cursor.next()) events.push(...batch);
    await cursor.close();
    expect(events.map((event) => event.data.length)).toEqual([1, big.length]);
    expect(events[1]?.offset).toBe(events[0]?.end);
  });

  it('reads from a byte offset, up to a time, a chunk at a time', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 1000; i += 1) lines.push(JSON.stringify([i / 10, 'o', `event ${i}\r\n`]));
    const file = cast('many.cast', lines);
    const all = (await readCast(file)).events;
    const from = all[500];
    const cursor = await CastCursor.open(file, { offset: from?.offset, chunkBytes: 4096 });
    const got = [];
    for (let batch = await cursor.nextUntil(60); batch.length > 0;) {
      got.push(...batch);
      batch = await cursor.nextUntil(60);
    }
    expect(got.map((event) => event.data)).toEqual(all.slice(500, 601).map((event) => event.data));
    expect(await cursor.peekTime()).toBe(60.1);
    expect(cursor.offset).toBe(all[601]?.offset);
    await cursor.close();
  });

  it('leaves a half-written last line of a growing file for the next read', async () => {
    const file = cast('live.cast', [HEADER, '[0.1, "o", "a"]', '[0.2, "o", "b'], false);
    const cursor = await CastCursor.open(file, { growing: true });
    expect((await cursor.nextUntil(10)).map((event) => event.data)).toEqual(['a']);
    expect(await cursor.nextUntil(10)).toEqual([]);
    appendFileSync(file, 'cd"]\n[0.3, "o", "e"]\n');
    const later = [];
    for (let batch = await cursor.nextUntil(10); batch.length > 0;) {
      later.push(...batch);
      batch = await cursor.nextUntil(10);
    }
    expect(later.map((event) => event.data)).toEqual(['bcd', 'e']);
    expect(cursor.stats.skipped).toBe(0);
    await cursor.close();
  });

  it('finds the last event time from the end of the file', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 5000; i += 1) lines.push(JSON.stringify([i, 'o', 'x'.repeat(50)]));
    lines.push('[4999.5, "o", "trunc');
    const file = cast('tail.cast', lines, false);
    const { end } = await readCastHeader(file);
    expect(await readLastEventTime(file, end)).toBe(4999);
    expect(await readLastEventTime(cast('empty.cast', [HEADER]), end)).toBeNull();
  });

  it('refuses a file whose header is not asciicast v2, saying why', async () => {
    await expect(readCastHeader(cast('empty.cast', [], false))).rejects.toThrow(/empty/);
    await expect(readCastHeader(cast('json.cast', ['not json']))).rejects.toThrow(/not JSON/);
    await expect(
      readCastHeader(cast('v1.cast', ['{"version":1,"width":80,"height":24}'])),
    ).rejects.toThrow(/version/);
    await expect(
      readCastHeader(cast('size.cast', ['{"version":2,"width":0,"height":24}'])),
    ).rejects.toBeInstanceOf(CastFormatError);
  });
});

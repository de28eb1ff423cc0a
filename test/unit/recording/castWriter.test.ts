import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueueOverflowError, type AppendTarget } from '../../../src/recording/appendQueue.js';
import { makeCastHeader } from '../../../src/recording/castFormat.js';
import { CastWriter } from '../../../src/recording/castWriter.js';
import { FakeClock } from '../../helpers/fakeClock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'multibot-cast-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const header = makeCastHeader({
  cols: 80,
  rows: 24,
  startedAtMs: 1_700_000_000_500,
  command: 'claude',
  title: 'worker 1',
  env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
});

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').slice(0, -1);
}

function enospc(): Error {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}

describe('CastWriter', () => {
  it('writes an asciicast v2 header and events with times since the start', async () => {
    const clock = new FakeClock();
    const file = join(dir, 'w1.cast');
    const writer = new CastWriter({ file, header, clock });
    writer.output('\x1b[31mred\x1b[0m\r\n');
    clock.advance(1500);
    expect(writer.resize(100, 30)).not.toBeNull();
    expect(writer.resize(100, 30)).toBeNull();
    writer.marker('task assigned');
    clock.advance(250);
    writer.output('日本語 🚀');
    expect(writer.input('ls\r')).toBeNull();
    await writer.close();

    const [head, ...events] = lines(file);
    expect(JSON.parse(head ?? '')).toEqual({
      version: 2,
      width: 80,
      height: 24,
      timestamp: 1_700_000_000,
      command: 'claude',
      title: 'worker 1',
      env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
    });
    expect(events.map((line) => JSON.parse(line) as unknown)).toEqual([
      [0, 'o', '\x1b[31mred\x1b[0m\r\n'],
      [1.5, 'r', '100x30'],
      [1.5, 'm', 'task assigned'],
      [1.75, 'o', '日本語 🚀'],
    ]);
  });

  it('keeps times non-decreasing when the clock steps back, and records input only on request', async () => {
    let now = 10_000;
    const clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
    const file = join(dir, 'w1.cast');
    const writer = new CastWriter({ file, header, clock, recordInput: true });
    now += 2000;
    writer.output('a');
    now -= 1000;
    writer.input('b');
    await writer.close();
    const times = lines(file)
      .slice(1)
      .map((line) => (JSON.parse(line) as [number, string, string])[0]);
    expect(times).toEqual([2, 2]);
    expect(JSON.parse(lines(file)[2] ?? '')).toEqual([2, 'i', 'b']);
  });

  it('reports byte offsets that match the file', async () => {
    const file = join(dir, 'w1.cast');
    const writer = new CastWriter({ file, header });
    const positions = ['plain', 'ümlaut ✔', '\x1b[1mbold'].map((data) => writer.output(data));
    await writer.close();
    const bytes = readFileSync(file);
    positions.forEach((position, index) => {
      expect(position?.index).toBe(index);
      const line = bytes.subarray(position?.offset, position?.end).toString('utf8');
      expect(line.endsWith('\n')).toBe(true);
      expect((JSON.parse(line) as unknown[])[2]).toBe(['plain', 'ümlaut ✔', '\x1b[1mbold'][index]);
    });
    expect(writer.byteLength).toBe(bytes.length);
  });

  it('stops on a write error, reports it once, drops what follows and never throws', async () => {
    const errors: Error[] = [];
    const written: string[] = [];
    let writes = 0;
    const target: AppendTarget = {
      write: (data) => {
        writes += 1;
        if (writes > 1) return Promise.reject(enospc());
        written.push(data.toString('utf8'));
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    };
    const writer = new CastWriter({
      file: 'fake.cast',
      header,
      open: () => Promise.resolve(target),
      onError: (error) => errors.push(error),
    });
    writer.output('first');
    await writer.flush();
    writer.output('second');
    await writer.flush();
    expect(writer.stopped).toBe(true);
    expect(writer.output('third')).toBeNull();
    writer.marker('ignored');
    await writer.close();
    expect(errors).toHaveLength(1);
    expect((errors[0] as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(writes).toBe(2);
    expect(written.join('')).toContain('"first"');
  });

  it('gives up instead of growing when the disk cannot keep up', async () => {
    const errors: Error[] = [];
    let release = (): void => {};
    const target: AppendTarget = {
      // The first write hangs, like a stalled disk, until the test lets it go.
      write: () => new Promise<void>((resolve) => (release = resolve)),
      close: () => Promise.resolve(),
    };
    const writer = new CastWriter({
      file: 'slow.cast',
      header,
      maxQueuedBytes: 10_000,
      open: () => Promise.resolve(target),
      onError: (error) => errors.push(error),
    });
    writer.output('x'.repeat(1000));
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 20; i += 1) writer.output('y'.repeat(1000));
    expect(writer.stopped).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(QueueOverflowError);
    release();
    await writer.close();
    expect(errors).toHaveLength(1);
  });

  it('never overwrites an existing file', async () => {
    const file = join(dir, 'w1.cast');
    const first = new CastWriter({ file, header });
    first.output('kept');
    await first.close();
    const errors: Error[] = [];
    const second = new CastWriter({ file, header, onError: (error) => errors.push(error) });
    second.output('lost');
    await second.close();
    expect((errors[0] as NodeJS.ErrnoException).code).toBe('EEXIST');
    expect(readFileSync(file, 'utf8')).toContain('kept');
  });
});

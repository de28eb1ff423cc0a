import { describe, expect, it } from 'vitest';
import { PromptEntry } from '../../../src/engine/promptEntry.js';
import type { ScreenReader } from '../../../src/engine/screenReader.js';
import { WorkerRegistry } from '../../../src/engine/workerRegistry.js';
import type { WorkerSpec } from '../../../src/engine/workerSpec.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import { liveWorker } from './liveWorker.js';

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** A reader that sees a prompt once the screen's first row shows it. */
const echoReader = (delivery: ScreenReader['promptDelivery'] = 'paste'): ScreenReader => ({
  promptDelivery: delivery,
  permissionKeys: null,
  detect: () => null,
  echoed: (screen, text) => screen.rows[0] === text,
});

function setup(
  options: { reader?: ScreenReader | null; spec?: Partial<WorkerSpec>; bracketed?: boolean } = {},
) {
  const clock = new FakeClock();
  const worker = liveWorker('a', { clock, ...(options.spec ? { spec: options.spec } : {}) });
  worker.screen.modeState.bracketedPaste = options.bracketed ?? false;
  const workers = new WorkerRegistry();
  workers.add(
    worker.spec,
    worker.runtime,
    options.reader === undefined ? echoReader() : options.reader,
  );
  return { ...worker, clock, entry: new PromptEntry(workers, clock) };
}

describe('PromptEntry.send', () => {
  it('pastes the prompt bracketed when the agent asked, and presses Enter once it shows', () => {
    const { entry, pty, screen, clock } = setup({ bracketed: true });
    entry.send('a', 'fix the bug');
    expect(pty.written).toEqual([`${PASTE_START}fix the bug${PASTE_END}`]);
    clock.advance(500);
    expect(pty.written).toHaveLength(1);
    screen.setRow(0, 'fix the bug');
    clock.advance(50);
    expect(pty.written.at(-1)).toBe('\r');
  });

  it('presses Enter after two seconds when the prompt never shows', () => {
    const { entry, pty, clock } = setup();
    entry.send('a', 'hello');
    clock.advance(1_999);
    expect(pty.written).toEqual(['hello']);
    clock.advance(1);
    expect(pty.written).toEqual(['hello', '\r']);
  });

  it('presses Enter at the first poll without a screen reader', () => {
    const { entry, pty, clock } = setup({ reader: null });
    entry.send('a', 'hello');
    clock.advance(50);
    expect(pty.written).toEqual(['hello', '\r']);
  });

  it("types the prompt on one line when the worker's profile says so, over its reader", () => {
    const { entry, pty } = setup({ spec: { promptDelivery: 'type' }, bracketed: true });
    entry.send('a', 'one\ntwo\r\nthree');
    expect(pty.written).toEqual(['one two three']);
  });

  it('types the prompt when only the reader asks for that', () => {
    const { entry, pty } = setup({ reader: echoReader('type'), bracketed: true });
    entry.send('a', 'one\ntwo');
    expect(pty.written).toEqual(['one two']);
  });

  it('sends nothing to a worker that takes no prompts, or has ended', () => {
    const none = setup({ spec: { promptDelivery: 'none' } });
    none.entry.send('a', 'hello');
    none.clock.advance(5_000);
    expect(none.pty.written).toEqual([]);
    const ended = setup();
    ended.pty.end(0);
    ended.entry.send('a', 'hello');
    expect(ended.pty.written).toEqual([]);
  });

  it('gives up on Enter when the worker ends while it waits', () => {
    const { entry, pty, clock } = setup();
    entry.send('a', 'hello');
    pty.end(0);
    clock.advance(5_000);
    expect(pty.written).toEqual(['hello']);
  });
});

describe('PromptEntry.typeAnswer', () => {
  it('types the answer and presses Enter a moment later', () => {
    const { entry, pty, clock } = setup();
    entry.typeAnswer('a', 'yes');
    expect(pty.written).toEqual(['yes']);
    clock.advance(60);
    expect(pty.written).toEqual(['yes', '\r']);
  });
});

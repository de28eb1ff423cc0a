import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ScreenHost, type ScreenChannel } from '../../../src/terminal/screenHost.js';
import type {
  FromWorker,
  PaneUpdate,
  RowUpdate,
  ToWorker,
} from '../../../src/terminal/screenProtocol.js';
import { ScreenWorkerCore, type FlushTimers } from '../../../src/terminal/screenWorkerCore.js';
import { ThreadedPaneScreen } from '../../../src/terminal/threadedScreen.js';

/*
 * The mirror against a scripted worker (batches crafted here), and the worker's batching
 * against a hand-driven clock. The behaviour both screens share is in paneScreen.test.ts.
 */

const RESET = '\x1b[0m';

/** A plain-text row as rowToAnsi renders it, with its column starts. */
function row(y: number, text: string, cols: number): RowUpdate {
  const padded = text.padEnd(cols).slice(0, cols);
  const starts = new Uint32Array(cols + 1).map((_, i) => RESET.length + i);
  return { y, ansi: RESET + padded + RESET, text: text.trimEnd(), starts };
}

function scriptedWorker() {
  const posted: ToWorker[] = [];
  const active: boolean[] = [];
  let deliver: (message: FromWorker) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const channel: ScreenChannel = {
    post: (message) => posted.push(message),
    onMessage: (listener) => (deliver = listener),
    onFailure: (listener) => (fail = listener),
    setActive: (value) => active.push(value),
    close: () => Promise.resolve(),
  };
  const host = new ScreenHost({ connect: () => channel });
  return {
    host,
    posted,
    active,
    batch: (...panes: PaneUpdate[]) => deliver({ t: 'batch', panes }),
    reply: (id: number, data: string) => deliver({ t: 'reply', id, data }),
    die: () => fail(new Error('worker gone')),
  };
}

function update(id: number, patch: Partial<PaneUpdate> = {}): PaneUpdate {
  return {
    id,
    seq: 0,
    parsed: 0,
    cols: 10,
    rows: 3,
    history: 0,
    offset: 0,
    cursorX: 0,
    cursorY: 0,
    cursorHidden: false,
    modes: {
      applicationCursorKeys: false,
      bracketedPaste: false,
      mouseTracking: 'none',
      sgrMouse: false,
    },
    changed: [],
    ...patch,
  };
}

const mirrors: ThreadedPaneScreen[] = [];
afterEach(() => {
  for (const mirror of mirrors.splice(0)) mirror.dispose();
});

function mirror(host: ScreenHost, cols = 10, rows = 3): ThreadedPaneScreen {
  const created = new ThreadedPaneScreen({ cols, rows, scrollback: 100, host });
  mirrors.push(created);
  return created;
}

describe('ThreadedPaneScreen mirror', () => {
  it('runs acks in write order once a batch reports them parsed, after its rows landed', () => {
    const worker = scriptedWorker();
    const pane = mirror(worker.host);
    const seen: string[] = [];
    pane.write('a', () => seen.push(`a:${pane.rowText(0)}`));
    pane.write('b');
    pane.write('c', () => seen.push(`c:${pane.rowText(0)}`));
    expect(
      worker.posted.filter((m) => m.t === 'write').map((m) => m.t === 'write' && m.data),
    ).toEqual(['a', 'b', 'c']);

    worker.batch(update(1, { parsed: 2, changed: [row(0, 'ab', 10)] }));
    expect(seen).toEqual(['a:ab']);
    worker.batch(update(1, { parsed: 3, changed: [row(0, 'abc', 10)] }));
    expect(seen).toEqual(['a:ab', 'c:abc']);
  });

  it('keeps the worker referenced only while an ack is awaited', () => {
    const worker = scriptedWorker();
    const pane = mirror(worker.host);
    pane.write('x');
    expect(worker.active).toEqual([false]);
    pane.write('y', () => undefined);
    pane.write('z', () => undefined);
    expect(worker.active).toEqual([false, true]);
    worker.batch(update(1, { parsed: 3 }));
    expect(worker.active).toEqual([false, true, false]);
    pane.write('w', () => undefined);
    pane.dispose();
    expect(worker.active).toEqual([false, true, false, true, false]);
    expect(worker.posted.at(-1)).toEqual({ t: 'close', id: 1 });
  });

  it('answers scrollBy at once from the reported history and tells the worker', () => {
    const worker = scriptedWorker();
    const pane = mirror(worker.host);
    worker.batch(update(1, { history: 20 }));
    let changes = 0;
    pane.onChange(() => changes++);
    expect(pane.scrollBy(5)).toBe(5);
    expect(pane.scrollBy(100)).toBe(20);
    expect(pane.scrollBy(100)).toBe(20);
    expect(pane.cursor().visible).toBe(false);
    expect(changes).toBe(2);
    expect(worker.posted.filter((m) => m.t === 'scroll')).toEqual([
      { t: 'scroll', id: 1, seq: 1, lines: 5 },
      { t: 'scroll', id: 1, seq: 2, lines: 15 },
    ]);
  });

  it('does not let a batch made before a scroll undo it, but takes its rows', () => {
    const worker = scriptedWorker();
    const pane = mirror(worker.host);
    worker.batch(update(1, { history: 20 }));
    pane.scrollBy(4);
    worker.batch(update(1, { seq: 0, history: 21, offset: 0, changed: [row(0, 'old view', 10)] }));
    expect(pane.scrollOffset()).toBe(4);
    expect(pane.rowText(0)).toBe('old view');
    // Output arrived while scrolled back: the worker keeps the view, the offset grows.
    worker.batch(update(1, { seq: 1, history: 23, offset: 6, changed: [row(0, 'new view', 10)] }));
    expect(pane.scrollOffset()).toBe(6);
    expect(pane.rowText(0)).toBe('new view');
  });

  it('shows the old rows cut or padded to a new width until the worker sends new ones', () => {
    const worker = scriptedWorker();
    const pane = mirror(worker.host, 10, 3);
    worker.batch(update(1, { changed: [row(0, 'abcdefghij', 10)] }));
    pane.resize(4, 3);
    expect(pane.renderRow(0)).toBe(RESET + 'abcd' + RESET);
    pane.resize(12, 3);
    expect(pane.renderRow(0).replace(/\x1b\[0m/g, '')).toBe('abcdefghij  ');
    expect(
      worker.posted.filter((m) => m.t === 'resize').map((m) => m.t === 'resize' && m.seq),
    ).toEqual([1, 2]);
    worker.batch(update(1, { seq: 2, cols: 12, changed: [row(0, 'wider', 12)] }));
    expect(pane.renderRow(0)).toBe(RESET + 'wider       ' + RESET);
  });

  it('forwards replies as they come', () => {
    const worker = scriptedWorker();
    const pane = mirror(worker.host);
    const replies: string[] = [];
    pane.onReply((data) => replies.push(data));
    worker.reply(1, '\x1b[1;1R');
    expect(replies).toEqual(['\x1b[1;1R']);
  });

  it('gives every pending ack when the worker dies, and later ones at once', () => {
    const worker = scriptedWorker();
    const pane = mirror(worker.host);
    let acks = 0;
    pane.write('a', () => acks++);
    pane.write('b', () => acks++);
    worker.die();
    expect(acks).toBe(2);
    const before = worker.posted.length;
    pane.write('c', () => acks++);
    expect(acks).toBe(3);
    expect(worker.posted.length).toBe(before);
  });

  it('drops the acks of a disposed pane, as PaneScreen does', () => {
    const worker = scriptedWorker();
    const pane = mirror(worker.host);
    let acks = 0;
    pane.write('a', () => acks++);
    pane.dispose();
    worker.batch(update(1, { parsed: 1 }));
    expect(acks).toBe(0);
  });
});

/** A clock moved by hand; timers fire only when the test runs them. */
function manualTimers() {
  let now = 1000;
  const pending = new Map<number, { at: number; callback: () => void }>();
  let next = 1;
  let scheduled: () => void = () => undefined;
  const timers: FlushTimers = {
    now: () => now,
    later: (callback, ms) => {
      const id = next++;
      pending.set(id, { at: now + ms, callback });
      scheduled();
      return id;
    },
    cancel: (handle) => pending.delete(handle as number),
  };
  return {
    timers,
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...pending]) {
        if (timer.at > now) continue;
        pending.delete(id);
        timer.callback();
      }
    },
    /** Resolves when the core next sets a timer: a change it holds back. */
    nextTimer: () => new Promise<void>((resolve) => (scheduled = resolve)),
  };
}

function workerCore(minIntervalMs = 4, maxDelayMs = 16) {
  const clock = manualTimers();
  const batches: PaneUpdate[][] = [];
  const replies: string[] = [];
  let posted: () => void = () => undefined;
  const core = new ScreenWorkerCore({
    timers: clock.timers,
    minIntervalMs,
    maxDelayMs,
    post: (message) => {
      if (message.t === 'batch') batches.push(message.panes);
      else replies.push(message.data);
      posted();
    },
  });
  return {
    core,
    clock,
    batches,
    replies,
    nextPost: () => new Promise<void>((resolve) => (posted = resolve)),
  };
}

const texts = (panes: PaneUpdate[] | undefined) =>
  panes?.map((pane) => pane.changed.map((changed) => `${changed.y}:${changed.text}`));

describe('ScreenWorkerCore batching', () => {
  it('sends a pane that went idle at once, with only the rows that changed', async () => {
    const { core, batches, nextPost } = workerCore();
    core.handle({ t: 'open', id: 7, cols: 10, rows: 3, scrollback: 10 });
    const post = nextPost();
    core.handle({ t: 'write', id: 7, data: 'one\r\ntwo' });
    await post;
    expect(texts(batches[0])).toEqual([['0:one', '1:two', '2:']]);
    expect(batches[0]?.[0]).toMatchObject({ id: 7, parsed: 1, cursorX: 3, cursorY: 1 });
    core.dispose();
    expect(batches).toHaveLength(1);
  });

  it('holds back a change that comes within the interval, and sends it when the clock says', async () => {
    const { core, clock, batches, nextPost } = workerCore();
    core.handle({ t: 'open', id: 1, cols: 10, rows: 3, scrollback: 10 });
    const first = nextPost();
    core.handle({ t: 'write', id: 1, data: 'a' });
    await first;
    // '\r\nb' is parsed while 'c' waits: busy, so held back for the longer interval...
    const busy = clock.nextTimer();
    core.handle({ t: 'write', id: 1, data: '\r\nb' });
    core.handle({ t: 'write', id: 1, data: 'c' });
    await busy;
    // ...then 'c' is parsed: idle, held back for the shorter one.
    await clock.nextTimer();
    expect(batches).toHaveLength(1);
    clock.advance(4);
    expect(batches).toHaveLength(2);
    expect(texts(batches[1])).toEqual([['1:bc']]);
    expect(batches[1]?.[0]?.parsed).toBe(3);
    core.dispose();
  });

  it('sends a resize or scroll at once, every row after a new width, with its sequence number', async () => {
    const { core, batches, nextPost } = workerCore();
    core.handle({ t: 'open', id: 1, cols: 10, rows: 2, scrollback: 10 });
    const written = nextPost();
    core.handle({ t: 'write', id: 1, data: '1\r\n2\r\n3\r\n4' });
    await written;
    expect(batches[0]?.[0]).toMatchObject({ history: 2, offset: 0 });
    core.handle({ t: 'scroll', id: 1, seq: 1, lines: 1 });
    expect(batches[1]?.[0]).toMatchObject({ seq: 1, offset: 1 });
    expect(texts(batches[1])).toEqual([['0:2', '1:3']]);
    core.handle({ t: 'resize', id: 1, seq: 2, cols: 8, rows: 2 });
    expect(batches[2]?.[0]).toMatchObject({ seq: 2, cols: 8 });
    expect(batches[2]?.[0]?.changed.map((changed) => changed.starts.length)).toEqual([9, 9]);
    core.dispose();
  });

  it('posts replies on their own, at once', async () => {
    const { core, replies, nextPost } = workerCore();
    core.handle({ t: 'open', id: 1, cols: 10, rows: 2, scrollback: 10 });
    const post = nextPost();
    core.handle({ t: 'write', id: 1, data: '\x1b[6n' });
    await post;
    expect(replies).toEqual(['\x1b[1;1R']);
    core.dispose();
  });
});

describe('ScreenWorkerCore feeding', () => {
  it('lets a quiet pane through while another has a long queue', async () => {
    const { core, batches, nextPost } = workerCore(0, 0);
    core.handle({ t: 'open', id: 1, cols: 20, rows: 2, scrollback: 10 });
    core.handle({ t: 'open', id: 2, cols: 20, rows: 2, scrollback: 10 });
    const chunk = 'x'.repeat(16_000);
    for (let i = 0; i < 8; i++) core.handle({ t: 'write', id: 1, data: chunk });
    core.handle({ t: 'write', id: 2, data: 'echo' });
    let quiet: PaneUpdate | undefined;
    while (!quiet) {
      await nextPost();
      quiet = batches.flat().find((pane) => pane.id === 2);
    }
    const flooded = batches.flat().filter((pane) => pane.id === 1);
    expect(quiet.changed[0]?.text).toBe('echo');
    expect(Math.max(0, ...flooded.map((pane) => pane.parsed))).toBeLessThan(8);
    core.dispose();
  });
});

describe('ScreenHost with a real worker thread', () => {
  it('parses in the worker, and stops it on dispose', async () => {
    const host = new ScreenHost();
    const pane = new ThreadedPaneScreen({ cols: 10, rows: 2, scrollback: 10, host });
    await new Promise<void>((resolve) => pane.write('\x1b[1mhi', resolve));
    expect(pane.rowText(0)).toBe('hi');
    expect(pane.renderRow(0)).toBe('\x1b[0m\x1b[1mhi\x1b[22m        \x1b[0m');
    await host.dispose();
    // The pane outlives its worker: writes are acked at once, nothing throws.
    let acked = false;
    pane.write('more', () => (acked = true));
    expect(acked).toBe(true);
    pane.dispose();
  });
});

describe('the screen workers and the process', () => {
  it('do not keep a process alive once nothing waits for them', () => {
    const factory = new URL('../../../src/terminal/screenFactory.ts', import.meta.url).href;
    const script = `
      const { createScreenFactory } = await import(${JSON.stringify(factory)});
      const screens = createScreenFactory('worker');
      const screen = screens.create({ cols: 20, rows: 2, scrollback: 10 });
      screen.write('parsed', () => {
        process.stdout.write(screen.rowText(0));
        screen.dispose();
      });`;
    // Without the fix this child never exits: spawnSync gives up and reports a signal.
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 25_000 },
    );
    expect(child.stderr).toBe('');
    expect({ status: child.status, signal: child.signal, out: child.stdout }).toEqual({
      status: 0,
      signal: null,
      out: 'parsed',
    });
  });
});

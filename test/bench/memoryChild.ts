/**
 * T4's child process (see memory.ts): its RSS is the control room's own. Run
 * with --expose-gc and the tsx loader; takes a MemoryChildInput as JSON in
 * argv[2] and sends one MemoryChildOutput over IPC.
 *
 * Like run.ts, the CI variables go before Ink is loaded, hence the dynamic imports.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import type { MemoryChildInput, MemoryChildOutput, MemorySnapshot } from './memory.js';

delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
process.env.NODE_ENV ??= 'production';

const { HeadlessControlRoom } = await import('./controlRoom.js');
const { shellQuote } = await import('./flood.js');
const { sleep, withTimeout } = await import('./stats.js');
const { runCleanups } = await import('./cleanup.js');
const { procStatusBytes } = await import('./memory.js');
const { emulationFromEnv } = await import('../../src/terminal/screenFactory.js');

/** After a full GC, let V8 hand freed pages back before reading the figures. */
async function snapshot(): Promise<MemorySnapshot> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('memoryChild needs node --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(100);
  }
  const usage = process.memoryUsage();
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    external: usage.external,
    peakRss: procStatusBytes('self', 'VmHWM'),
  };
}

async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const poll = async () => {
    while (!done()) await sleep(25);
  };
  await withTimeout(poll(), timeoutMs, what);
}

async function measure(input: MemoryChildInput): Promise<MemoryChildOutput> {
  // node-pty is loaded lazily at the first spawn: load it now so the baseline has it.
  createRequire(import.meta.url)('node-pty');
  const room = new HeadlessControlRoom({
    cols: input.cols,
    rows: input.rows,
    scrollback: input.scrollback,
  });
  try {
    room.start();
    await withTimeout(room.chromeFrameAfter(0), 10_000, 'first chrome frame');
    await sleep(300);
    const baseline = await snapshot();

    // Each worker waits for the go file, so that its output is written at the pane's
    // final size (adding 32 workers resizes the panes already there), then stays
    // alive as an agent would, without costing this process anything more.
    const command =
      `until [ -e ${shellQuote(input.goFile)} ]; do sleep 0.1; done; ` +
      `cat ${shellQuote(input.file)}; exec sleep ${Math.ceil(input.timeoutMs / 1000) + 60}`;
    for (let i = 1; i <= input.panes; i++) room.addShellWorker(`w${i}`, command, input.cwd);
    const ids = room.workerIds();
    const layoutSettled = () => {
      const layout = room.engine.layout();
      if (layout.kind !== 'tiled' || layout.panes.length !== ids.length) return false;
      return layout.panes.every((pane) => {
        const screen = room.screen(pane.id);
        return screen.cols === pane.interior.width && screen.rows === pane.interior.height;
      });
    };
    await sleep(200);
    await until(layoutSettled, 10_000, 'the panes to take their final size');
    writeFileSync(input.goFile, '');
    await until(
      () => ids.every((id) => room.screen(id).parsed >= input.expectedChars),
      input.timeoutMs,
      'every pane to receive the whole file',
    );
    await Promise.all(ids.map((id) => room.screen(id).flushed()));
    // Let the Renderer and Ink settle on the last frames.
    await sleep(300);
    const charDiffs = ids.map((id) => room.screen(id).parsed - input.expectedChars);
    // Scrolling to the top says how many lines of history each pane holds.
    const scrollback = ids.map((id) => {
      const screen = room.screen(id);
      const lines = screen.scrollBy(1e9);
      screen.scrollToBottom();
      return lines;
    });
    await sleep(100);
    const layout = room.engine.layout();
    const paneSizes: [number, number][] =
      layout.kind === 'tiled'
        ? layout.panes.map((pane) => [pane.interior.width, pane.interior.height])
        : [];
    const loaded = await snapshot();
    return {
      baseline,
      loaded,
      paneSizes,
      scrollback,
      charDiffs,
      emulation: emulationFromEnv(process.env),
    };
  } finally {
    await room.dispose();
  }
}

const send = (message: MemoryChildOutput | { error: string }) =>
  new Promise<void>((resolve) => {
    if (process.send) process.send(message, () => resolve());
    else {
      process.stdout.write(`${JSON.stringify(message)}\n`);
      resolve();
    }
  });

try {
  await send(await measure(JSON.parse(process.argv[2] ?? '{}') as MemoryChildInput));
} catch (error) {
  await send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  runCleanups();
  process.exit(0);
}

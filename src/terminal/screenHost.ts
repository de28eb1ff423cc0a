import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromWorker, PaneUpdate, ToWorker } from './screenProtocol.js';
import { ScreenWorkerCore, type ScreenWorkerCoreOptions } from './screenWorkerCore.js';

/*
 * The main thread's end of the screen workers: worker threads holding the emulators,
 * each pane in the one with the fewest panes. They are started ahead of the first pane
 * (start()) or with it, and stopped by dispose(); they never keep the process alive by
 * themselves: a worker is referenced only while one of its panes waits for a
 * flow-control ack (else a script awaiting one could exit under it), and worker threads
 * end with the process in any case.
 */

/** What a mirror gets from the worker. */
export interface PaneSink {
  apply(update: PaneUpdate): void;
  reply(data: string): void;
  /** The worker is gone: nothing will be parsed or acknowledged any more. */
  lost(): void;
}

/** A mirror's handle on its pane in the worker. */
export interface PaneLink {
  readonly id: number;
  post(message: ToWorker): void;
  /** This pane now waits for `delta` more (or fewer) acks. */
  awaiting(delta: number): void;
  close(): void;
}

/** The transport: a worker thread, or the worker's core in-process for tests. */
export interface ScreenChannel {
  post(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  onFailure(listener: (error: Error) => void): void;
  /** Whether the channel keeps the process alive. */
  setActive(active: boolean): void;
  close(): Promise<void>;
}

export interface ScreenHostOptions {
  /** How many worker threads share the panes (each pane lives in one). */
  workers?: number;
  connect?: () => ScreenChannel;
}

/** One worker thread and the panes it holds. */
interface Slot {
  channel: ScreenChannel;
  sinks: Map<number, PaneSink>;
  /** Acks its panes wait for: while there are any, the worker keeps the process alive. */
  awaiting: number;
}

export class ScreenHost {
  private readonly slots: (Slot | null)[];
  private readonly connect: () => ScreenChannel;
  private nextId = 1;

  constructor(options: ScreenHostOptions = {}) {
    this.slots = Array.from({ length: Math.max(1, options.workers ?? 1) }, () => null);
    this.connect = options.connect ?? workerChannel;
  }

  attach(sink: PaneSink): PaneLink {
    const slot = this.leastBusySlot();
    const id = this.nextId++;
    slot.sinks.set(id, sink);
    let waiting = 0;
    let open = true;
    const live = () => this.slots.includes(slot);
    return {
      id,
      post: (message) => {
        if (open && live()) slot.channel.post(message);
      },
      awaiting: (delta) => {
        waiting += delta;
        setAwaiting(slot, slot.awaiting + delta);
      },
      close: () => {
        if (!open) return;
        open = false;
        setAwaiting(slot, slot.awaiting - waiting);
        waiting = 0;
        slot.sinks.delete(id);
        if (live()) slot.channel.post({ t: 'close', id });
      },
    };
  }

  /** Starts the workers ahead of the first pane: loading xterm in them takes a moment. */
  start(): void {
    for (let i = 0; i < this.slots.length; i++) this.slots[i] ??= this.open(i);
  }

  /** Stops the workers now; every pane still attached is lost. */
  async dispose(): Promise<void> {
    const slots = this.slots.splice(0, this.slots.length, ...this.slots.map(() => null));
    await Promise.all(slots.map((slot) => (slot ? this.drop(slot) : undefined)));
  }

  private leastBusySlot(): Slot {
    let best: Slot | null = null;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = (this.slots[i] ??= this.open(i));
      if (!best || slot.sinks.size < best.sinks.size) best = slot;
    }
    if (!best) throw new Error('ScreenHost: no worker slot');
    return best;
  }

  private open(index: number): Slot {
    const channel = this.connect();
    const slot: Slot = { channel, sinks: new Map(), awaiting: 0 };
    channel.onMessage((message) => {
      if (this.slots[index] !== slot) return;
      if (message.t === 'reply') {
        slot.sinks.get(message.id)?.reply(message.data);
        return;
      }
      for (const update of message.panes) slot.sinks.get(update.id)?.apply(update);
    });
    channel.onFailure(() => {
      if (this.slots[index] !== slot) return;
      this.slots[index] = null;
      void this.drop(slot);
    });
    // After the listeners: adding a message listener refs a worker's port again.
    channel.setActive(false);
    return slot;
  }

  private async drop(slot: Slot): Promise<void> {
    const sinks = [...slot.sinks.values()];
    slot.sinks.clear();
    for (const sink of sinks) sink.lost();
    await slot.channel.close();
  }
}

function setAwaiting(slot: Slot, count: number): void {
  const before = slot.awaiting > 0;
  slot.awaiting = Math.max(0, count);
  if (before !== slot.awaiting > 0) slot.channel.setActive(slot.awaiting > 0);
}

/**
 * The worker's entry point next to this module: `screenWorker.js` when built (dist/), or
 * `screenWorker.ts` when this module itself runs from source (tsx, vitest). A worker's
 * entry is loaded before any loader hook applies, so from source a small bootstrap
 * imports it through tsx's API — the way `node --import tsx` runs the demo agent.
 */
function startWorker(): Worker {
  const built = new URL('./screenWorker.js', import.meta.url);
  const options = { stdout: true, stderr: true } as const;
  if (existsSync(fileURLToPath(built))) return new Worker(built, options);
  const source = new URL('./screenWorker.ts', import.meta.url).href;
  // tsx is a development dependency: there only when running from source.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsxApi)}).then((api) => ` +
    `api.tsImport(${JSON.stringify(source)}, ${JSON.stringify(built.href)}))`;
  return new Worker(bootstrap, { ...options, eval: true });
}

export function workerChannel(): ScreenChannel {
  const worker = startWorker();
  // The worker's console must never reach the host terminal under the tiles, so its
  // stdout and stderr are streams of their own (startWorker), left unread: nothing there
  // writes (xterm is told to stay silent), and reading them would keep the process alive.
  let closed = false;
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    onFailure: (listener) => {
      worker.on('error', listener);
      worker.on('exit', (code) => {
        if (!closed) listener(new Error(`screen worker exited with code ${code}`));
      });
    },
    setActive: (active) => (active ? worker.ref() : worker.unref()),
    close: async () => {
      closed = true;
      await worker.terminate();
    },
  };
}

/**
 * The worker's core on this thread, messages cloned and delivered asynchronously as a
 * port would: for tests of the mirror and the batching without a thread.
 */
export function inProcessChannel(
  coreOptions: Omit<ScreenWorkerCoreOptions, 'post'> = {},
): ScreenChannel & { core: ScreenWorkerCore } {
  const listeners: ((message: FromWorker) => void)[] = [];
  let closed = false;
  const deliver = <T>(message: T, to: (message: T) => void) =>
    queueMicrotask(() => {
      if (!closed) to(structuredClone(message));
    });
  const core = new ScreenWorkerCore({
    ...coreOptions,
    post: (message) => deliver(message, (cloned) => listeners.forEach((l) => l(cloned))),
  });
  return {
    core,
    post: (message) => deliver(message, (cloned) => core.handle(cloned)),
    onMessage: (listener) => listeners.push(listener),
    onFailure: () => undefined,
    setActive: () => undefined,
    close: () => {
      closed = true;
      core.dispose();
      return Promise.resolve();
    },
  };
}

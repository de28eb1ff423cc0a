import type { Clock } from '../util/clock.js';
import { screenText, type ScreenReader, type ScreenText } from './screenReader.js';
import type { WorkerRuntime } from './workerRuntime.js';
import type { WorkerSpec } from './workerSpec.js';

/** The registry as the engine's helpers see it: they look workers up, never add or remove them. */
export type WorkerLookup = Pick<WorkerRegistry, 'runtime' | 'spec' | 'reader' | 'readScreen'>;

/** The engine's workers by id: each one's process and screen, how it was started, how to read it. */
export class WorkerRegistry {
  private readonly runtimes = new Map<string, WorkerRuntime>();
  /** Kept after shutdown too: the last save of a session still lists its workers. */
  private readonly specs = new Map<string, WorkerSpec>();
  private readonly readers = new Map<string, ScreenReader | null>();

  add(spec: WorkerSpec, runtime: WorkerRuntime, reader: ScreenReader | null): void {
    this.runtimes.set(spec.id, runtime);
    this.specs.set(spec.id, spec);
    this.readers.set(spec.id, reader);
  }

  /** Ends the worker's runtime and forgets the worker. */
  remove(id: string): void {
    this.runtimes.get(id)?.dispose();
    this.runtimes.delete(id);
    this.specs.delete(id);
    this.readers.delete(id);
  }

  has(id: string): boolean {
    return this.runtimes.has(id);
  }

  runtime(id: string): WorkerRuntime | undefined {
    return this.runtimes.get(id);
  }

  spec(id: string): WorkerSpec | undefined {
    return this.specs.get(id);
  }

  reader(id: string): ScreenReader | null {
    return this.readers.get(id) ?? null;
  }

  entries(): IterableIterator<[string, WorkerRuntime]> {
    return this.runtimes.entries();
  }

  all(): WorkerRuntime[] {
    return [...this.runtimes.values()];
  }

  /** Null when the worker has no reader or no running process: then there is nothing to read. */
  readScreen<T>(id: string, read: (reader: ScreenReader, screen: ScreenText) => T): T | null {
    const reader = this.readers.get(id);
    const runtime = this.runtimes.get(id);
    if (!reader || !runtime?.running) return null;
    return read(reader, screenText(runtime.screen));
  }

  /**
   * Ends every worker's process group: a polite signal first, SIGKILL for
   * whatever still runs after the grace period.
   */
  async endAll(graceMs: number, clock: Clock): Promise<void> {
    const runtimes = this.all();
    for (const runtime of runtimes) runtime.kill();
    const exited = Promise.all(runtimes.map((runtime) => runtime.whenExited()));
    let timer: unknown = null;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = clock.setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([exited, timeout]);
    clock.clearTimeout(timer);
    if (outcome === 'timeout') {
      for (const runtime of runtimes) runtime.forceKill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 500))]);
    }
  }

  /** Specs and readers stay: a session saved after shutdown still lists its workers. */
  disposeRuntimes(): void {
    for (const runtime of this.runtimes.values()) runtime.dispose();
    this.runtimes.clear();
  }
}

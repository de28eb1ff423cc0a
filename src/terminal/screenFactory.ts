import { availableParallelism } from 'node:os';
import { UserError } from '../util/errors.js';
import { PaneScreen, type PaneScreenOptions } from './paneScreen.js';
import { ScreenHost } from './screenHost.js';
import { ThreadedPaneScreen } from './threadedScreen.js';
import type { PaneScreenApi } from './types.js';

/**
 * Where the panes' terminal emulators run: `worker`, in worker threads shared by the
 * panes, each with a mirror on the main thread (threadedScreen.ts); `main`, on the main
 * thread (paneScreen.ts). Chosen by the MULTIBOT_EMULATION environment variable. The
 * default stays `main`: see workerCount for what the workers were measured to give.
 */
export type EmulationThread = 'main' | 'worker';

export const EMULATION_ENV = 'MULTIBOT_EMULATION';
export const DEFAULT_EMULATION: EmulationThread = 'main';

/** The emulation thread the environment names; unset or empty is the default. */
export function emulationFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): EmulationThread {
  const raw = env[EMULATION_ENV]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return DEFAULT_EMULATION;
  if (raw === 'main' || raw === 'worker') return raw;
  throw new UserError(
    `${EMULATION_ENV}=${raw} is not a setting: use "worker" (terminal emulation in a ` +
      `worker thread) or "main" (on the main thread), or leave it unset (${DEFAULT_EMULATION}).`,
  );
}

export interface ScreenFactory {
  create(options: PaneScreenOptions): PaneScreenApi;
  /** Stops the worker threads, if any (the screens still open stop updating). */
  dispose(): Promise<void>;
}

export function createScreenFactory(thread: EmulationThread): ScreenFactory {
  if (thread === 'main') {
    return { create: (options) => new PaneScreen(options), dispose: () => Promise.resolve() };
  }
  const host = new ScreenHost({ workers: workerCount() });
  host.start();
  return {
    create: (options) => new ThreadedPaneScreen({ ...options, host }),
    dispose: () => host.dispose(),
  };
}

/**
 * Two workers, or one on a single core. Measured on the 2-core machines (T1: 8 panes
 * flooding, 66×15 each, 64 MB): parsing alone keeps one worker ~100% busy for ~3.2 s, so
 * with one worker the flood was parse-bound at about the in-thread figure (~3.9 s against
 * ~4.0 s); two finished in ~3.1 s with the machine ~90% busy; three were no better. The
 * threaded screen spends ~15–25% more CPU in all (rows rendered per batch, messages),
 * and while other work loads the machine its gain was lost in the noise — hence `main`
 * stays the default.
 */
function workerCount(): number {
  return Math.min(2, availableParallelism());
}

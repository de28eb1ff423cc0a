import type { AppState, AppStore } from '../store/store.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { SavedState } from './schema.js';
import type { SessionDb } from './sessionStore.js';

export interface AutosaveOptions {
  store: AppStore;
  /** Picks what is saved out of the live state (plain data, no secrets). */
  toSaved: (state: AppState) => SavedState;
  db: Pick<SessionDb, 'save' | 'idle'>;
  /** Quiet time after the last change before saving (trailing edge). */
  debounceMs?: number;
  /** A store that never goes quiet (a flooding pane's title) still saves this often. */
  maxWaitMs?: number;
  clock?: Clock;
  /** Failed background saves land here; they never reach the store's subscribers. */
  onError?: (error: unknown) => void;
}

export interface Autosave {
  /** Saves the current state now (e.g. at quit); rejects when that save fails. */
  flush(): Promise<void>;
  /** Stops watching the store and saves one last time (rejects like flush). */
  dispose(): Promise<void>;
}

/** Saves the store to `db` whenever it changes, debounced with a maximum wait. */
export function startAutosave(options: AutosaveOptions): Autosave {
  const { store, toSaved, db } = options;
  const debounceMs = options.debounceMs ?? 200;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const clock = options.clock ?? systemClock;
  const onError = options.onError ?? (() => {});

  let timer: unknown = null;
  /** When the first change not yet saved happened; null when nothing is waiting. */
  let dirtySince: number | null = null;
  /** The last state handed to the db, to skip saves of UI-only changes. */
  let lastRequested: string | null = null;
  let disposed = false;

  const cancel = (): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    dirtySince = null;
  };

  // async so a throwing toSaved (a bug) becomes a rejection like a failed write.
  const save = async (force: boolean): Promise<void> => {
    cancel();
    const state = toSaved(store.getState());
    const json = JSON.stringify(state);
    if (!force && json === lastRequested) return db.idle();
    lastRequested = json;
    try {
      await db.save(state);
    } catch (error) {
      // Let the next change try again even when it saves the same state.
      if (lastRequested === json) lastRequested = null;
      throw error;
    }
  };

  const unsubscribe = store.subscribe(() => {
    if (disposed) return;
    const now = clock.now();
    dirtySince ??= now;
    if (timer !== null) clock.clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, dirtySince + maxWaitMs - now));
    timer = clock.setTimeout(() => {
      timer = null;
      save(false).catch(onError);
    }, wait);
  });

  return {
    flush: () => save(true),
    dispose: () => {
      if (disposed) return db.idle();
      disposed = true;
      unsubscribe();
      return save(true);
    },
  };
}

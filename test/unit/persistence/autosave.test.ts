import { Memory } from 'lowdb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAutosave, type Autosave } from '../../../src/persistence/autosave.js';
import type { SavedState } from '../../../src/persistence/schema.js';
import { SessionDb } from '../../../src/persistence/sessionStore.js';
import { createAppStore, type AppState, type AppStore } from '../../../src/store/store.js';
import { makeSavedState } from './savedState.js';

/** The part of the live state these tests save: the layout. */
const toSaved = (state: AppState): SavedState =>
  makeSavedState({
    layout: { mode: state.layout.mode, focus: state.layout.focus, zoom: state.layout.zoom },
  });

let store: AppStore;
let db: SessionDb;
let saved: string[];
let autosave: Autosave | null;

beforeEach(async () => {
  vi.useFakeTimers();
  store = createAppStore();
  db = await SessionDb.open('mem', new Memory<SavedState>());
  saved = [];
  const save = db.save.bind(db);
  vi.spyOn(db, 'save').mockImplementation((state) => {
    saved.push(state.layout.focus);
    return save(state);
  });
  autosave = null;
});

afterEach(async () => {
  await autosave?.dispose();
  vi.useRealTimers();
});

const focus = (id: string): void => store.getState().setLayout({ focus: id });

describe('autosave', () => {
  it('saves once, 200 ms after the last of a burst of changes', async () => {
    autosave = startAutosave({ store, toSaved, db });
    focus('a');
    await vi.advanceTimersByTimeAsync(150);
    focus('b');
    await vi.advanceTimersByTimeAsync(150);
    focus('c');
    await vi.advanceTimersByTimeAsync(199);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(['c']);
    expect(db.state?.layout.focus).toBe('c');
  });

  it('still saves within the max wait when the store never goes quiet', async () => {
    autosave = startAutosave({ store, toSaved, db, debounceMs: 200, maxWaitMs: 1000 });
    for (let i = 0; i < 30; i++) {
      focus(`f${i}`); // every 100 ms, for 3 s
      await vi.advanceTimersByTimeAsync(100);
    }
    // Saved 1 s, 2 s and 3 s after the first change, not only once it goes quiet.
    expect(saved).toEqual(['f9', 'f19', 'f29']);
  });

  it('skips saves when only unsaved parts changed', async () => {
    autosave = startAutosave({ store, toSaved, db });
    focus('a');
    await vi.advanceTimersByTimeAsync(300);
    store.getState().setUi({ prefixPending: true });
    await vi.advanceTimersByTimeAsync(300);
    expect(saved).toEqual(['a']);
  });

  it('flush saves now and cancels the pending save', async () => {
    autosave = startAutosave({ store, toSaved, db });
    focus('a');
    await autosave.flush();
    expect(saved).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual(['a']);
  });

  it('dispose saves one last time and stops watching', async () => {
    const current = startAutosave({ store, toSaved, db });
    focus('a');
    await current.dispose();
    focus('b');
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual(['a']);
  });

  it('reports failed saves to onError, never to the store', async () => {
    const errors: unknown[] = [];
    vi.mocked(db.save).mockRejectedValueOnce(new Error('disk full'));
    autosave = startAutosave({ store, toSaved, db, onError: (e) => errors.push(e) });
    expect(() => focus('a')).not.toThrow();
    await vi.advanceTimersByTimeAsync(200);
    expect(errors).toEqual([new Error('disk full')]);
    // The same state is tried again on the next change.
    store.getState().setUi({ prefixPending: true });
    await vi.advanceTimersByTimeAsync(200);
    expect(db.state?.layout.focus).toBe('a');
  });

  it('reports a throwing toSaved to onError', async () => {
    const errors: unknown[] = [];
    autosave = startAutosave({
      store,
      toSaved: () => {
        throw new Error('bug');
      },
      db,
      onError: (e) => errors.push(e),
    });
    focus('a');
    await vi.advanceTimersByTimeAsync(200);
    expect(errors).toEqual([new Error('bug')]);
    await expect(autosave.flush()).rejects.toThrow('bug');
    autosave = null;
  });
});

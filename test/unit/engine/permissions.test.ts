import { describe, expect, it } from 'vitest';
import { permissionTarget } from '../../../src/engine/permissions.js';
import type { AppState } from '../../../src/store/store.js';

type Asking = Record<string, number | null>;

/** Workers in order; each asks for a permission since the given time, or not at all (null). */
function state(asking: Asking, focus = 'master'): Parameters<typeof permissionTarget>[0] {
  const workers = Object.fromEntries(
    Object.entries(asking).map(([id, since]) => [
      id,
      { permission: since === null ? null : { tool: 'Write', detail: 'x', since } },
    ]),
  );
  return {
    workerOrder: Object.keys(asking),
    workers: workers as unknown as AppState['workers'],
    layout: { focus } as AppState['layout'],
  };
}

describe('permissionTarget', () => {
  it('takes the worker named, asking or not', () => {
    expect(permissionTarget(state({ a: 5, b: null }), 'b')).toBe('b');
  });

  it('takes the focused worker when it asks', () => {
    expect(permissionTarget(state({ a: 5, b: 9 }, 'b'), undefined)).toBe('b');
  });

  it('otherwise takes the worker that has asked longest', () => {
    expect(permissionTarget(state({ a: 9, b: null, c: 5 }, 'b'), undefined)).toBe('c');
  });

  it('finds none when nobody asks', () => {
    expect(permissionTarget(state({ a: null }, 'a'), undefined)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { savedStateSchema } from '../../../src/persistence/schema.js';
import { makeTask } from '../../helpers/tasks.js';
import { makeSavedState, makeWorker } from './savedState.js';

describe('saved state schema', () => {
  it('round-trips through JSON unchanged', () => {
    const state = makeSavedState({
      tasks: [makeTask({ id: 'T1', title: 'x', createdAt: 1, updatedAt: 1 })],
      log: [{ at: 1, kind: 'info', text: 'hi' }],
    });
    const parsed = savedStateSchema.parse(JSON.parse(JSON.stringify(state)));
    expect(parsed).toEqual(state);
  });

  it('accepts the optional parts missing and nulls where allowed', () => {
    const state = makeSavedState({
      workers: [makeWorker({ profile: null, worktree: null, branch: null, exitCode: 0 })],
    });
    state.session.pid = null;
    state.session.endedAt = '2025-01-31T15:00:00+01:00';
    state.session.ended = 'quit';
    expect(savedStateSchema.safeParse(state).success).toBe(true);
  });

  it('strips unknown keys', () => {
    const state = {
      ...makeSavedState(),
      extra: 1,
      layout: { mode: 'rows', focus: 'w1', zoom: true, x: 2 },
    };
    const parsed = savedStateSchema.parse(state);
    expect(parsed).not.toHaveProperty('extra');
    expect(parsed.layout).toEqual({ mode: 'rows', focus: 'w1', zoom: true });
  });

  it('keeps the newest 500 log entries', () => {
    const log = Array.from({ length: 520 }, (_, i) => ({ at: i }));
    const parsed = savedStateSchema.parse(makeSavedState({ log }));
    expect(parsed.log).toHaveLength(500);
    expect(parsed.log?.[0]).toEqual({ at: 20 });
  });

  it.each([
    ['another schema version', { schemaVersion: 2 }],
    ['a bad ending', { session: { ...makeSavedState().session, ended: 'exploded' } }],
    ['a bad start time', { session: { ...makeSavedState().session, startedAt: 'yesterday' } }],
    ['a bad process state', { workers: [{ ...makeWorker(), process: 'zombie' }] }],
    ['a non-string env value', { workers: [{ ...makeWorker(), env: { A: 1 } }] }],
    ['a missing layout', { layout: undefined }],
  ])('rejects %s', (_name, patch) => {
    expect(savedStateSchema.safeParse({ ...makeSavedState(), ...patch }).success).toBe(false);
  });
});

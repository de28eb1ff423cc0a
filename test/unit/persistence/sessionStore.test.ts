import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Memory, type Adapter } from 'lowdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedState } from '../../../src/persistence/schema.js';
import {
  CorruptStateError,
  SessionDb,
  lastGoodPathOf,
  openSessionFile,
} from '../../../src/persistence/sessionStore.js';
import { UserError } from '../../../src/util/errors.js';
import { makeSavedState } from './savedState.js';

const withFocus = (focus: string): SavedState =>
  makeSavedState({ layout: { mode: 'grid', focus, zoom: false } });

/** An adapter whose writes finish only when the test says so. */
class GatedAdapter implements Adapter<SavedState> {
  readonly written: SavedState[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private gates: Array<() => void> = [];

  read(): Promise<SavedState | null> {
    return Promise.resolve(null);
  }

  async write(data: SavedState): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise<void>((resolve) => this.gates.push(resolve));
    this.written.push(data);
    this.inFlight--;
  }

  async release(): Promise<void> {
    // Let the db reach its write call before opening the gate.
    while (this.gates.length === 0) await new Promise((r) => setImmediate(r));
    this.gates.shift()?.();
  }
}

describe('SessionDb with the Memory adapter', () => {
  it('starts empty, then saves and loads', async () => {
    const adapter = new Memory<SavedState>();
    const db = await SessionDb.open('mem:state.json', adapter);
    expect(db.state).toBeNull();
    await db.save(withFocus('w1'));
    expect(db.state?.layout.focus).toBe('w1');
    const again = await SessionDb.open('mem:state.json', adapter);
    expect(again.state).toEqual(withFocus('w1'));
  });

  it('writes a last-good copy after each save', async () => {
    const lastGood = new Memory<SavedState>();
    const db = await SessionDb.open('mem', new Memory<SavedState>(), {
      lastGood: { file: 'mem-last-good', adapter: lastGood },
    });
    await db.save(withFocus('w2'));
    expect(await lastGood.read()).toEqual(withFocus('w2'));
  });

  it('strips what the schema does not know before writing', async () => {
    const adapter = new Memory<SavedState>();
    const db = await SessionDb.open('mem', adapter);
    await db.save({ ...withFocus('w1'), secret: 'x' } as SavedState);
    expect(await adapter.read()).not.toHaveProperty('secret');
  });

  it('rejects an invalid state without writing it', async () => {
    const adapter = new Memory<SavedState>();
    const db = await SessionDb.open('mem', adapter);
    const bad = { ...withFocus('w1'), workers: 'none' } as unknown as SavedState;
    await expect(db.save(bad)).rejects.toThrow(/invalid state: workers/);
    expect(await adapter.read()).toBeNull();
  });

  it('serializes saves: one write in flight, the newest waiting state wins', async () => {
    const adapter = new GatedAdapter();
    const db = await SessionDb.open('gated', adapter);
    const settled: string[] = [];
    const saves = ['a', 'b', 'c', 'd'].map((focus) =>
      db.save(withFocus(focus)).then(() => settled.push(focus)),
    );
    await adapter.release(); // a
    await adapter.release(); // d: b and c were replaced while a was being written
    await Promise.all(saves);
    expect(adapter.written.map((s) => s.layout.focus)).toEqual(['a', 'd']);
    expect(adapter.maxInFlight).toBe(1);
    expect(settled.sort()).toEqual(['a', 'b', 'c', 'd']);
    await db.idle();
    expect(db.state?.layout.focus).toBe('d');
  });

  it('rejects every save that a failed write carried, and recovers', async () => {
    let fail = true;
    const memory = new Memory<SavedState>();
    const adapter: Adapter<SavedState> = {
      read: () => memory.read(),
      write: (data) => (fail ? Promise.reject(new Error('disk full')) : memory.write(data)),
    };
    const db = await SessionDb.open('flaky', adapter);
    await expect(db.save(withFocus('a'))).rejects.toThrow('disk full');
    fail = false;
    await db.save(withFocus('b'));
    expect((await memory.read())?.layout.focus).toBe('b');
  });
});

describe('SessionDb on real files', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'multibot-db-'));
    file = join(dir, 'state.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the last-good copy beside the state file', () => {
    expect(lastGoodPathOf('/s/x/state.json')).toBe('/s/x/state.last-good.json');
    expect(lastGoodPathOf('/s/other.json')).toBe('/s/other.last-good.json');
  });

  it('saves atomically and keeps a last-good copy', async () => {
    const db = await openSessionFile(file);
    expect(db.state).toBeNull();
    await db.save(withFocus('w1'));
    await db.save(withFocus('w2'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(withFocus('w2'));
    expect(JSON.parse(readFileSync(join(dir, 'state.last-good.json'), 'utf8'))).toEqual(
      withFocus('w2'),
    );
    // No temp files left behind.
    expect(readdirSync(dir).sort()).toEqual(['state.json', 'state.last-good.json']);
    expect((await openSessionFile(file)).state).toEqual(withFocus('w2'));
  });

  const corruptCases: Array<[string, string, RegExp]> = [
    ['not JSON', '{"schemaVersion": 1, "session": {', /not valid JSON/],
    ['empty', '', /not valid JSON/],
    ['null', 'null', /holds no state/],
    ['schema-invalid', JSON.stringify({ ...withFocus('w1'), workers: 3 }), /workers/],
    [
      'from a newer version',
      JSON.stringify({ ...withFocus('w1'), schemaVersion: 2, brandNew: true }),
      /newer multibot-tui \(schema version 2; this one reads 1\)/,
    ],
  ];

  it.each(corruptCases)('refuses a %s file, leaving it untouched', async (_name, content, why) => {
    // A good save first, so a last-good copy exists beside the file.
    await (await openSessionFile(file)).save(withFocus('good'));
    writeFileSync(file, content);
    const before = readFileSync(file);

    const error = await openSessionFile(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CorruptStateError);
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toMatch(why);
    expect(message).toContain('left untouched');
    expect(message).toContain('start a new session');
    expect(message).toContain(
      `last good copy of this state is at ${join(dir, 'state.last-good.json')}`,
    );

    expect(readFileSync(file).equals(before)).toBe(true);
    const lastGood = JSON.parse(readFileSync(join(dir, 'state.last-good.json'), 'utf8'));
    expect(lastGood).toEqual(withFocus('good'));
  });

  it('says so when there is no good copy either', async () => {
    writeFileSync(file, 'garbage');
    await expect(openSessionFile(file)).rejects.toThrow(/No good copy of this state was found/);
    expect(readFileSync(file, 'utf8')).toBe('garbage');
    expect(existsSync(join(dir, 'state.last-good.json'))).toBe(false);
  });

  it('reports an unreadable path as a user error, not as corruption', async () => {
    const error = await openSessionFile(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error).not.toBeInstanceOf(CorruptStateError);
    expect((error as Error).message).toContain('EISDIR');
  });
});

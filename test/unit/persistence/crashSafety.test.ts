import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lastGoodPathOf, openSessionFile } from '../../../src/persistence/sessionStore.js';
import { crashState, crashStateNumber } from './crashState.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const child = join(here, 'crashChild.ts');

/** Kills per lane; lanes run side by side because each child takes ~0.5 s to start. */
const LANES = 3;
const KILLS_PER_LANE = 10;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts the child, waits until it says it is saving, SIGKILLs it 5–60 ms later. */
async function runAndKill(file: string): Promise<number> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, file], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  const startedFrom = await new Promise<number>((done, fail) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /saving from (\d+)\n/.exec(out);
      if (m) done(Number(m[1]));
    });
    proc.once('exit', (code, signal) =>
      fail(new Error(`crash child ended early (${code ?? signal}): ${stderr}`)),
    );
  });
  await new Promise((r) => setTimeout(r, 5 + Math.random() * 55));
  proc.kill('SIGKILL');
  await exited;
  return startedFrom;
}

async function lane(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'multibot-crash-'));
  dirs.push(dir);
  const file = join(dir, 'state.json');
  let previous = -1;
  for (let kill = 0; kill < KILLS_PER_LANE; kill++) {
    const startedFrom = await runAndKill(file);
    // Each run resumed from what the previous one left.
    expect(startedFrom).toBe(previous + 1);
    if (!existsSync(file)) continue; // killed before its first write finished
    // Never torn: it parses and validates, and it is exactly one of the states saved.
    const state = (await openSessionFile(file)).state;
    expect(state).not.toBeNull();
    const n = crashStateNumber(state!);
    expect(n).toBeGreaterThanOrEqual(previous);
    expect(state).toEqual(crashState(n));
    // The last-good copy is readable too, and never ahead of the state file.
    const lastGood = (await openSessionFile(lastGoodPathOf(file))).state;
    if (lastGood) {
      expect(lastGood).toEqual(crashState(crashStateNumber(lastGood)));
      expect(crashStateNumber(lastGood)).toBeLessThanOrEqual(n);
    }
    previous = n;
  }
  return previous;
}

describe('crash safety', () => {
  it('SIGKILL while saving never leaves a state file that cannot be resumed', async () => {
    const reached = await Promise.all(Array.from({ length: LANES }, () => lane()));
    // The children did write: the kills landed on real saves.
    expect(Math.max(...reached)).toBeGreaterThanOrEqual(0);
  }, 90_000);
});

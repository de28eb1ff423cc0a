import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/tuiHarness.js';

const RECORDER = join(REPO_ROOT, 'test', 'fixtures', 'loader', 'recordImports.mjs');
/** What only the control room itself needs. */
const HEAVY = ['ink', 'react', 'node-pty', '@xterm/headless', 'simple-git', 'lowdb'];

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** Runs the built CLI and returns the packages it imported. */
function packagesImportedBy(args: string[], input = ''): string[] {
  dir = mkdtempSync(join(tmpdir(), 'multibot-imports-'));
  const record = join(dir, 'imports.txt');
  writeFileSync(record, '');
  try {
    execFileSync(process.execPath, ['--import', RECORDER, CLI, ...args], {
      input,
      env: { PATH: process.env.PATH ?? '', HOME: dir, RECORD_IMPORTS: record },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
  } catch {
    // `ctl` with no control room exits 1: what it loaded is still the point.
  }
  return readFileSync(record, 'utf8').split('\n').filter(Boolean);
}

describe('the quick subcommands', () => {
  // Agents run `hook` on every event and `ctl` from their shells: they must start fast.
  it.each([
    ['hook', ['hook', 'Stop'], '{}'],
    ['ctl', ['ctl', 'workers'], ''],
    ['--version', ['--version'], ''],
  ])('%s loads none of the control room’s heavy packages', (_name, args, input) => {
    const loaded = packagesImportedBy(args, input);
    for (const heavy of HEAVY) expect(loaded).not.toContain(heavy);
  });

  it('while the control room loads them (the recorder sees imports)', () => {
    const loaded = packagesImportedBy(['--worker', 'a=true'], '');
    expect(loaded).toContain('ink');
  });
});

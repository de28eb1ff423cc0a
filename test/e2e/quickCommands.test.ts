import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/tuiHarness.js';

const RECORDER = join(REPO_ROOT, 'test', 'fixtures', 'loader', 'recordImports.mjs');
const BUNDLE = join(REPO_ROOT, 'dist', 'bundle');
/** What only the control room itself needs. */
const HEAVY =
  /node_modules\/(ink|react|react-reconciler|@xterm\/headless|node-pty|lowdb|simple-git)\//u;

/** The bundle's files (relative to dist/bundle) that carry any of the heavy packages. */
function heavyFiles(): Set<string> {
  const meta = JSON.parse(readFileSync(join(BUNDLE, 'meta.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  const heavy = new Set<string>();
  for (const [output, { inputs }] of Object.entries(meta.outputs)) {
    if (Object.keys(inputs).some((input) => HEAVY.test(input))) {
      heavy.add(relative(BUNDLE, join(REPO_ROOT, output)));
    }
  }
  return heavy;
}

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** Runs the built CLI and returns the bundle files it loaded, and the packages outside it. */
function loadedBy(args: string[], input = ''): string[] {
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
    // `ctl` with no control room, and the control room without a terminal, exit 1:
    // what they loaded is still the point.
  }
  return readFileSync(record, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => relative(BUNDLE, fileURLToPath(url)));
}

describe('the quick subcommands', () => {
  // Agents run `hook` on every event and `ctl` from their shells: they must start fast.
  it.each([
    ['hook', ['hook', 'Stop'], '{}'],
    ['ctl', ['ctl', 'workers'], ''],
    ['--version', ['--version'], ''],
  ])('%s loads none of the control room’s heavy packages', (_name, args, input) => {
    const heavy = heavyFiles();
    const loaded = loadedBy(args, input);
    expect(loaded).toContain('main.js');
    expect(loaded.filter((file) => heavy.has(file) || HEAVY.test(file))).toEqual([]);
  });

  it('while the control room loads them (what is recorded is what runs)', () => {
    const heavy = heavyFiles();
    expect(heavy.size).toBeGreaterThan(0);
    const loaded = loadedBy(['--worker', 'a=true']);
    expect(loaded.some((file) => heavy.has(file))).toBe(true);
  });
});

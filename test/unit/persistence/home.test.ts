import { mkdtempSync, mkdirSync, rmSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimSessionDir, ensureDir, paths, resolveHome } from '../../../src/persistence/home.js';
import { UserError } from '../../../src/util/errors.js';

let dir: string;
let checkout: string;
const homedir = '/home/someone';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'multibot-home-'));
  checkout = join(dir, 'checkout');
  mkdirSync(join(checkout, 'sessions'), { recursive: true });
});
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

describe('resolveHome', () => {
  it('prefers --home over everything', () => {
    const env = { MULTIBOT_HOME: '/from/env' };
    expect(resolveHome({ flag: '/from/flag', env, packageRoot: checkout, homedir })).toEqual({
      home: '/from/flag',
      source: 'flag',
    });
  });

  it('then MULTIBOT_HOME', () => {
    const env = { MULTIBOT_HOME: '/from/env' };
    expect(resolveHome({ env, packageRoot: checkout, homedir })).toEqual({
      home: '/from/env',
      source: 'env',
    });
  });

  it('ignores an empty MULTIBOT_HOME', () => {
    const env = { MULTIBOT_HOME: '' };
    expect(resolveHome({ env, packageRoot: checkout, homedir }).source).toBe('package');
  });

  it('then the package root when it is a writable checkout', () => {
    expect(resolveHome({ env: {}, packageRoot: checkout, homedir })).toEqual({
      home: checkout,
      source: 'package',
    });
  });

  it('falls back to ~/.multibot when the package has no sessions/ folder', () => {
    const bare = join(dir, 'bare');
    mkdirSync(bare);
    expect(resolveHome({ env: {}, packageRoot: bare, homedir })).toEqual({
      home: '/home/someone/.multibot',
      source: 'user',
    });
  });

  it.skipIf(process.getuid?.() === 0)(
    'falls back to ~/.multibot when the package is read-only',
    () => {
      chmodSync(join(checkout, 'sessions'), 0o500);
      try {
        expect(resolveHome({ env: {}, packageRoot: checkout, homedir }).source).toBe('user');
      } finally {
        chmodSync(join(checkout, 'sessions'), 0o700);
      }
    },
  );

  it('never uses an installed copy under node_modules, writable or not', () => {
    const installed = join(dir, 'node_modules', 'multibot-tui');
    mkdirSync(join(installed, 'sessions'), { recursive: true });
    expect(resolveHome({ env: {}, packageRoot: installed, homedir }).source).toBe('user');
  });

  it('expands ~ and resolves relative paths against cwd', () => {
    expect(resolveHome({ flag: '~/data', env: {}, packageRoot: checkout, homedir }).home).toBe(
      '/home/someone/data',
    );
    const env = { MULTIBOT_HOME: 'rel/dir' };
    expect(resolveHome({ env, packageRoot: checkout, homedir, cwd: '/work' }).home).toBe(
      '/work/rel/dir',
    );
  });

  it('refuses an empty --home', () => {
    expect(() => resolveHome({ flag: ' ', env: {}, packageRoot: checkout, homedir })).toThrow(
      UserError,
    );
  });
});

describe('paths', () => {
  it('lays out sessions and worktrees under the home', () => {
    const p = paths('/h');
    const id = '20250131-142501-k3xz';
    expect(p.sessionsDir).toBe('/h/sessions');
    expect(p.worktreesDir).toBe('/h/worktrees');
    expect(p.sessionDir(id)).toBe(`/h/sessions/${id}`);
    expect(p.stateFile(id)).toBe(`/h/sessions/${id}/state.json`);
    expect(p.lastGoodFile(id)).toBe(`/h/sessions/${id}/state.last-good.json`);
    expect(p.recordingsDir(id)).toBe(`/h/sessions/${id}/recordings`);
  });

  it('refuses ids that would leave the sessions folder', () => {
    const p = paths('/h');
    expect(() => p.stateFile('../../etc')).toThrow(/invalid session id/);
    expect(() => p.sessionDir('/abs')).toThrow(/invalid session id/);
  });
});

describe('ensureDir and claimSessionDir', () => {
  it('creates directories private to the user', async () => {
    const target = join(dir, 'home', 'sessions', 'x');
    await ensureDir(target);
    expect(statSync(target).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'home')).mode & 0o777).toBe(0o700);
  });

  it.skipIf(process.getuid?.() === 0)('explains a home it cannot write', async () => {
    chmodSync(dir, 0o500);
    await expect(ensureDir(join(dir, 'sub'))).rejects.toThrow(/--home DIR or the MULTIBOT_HOME/);
  });

  it('claims a fresh id when the first one is taken', async () => {
    const p = paths(join(dir, 'home'));
    const ids = ['20250131-142501-aaaa', '20250131-142501-aaaa', '20250131-142501-bbbb'];
    const first = await claimSessionDir(p, () => ids.shift()!);
    const second = await claimSessionDir(p, () => ids.shift()!);
    expect([first, second]).toEqual(['20250131-142501-aaaa', '20250131-142501-bbbb']);
    expect(statSync(p.sessionDir(second)).mode & 0o777).toBe(0o700);
  });
});

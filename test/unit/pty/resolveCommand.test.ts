import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveExecutable } from '../../../src/pty/resolveCommand.js';

let dir: string;

function file(relative: string, mode: number): string {
  const full = path.join(dir, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, '#!/bin/sh\nexit 0\n');
  chmodSync(full, mode);
  return full;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'multibot-resolve-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('resolveExecutable', () => {
  it('finds a bare name on PATH, in PATH order', () => {
    file('first/tool', 0o755);
    const second = file('second/tool', 0o755);
    const first = path.join(dir, 'first/tool');
    const env = { PATH: [path.join(dir, 'first'), path.join(dir, 'second')].join(':') };
    expect(resolveExecutable('tool', env, '/')).toBe(first);
    chmodSync(first, 0o644);
    expect(resolveExecutable('tool', env, '/')).toBe(second);
  });

  it('finds real system commands on the real PATH', () => {
    expect(resolveExecutable('sh', { PATH: process.env.PATH }, '/')).toMatch(/\/sh$/);
  });

  it('returns null for a name on no PATH entry', () => {
    expect(resolveExecutable('multibot-no-such-command', { PATH: dir }, '/')).toBeNull();
    expect(resolveExecutable('', { PATH: dir }, '/')).toBeNull();
  });

  it('skips files without an execute bit and directories', () => {
    file('bin/plain', 0o644);
    mkdirSync(path.join(dir, 'bin/adir'));
    const env = { PATH: path.join(dir, 'bin') };
    expect(resolveExecutable('plain', env, '/')).toBeNull();
    expect(resolveExecutable('adir', env, '/')).toBeNull();
    expect(resolveExecutable(path.join(dir, 'bin/adir'), env, '/')).toBeNull();
  });

  it('takes a path with a slash relative to cwd, without searching PATH', () => {
    const script = file('scripts/run.sh', 0o755);
    file('bin/run.sh', 0o755);
    const env = { PATH: path.join(dir, 'bin') };
    expect(resolveExecutable('./scripts/run.sh', env, dir)).toBe(script);
    expect(resolveExecutable('scripts/run.sh', env, dir)).toBe(script);
    expect(resolveExecutable(script, env, '/')).toBe(script);
    expect(resolveExecutable('./run.sh', env, dir)).toBeNull();
  });

  it('reads an empty PATH entry as the working directory', () => {
    const local = file('tool', 0o755);
    expect(resolveExecutable('tool', { PATH: `/nonexistent:` }, dir)).toBe(local);
    expect(resolveExecutable('tool', { PATH: '/nonexistent' }, dir)).toBeNull();
  });

  it('searches the execvp default when PATH is unset', () => {
    expect(resolveExecutable('sh', {}, '/')).toMatch(/^\/(usr\/)?bin\/sh$/);
  });
});

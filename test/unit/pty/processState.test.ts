import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  listProcessGroup,
  parseProcStat,
  readProcessState,
} from '../../../src/pty/processState.js';

const WAIT = { timeout: 8_000, interval: 20 };
const children: ChildProcess[] = [];
const dirs: string[] = [];

/** A child in a process group of its own, as node-pty's children are. */
function spawnGroup(file: string, args: string[]): number {
  const child = spawn(file, args, { detached: true, stdio: 'ignore' });
  children.push(child);
  if (child.pid === undefined) throw new Error(`could not spawn ${file}`);
  return child.pid;
}

afterEach(() => {
  for (const child of children.splice(0)) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('parseProcStat', () => {
  it('counts fields from the last parenthesis, whatever the command name holds', () => {
    expect(parseProcStat('4242 (a) b (c) T 1 4242 4242 0 -1 4194560')).toEqual({
      state: 'T',
      ppid: 1,
      pgrp: 4242,
    });
  });

  it('returns null for text that is not a stat line', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('12 (x)')).toBeNull();
  });
});

describe('readProcessState', () => {
  it('reads the state of a running process and null for one that is gone', () => {
    expect(readProcessState(process.pid)).toMatch(/^[RS]$/);
    expect(readProcessState(2 ** 30)).toBeNull();
  });

  it('reads a stopped process whose name holds spaces and parentheses', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'multibot-state-'));
    dirs.push(dir);
    const odd = path.join(dir, 'a) b (c');
    copyFileSync('/bin/sleep', odd);
    const pid = spawnGroup(odd, ['30']);
    await vi.waitFor(() => expect(readProcessState(pid)).toBe('S'), WAIT);
    process.kill(pid, 'SIGSTOP');
    await vi.waitFor(() => expect(readProcessState(pid)).toBe('T'), WAIT);
  });
});

describe('listProcessGroup', () => {
  it('lists the live members of a group until they are gone', async () => {
    const pid = spawnGroup('sh', ['-c', 'sleep 30 & sleep 30; wait']);
    await vi.waitFor(() => {
      const members = listProcessGroup(pid);
      expect(members).toContain(pid);
      expect(members).toHaveLength(3);
    }, WAIT);
    expect(listProcessGroup(pid)).not.toContain(process.pid);

    process.kill(-pid, 'SIGKILL');
    await vi.waitFor(() => expect(listProcessGroup(pid)).toEqual([]), WAIT);
  });

  it('returns nothing for a group that does not exist', () => {
    expect(listProcessGroup(2 ** 30)).toEqual([]);
  });
});

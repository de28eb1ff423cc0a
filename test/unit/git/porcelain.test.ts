import { describe, expect, it } from 'vitest';
import { parseNumstat, parseStatus, parseWorktreeList } from '../../../src/git/porcelain.js';

describe('parseWorktreeList', () => {
  it('reads branches, detached, bare, locked and prunable entries', () => {
    const output = [
      'worktree /repo',
      'HEAD 1111111111111111111111111111111111111111',
      'branch refs/heads/main',
      '',
      'worktree /w/s1/a',
      'HEAD 2222222222222222222222222222222222222222',
      'detached',
      'locked reason here',
      '',
      'worktree /w/s1/b',
      'HEAD 3333333333333333333333333333333333333333',
      'branch refs/heads/multibot/s1/b',
      'prunable gitdir file points to non-existent location',
      '',
      'worktree /bare.git',
      'bare',
      '',
    ].join('\n');
    expect(parseWorktreeList(output)).toEqual([
      {
        path: '/repo',
        head: '1'.repeat(40),
        branch: 'main',
        bare: false,
        locked: false,
        prunable: false,
      },
      {
        path: '/w/s1/a',
        head: '2'.repeat(40),
        branch: null,
        bare: false,
        locked: true,
        prunable: false,
      },
      {
        path: '/w/s1/b',
        head: '3'.repeat(40),
        branch: 'multibot/s1/b',
        bare: false,
        locked: false,
        prunable: true,
      },
      { path: '/bare.git', head: null, branch: null, bare: true, locked: false, prunable: false },
    ]);
  });

  it('keeps spaces in paths', () => {
    expect(parseWorktreeList('worktree /my repo/x\nHEAD abc\n')[0]?.path).toBe('/my repo/x');
  });
});

describe('parseStatus', () => {
  it('reads -z records and skips the original path of a rename', () => {
    const output = [
      ' M src/a.ts',
      'R  new name.ts',
      'old name.ts',
      '?? dir/new.ts',
      'A  c.ts',
      '',
    ].join('\0');
    expect(parseStatus(output)).toEqual([
      { code: ' M', path: 'src/a.ts' },
      { code: 'R ', path: 'new name.ts' },
      { code: '??', path: 'dir/new.ts' },
      { code: 'A ', path: 'c.ts' },
    ]);
  });

  it('returns nothing for a clean tree', () => {
    expect(parseStatus('')).toEqual([]);
  });
});

describe('parseNumstat', () => {
  it('reads counts, and zero for binary files', () => {
    expect(parseNumstat('3\t1\ta.ts\n-\t-\timg.png\n0\t5\t{old => new}/b.ts\n')).toEqual([
      { path: 'a.ts', insertions: 3, deletions: 1, binary: false },
      { path: 'img.png', insertions: 0, deletions: 0, binary: true },
      { path: '{old => new}/b.ts', insertions: 0, deletions: 5, binary: false },
    ]);
  });
});

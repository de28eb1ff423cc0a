import { describe, expect, it } from 'vitest';
import { branchFor, checkName, parseWorktreePath, shortRef } from '../../../src/git/naming.js';
import { UserError } from '../../../src/util/errors.js';

describe('naming', () => {
  it('accepts plain names and rejects what a branch or folder cannot hold', () => {
    for (const good of ['s1', '20250101-1200-ab12', 'coder.2', 'Tester_1']) {
      expect(() => checkName('worker', good)).not.toThrow();
    }
    for (const bad of ['', '-x', '.hidden', 'a/b', 'a..b', 'a b', 'x.lock', 'ä', 'a:b']) {
      expect(() => checkName('worker', bad)).toThrow(UserError);
    }
  });

  it('says which name is wrong and what is allowed', () => {
    expect(() => checkName('session', 'a b')).toThrow(
      /session name "a b".*letters, digits, "\.", "_" and "-"/,
    );
  });

  it('puts every branch under multibot/<session>/<worker>', () => {
    expect(branchFor('s1', 'coder')).toBe('multibot/s1/coder');
  });

  it('reads session and worker back from a worktree path, and nothing else', () => {
    expect(parseWorktreePath('/home/worktrees/app', '/home/worktrees/app/s1/coder')).toEqual({
      session: 's1',
      worker: 'coder',
    });
    expect(parseWorktreePath('/home/worktrees/app', '/home/worktrees/app/s1')).toBeNull();
    expect(parseWorktreePath('/home/worktrees/app', '/home/worktrees/app/s1/a/b')).toBeNull();
    expect(parseWorktreePath('/home/worktrees/app', '/home/worktrees/other/s1/a')).toBeNull();
    expect(parseWorktreePath('/home/worktrees/app', '/elsewhere/s1/a')).toBeNull();
  });

  it('shortens commit ids only', () => {
    expect(shortRef('0123456789abcdef0123456789abcdef01234567')).toBe('0123456');
    expect(shortRef('main')).toBe('main');
  });
});

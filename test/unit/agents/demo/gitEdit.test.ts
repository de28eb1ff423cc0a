import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyEdit,
  commitMessage,
  firstLine,
  planEdit,
  slugify,
  trackedFiles,
} from '../../../../src/agents/demo/gitEdit.js';
import type { Scratch } from './agentPty.js';
import { git, scratchRepo } from './agentPty.js';

const scratches: Scratch[] = [];
function repo(branch?: string): string {
  const scratch = scratchRepo(branch);
  scratches.push(scratch);
  return scratch.repo;
}

afterEach(async () => {
  await Promise.all(scratches.splice(0).map((scratch) => scratch.cleanup()));
});

describe('names from prompts', () => {
  it('takes the first non-empty line', () => {
    expect(firstLine('\n  Fix the bug  \nmore')).toBe('Fix the bug');
    expect(firstLine('   \n')).toBe('');
  });

  it('slugs it into a file name', () => {
    expect(slugify('Fix the Login page!')).toBe('fix-the-login-page');
    expect(slugify('Café déjà vu')).toBe('cafe-deja-vu');
    expect(slugify('!!!')).toBe('prompt');
    expect(slugify('x'.repeat(100))).toHaveLength(48);
  });

  it('makes the commit message of the first line', () => {
    expect(commitMessage('Add tests\nwith details')).toBe('Add tests');
    expect(commitMessage('  ')).toBe('demo edit');
  });
});

describe('applyEdit on a real repository', () => {
  it('creates demo/<slug>.md and commits it on the current branch with the first line', async () => {
    const cwd = repo('feature/x');
    const plan = planEdit(
      cwd,
      'Add a greeting\nSay hello politely.',
      new Date('2030-01-02T03:04:05Z'),
    );
    expect(plan).toMatchObject({ file: 'demo/add-a-greeting.md', creates: true });

    const result = await applyEdit(cwd, plan);

    expect(result.created).toBe(true);
    expect(result.branch).toBe('feature/x');
    expect(result.commit).toBe(git(cwd, 'rev-parse', 'HEAD'));
    expect(result.shortCommit).toBe(result.commit.slice(0, 7));
    expect(git(cwd, 'log', '--format=%s', 'feature/x')).toBe('Add a greeting\ninitial commit');
    expect(git(cwd, 'log', '-1', '--format=%an <%ae>')).toBe('demo-agent <demo@multibot.invalid>');
    expect(git(cwd, 'show', '--name-only', '--format=', 'HEAD')).toBe('demo/add-a-greeting.md');
    const text = readFileSync(join(cwd, 'demo', 'add-a-greeting.md'), 'utf8');
    expect(text).toContain('2030-01-02T03:04:05.000Z');
    expect(text).toContain('Add a greeting\nSay hello politely.');
    expect(git(cwd, 'status', '--porcelain')).toBe('');
  });

  it('appends to the file when the same first line comes again', async () => {
    const cwd = repo();
    await applyEdit(cwd, planEdit(cwd, 'Same task\none'));
    const second = planEdit(cwd, 'Same task\ntwo');
    expect(second.creates).toBe(false);
    const result = await applyEdit(cwd, second);
    expect(result.created).toBe(false);
    const text = readFileSync(join(cwd, 'demo', 'same-task.md'), 'utf8');
    expect(text).toContain('Same task\none');
    expect(text).toContain('Same task\ntwo');
    expect(git(cwd, 'log', '--format=%s')).toBe('Same task\nSame task\ninitial commit');
  });

  it('commits only its own file, leaving other staged changes staged', async () => {
    const cwd = repo();
    writeFileSync(join(cwd, 'README.md'), 'changed by someone\n');
    git(cwd, 'add', 'README.md');
    await applyEdit(cwd, planEdit(cwd, 'Only mine'));
    expect(git(cwd, 'show', '--name-only', '--format=', 'HEAD')).toBe('demo/only-mine.md');
    expect(git(cwd, 'status', '--porcelain')).toBe('M  README.md');
  });

  it('fails clearly outside a repository', async () => {
    const cwd = repo();
    const outside = join(cwd, '..');
    await expect(applyEdit(outside, planEdit(outside, 'Nope'))).rejects.toThrow();
    expect(await trackedFiles(outside)).toEqual([]);
    expect(await trackedFiles(cwd)).toEqual(['README.md']);
  });
});

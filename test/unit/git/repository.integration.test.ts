import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectRepository, probeRepository } from '../../../src/git/repository.js';
import { UserError } from '../../../src/util/errors.js';
import { git, initRepo, removeDir, tempDir } from './tempRepo.js';

let temp: string;

beforeEach(() => {
  temp = tempDir();
});

afterEach(() => {
  removeDir(temp);
});

describe('inspectRepository on real repositories', () => {
  it('reports root, name, branch, head and a clean checkout, from any folder inside', async () => {
    const root = initRepo(path.join(temp, 'app'));
    mkdirSync(path.join(root, 'src', 'deep'), { recursive: true });
    const info = await inspectRepository(path.join(root, 'src', 'deep'));
    expect(info).toEqual({
      root,
      name: 'app',
      bare: false,
      hasCommits: true,
      branch: 'main',
      head: git(root, 'rev-parse', 'HEAD'),
      uncommittedFiles: 0,
      base: 'main',
      notes: [],
    });
  });

  it('says how to fix a folder outside any repository', async () => {
    const attempt = inspectRepository(temp);
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toThrow(
      `${temp} is not inside a git repository. Run multibot-tui inside a repository, pass --repo PATH, or create one with git init.`,
    );
  });

  it('says when the path does not exist', async () => {
    await expect(inspectRepository(path.join(temp, 'nope'))).rejects.toThrow(
      /nope does not exist\. Pass --repo PATH/,
    );
  });

  it('refuses a bare repository, which probe reports as bare', async () => {
    const bare = path.join(temp, 'app.git');
    git(temp, 'init', '--quiet', '--bare', bare);
    await expect(probeRepository(bare)).resolves.toMatchObject({ bare: true, name: 'app' });
    const attempt = inspectRepository(bare);
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toThrow(/is a bare repository.*git clone/);
  });

  it('refuses a repository without commits and says to make a first commit', async () => {
    const root = initRepo(path.join(temp, 'empty'), { commit: false });
    writeFileSync(path.join(root, 'a.txt'), 'a');
    await expect(probeRepository(root)).resolves.toMatchObject({
      hasCommits: false,
      head: null,
      branch: 'main',
      uncommittedFiles: 1,
    });
    await expect(inspectRepository(root)).rejects.toThrow(
      /has no commits yet.*Make a first commit/,
    );
  });

  it('refuses the inside of a .git folder', async () => {
    const root = initRepo(path.join(temp, 'app'));
    await expect(inspectRepository(path.join(root, '.git'))).rejects.toThrow(
      /inside the git directory .* not in a working tree/,
    );
  });

  it('accepts a detached HEAD: the base is the commit', async () => {
    const root = initRepo(path.join(temp, 'app'));
    const head = git(root, 'rev-parse', 'HEAD');
    git(root, 'checkout', '--quiet', '--detach');
    const info = await inspectRepository(root);
    expect(info).toMatchObject({ branch: null, head, base: head });
    expect(info.notes).toEqual([
      `HEAD is detached at ${head.slice(0, 7)}: workers' branches start from that commit.`,
    ]);
  });

  it('counts uncommitted files in the main checkout and says they are not in the worktrees', async () => {
    const root = initRepo(path.join(temp, 'app'));
    writeFileSync(path.join(root, 'README.md'), 'changed\n');
    mkdirSync(path.join(root, 'new'));
    writeFileSync(path.join(root, 'new', 'a.txt'), 'a');
    writeFileSync(path.join(root, 'new', 'b.txt'), 'b');
    mkdirSync(path.join(root, 'ignored'));
    writeFileSync(path.join(root, 'ignored', 'x'), 'x');
    const info = await inspectRepository(root);
    expect(info.uncommittedFiles).toBe(3);
    expect(info.notes).toEqual([
      `3 uncommitted files in ${root} will not be in the workers' worktrees: they start from ` +
        `the last commit of main. Commit first if the workers need them.`,
    ]);
  });
});

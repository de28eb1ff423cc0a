import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorktreeService, keepReason } from '../../../src/git/worktreeService.js';
import { UserError } from '../../../src/util/errors.js';
import { FakeRepo, entry } from './fakeGitClient.js';

let temp: string;
let repoRoot: string;
let worktreesRoot: string;
let repo: FakeRepo;

function service(copyIntoWorktree: string[] = []): WorktreeService {
  return new WorktreeService({
    git: repo.client(repoRoot),
    repoRoot,
    worktreesRoot,
    createClient: (cwd) => repo.client(cwd),
    copyIntoWorktree,
  });
}

const pathOf = (session: string, worker: string): string =>
  path.join(worktreesRoot, 'app', session, worker);

beforeEach(() => {
  temp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'multibot-fake-')));
  repoRoot = path.join(temp, 'app');
  worktreesRoot = path.join(temp, 'home', 'worktrees');
  mkdirSync(repoRoot);
  repo = new FakeRepo(repoRoot);
});

afterEach(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('WorktreeService.create', () => {
  it('names the folder <worktrees>/<repo>/<session>/<worker> and the branch multibot/<session>/<worker>', async () => {
    const info = await service().create({ session: 's1', worker: 'coder', base: 'main' });
    expect(info).toMatchObject({
      session: 's1',
      worker: 'coder',
      path: pathOf('s1', 'coder'),
      branch: 'multibot/s1/coder',
      base: 'main',
      resumed: false,
    });
    expect(repo.calls).toEqual([
      `worktree add ${pathOf('s1', 'coder')} multibot/s1/coder main`,
      'config branch.multibot/s1/coder.multibotBase main',
    ]);
  });

  it('rejects names that cannot be a branch and a folder, and a base that looks like an option', async () => {
    for (const worker of ['a b', '../x', 'a/b', '-x', 'x.lock', '']) {
      await expect(
        service().create({ session: 's1', worker, base: 'main' }),
      ).rejects.toBeInstanceOf(UserError);
    }
    await expect(
      service().create({ session: 's1', worker: 'w', base: '--upload-pack=x' }),
    ).rejects.toThrow(/--base REF/);
    expect(repo.calls).toEqual([]);
  });

  it('reuses the worktree of an existing branch at its own path (resume), keeping its base', async () => {
    repo.branches.set('multibot/s1/w', 'c5');
    repo.config.set('branch.multibot/s1/w.multibotBase', 'release');
    mkdirSync(pathOf('s1', 'w'), { recursive: true });
    repo.worktrees.push(entry(pathOf('s1', 'w'), 'multibot/s1/w'));
    const info = await service().create({ session: 's1', worker: 'w', base: 'main' });
    expect(info).toMatchObject({ resumed: true, base: 'release', path: pathOf('s1', 'w') });
    expect(repo.calls).toEqual([]);
  });

  it('checks a resumed branch out again when its folder was deleted', async () => {
    repo.branches.set('multibot/s1/w', 'c5');
    repo.worktrees.push({ ...entry(pathOf('s1', 'w'), 'multibot/s1/w'), prunable: true });
    const info = await service().create({ session: 's1', worker: 'w', base: 'main' });
    expect(info.resumed).toBe(true);
    expect(repo.calls).toEqual([
      'worktree prune',
      `worktree add ${pathOf('s1', 'w')} multibot/s1/w (existing)`,
    ]);
  });

  it('refuses a branch that exists without a worktree at its path, naming it and the fix', async () => {
    repo.branches.set('multibot/s1/w', 'c5');
    const attempt = service().create({ session: 's1', worker: 'w', base: 'main' });
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toThrow(
      /branch named multibot\/s1\/w already exists.*git branch -D multibot\/s1\/w.*new session/,
    );
    expect(repo.calls).toEqual([]);
  });

  it('refuses a branch checked out in another worktree, saying where', async () => {
    repo.branches.set('multibot/s1/w', 'c5');
    repo.worktrees.push(entry('/elsewhere/w', 'multibot/s1/w'));
    await expect(service().create({ session: 's1', worker: 'w', base: 'main' })).rejects.toThrow(
      /already checked out in \/elsewhere\/w/,
    );
  });

  it('refuses a path that exists with something in it, and accepts an empty folder', async () => {
    mkdirSync(pathOf('s1', 'w'), { recursive: true });
    writeFileSync(path.join(pathOf('s1', 'w'), 'notes.txt'), 'mine');
    await expect(service().create({ session: 's1', worker: 'w', base: 'main' })).rejects.toThrow(
      /already exists and is not the worktree of multibot\/s1\/w/,
    );
    expect(readFileSync(path.join(pathOf('s1', 'w'), 'notes.txt'), 'utf8')).toBe('mine');

    mkdirSync(pathOf('s1', 'empty'), { recursive: true });
    await expect(
      service().create({ session: 's1', worker: 'empty', base: 'main' }),
    ).resolves.toMatchObject({ resumed: false });
  });

  it('refuses a base that names no commit', async () => {
    await expect(service().create({ session: 's1', worker: 'w', base: 'nope' })).rejects.toThrow(
      /"nope" is not a branch, tag or commit.*--base REF/,
    );
  });

  it('drops the branch git left behind when the worktree could not be added', async () => {
    repo.failAddAfterBranch = true;
    await expect(service().create({ session: 's1', worker: 'w', base: 'main' })).rejects.toThrow(
      /already exists/,
    );
    expect(repo.branches.has('multibot/s1/w')).toBe(false);
  });

  it('runs concurrent creates one at a time', async () => {
    const svc = service();
    const infos = await Promise.all(
      ['a', 'b', 'c'].map((worker) => svc.create({ session: 's1', worker, base: 'main' })),
    );
    expect(infos.map((info) => info.branch)).toEqual([
      'multibot/s1/a',
      'multibot/s1/b',
      'multibot/s1/c',
    ]);
    // Each add is followed by its own config write before the next add starts.
    expect(repo.calls.map((call) => call.split(' ')[0])).toEqual([
      'worktree',
      'config',
      'worktree',
      'config',
      'worktree',
      'config',
    ]);
  });
});

describe('copyIntoWorktree', () => {
  it('copies listed files, skips missing ones and never overwrites', async () => {
    writeFileSync(path.join(repoRoot, '.env'), 'SECRET=1\n');
    mkdirSync(path.join(repoRoot, 'config'));
    writeFileSync(path.join(repoRoot, 'config', 'local.json'), '{}');
    writeFileSync(path.join(repoRoot, 'keep.txt'), 'from main');
    mkdirSync(pathOf('s1', 'w'), { recursive: true });
    writeFileSync(path.join(pathOf('s1', 'w'), 'keep.txt'), 'worker version');
    repo.branches.set('multibot/s1/w', 'c0');
    repo.worktrees.push(entry(pathOf('s1', 'w'), 'multibot/s1/w'));

    const info = await service(['.env', 'config/local.json', 'missing.txt', 'keep.txt']).create({
      session: 's1',
      worker: 'w',
      base: 'main',
    });
    expect(info.copied).toEqual(['.env', 'config/local.json']);
    expect(info.skipped).toEqual([
      { path: 'missing.txt', reason: 'not found in the repository' },
      { path: 'keep.txt', reason: 'already in the worktree; kept as it is' },
    ]);
    expect(readFileSync(path.join(pathOf('s1', 'w'), '.env'), 'utf8')).toBe('SECRET=1\n');
    expect(readFileSync(path.join(pathOf('s1', 'w'), 'keep.txt'), 'utf8')).toBe('worker version');
  });

  it('refuses entries outside the repository or inside .git', () => {
    for (const bad of ['../secrets', '/etc/passwd', 'a/../../b', '.git/config', '.git', '', '.']) {
      expect(() => service([bad])).toThrow(UserError);
    }
    expect(() => service(['./sub/../.env'])).not.toThrow();
  });
});

describe('WorktreeService.remove', () => {
  const info = (worker = 'w') => ({
    path: pathOf('s1', worker),
    branch: `multibot/s1/${worker}`,
    base: 'main',
  });

  beforeEach(() => {
    repo.branches.set('multibot/s1/w', 'c1');
    mkdirSync(pathOf('s1', 'w'), { recursive: true });
    repo.worktrees.push(entry(pathOf('s1', 'w'), 'multibot/s1/w'));
  });

  it('removes a clean worktree whose commits are all in the base, with its branch', async () => {
    await expect(service().remove(info())).resolves.toEqual({ removed: true });
    expect(repo.calls).toEqual([`worktree remove ${pathOf('s1', 'w')}`, 'branch -D multibot/s1/w']);
    expect(existsSync(path.join(worktreesRoot, 'app', 's1'))).toBe(false);
  });

  it('keeps a worktree with uncommitted files or commits not in the base, saying why', async () => {
    repo.status.set(pathOf('s1', 'w'), [
      { code: ' M', path: 'a.ts' },
      { code: '??', path: 'b.ts' },
      { code: 'A ', path: 'c.ts' },
    ]);
    repo.unmerged.set('main..multibot/s1/w', 2);
    await expect(service().remove(info())).resolves.toEqual({
      removed: false,
      reason: '3 uncommitted files, 2 commits not in main — kept; use --force to discard',
    });
    expect(repo.calls).toEqual([]);
    expect(existsSync(pathOf('s1', 'w'))).toBe(true);
  });

  it('counts commits made on a detached HEAD in the worktree', async () => {
    repo.worktrees = [entry(repoRoot, 'main'), entry(pathOf('s1', 'w'), null)];
    repo.unmerged.set(`main..HEAD@${pathOf('s1', 'w')}`, 1);
    await expect(service().remove(info())).resolves.toMatchObject({
      removed: false,
      reason: '1 commit not in main — kept; use --force to discard',
    });
  });

  it('force discards changes and commits', async () => {
    repo.status.set(pathOf('s1', 'w'), [{ code: '??', path: 'b.ts' }]);
    repo.unmerged.set('main..multibot/s1/w', 2);
    await expect(service().remove(info(), { force: true })).resolves.toEqual({ removed: true });
    expect(repo.calls).toEqual([
      `worktree remove --force ${pathOf('s1', 'w')}`,
      'branch -D multibot/s1/w',
    ]);
  });

  it('treats an unchanged copy of a copyIntoWorktree file as its own', async () => {
    writeFileSync(path.join(repoRoot, '.env'), 'A=1\n');
    writeFileSync(path.join(pathOf('s1', 'w'), '.env'), 'A=1\n');
    repo.status.set(pathOf('s1', 'w'), [{ code: '??', path: '.env' }]);
    await expect(service(['.env']).remove(info())).resolves.toEqual({ removed: true });
    expect(existsSync(pathOf('s1', 'w'))).toBe(false);
  });

  it('treats a changed copy of a copyIntoWorktree file as work', async () => {
    writeFileSync(path.join(repoRoot, '.env'), 'A=1\n');
    writeFileSync(path.join(pathOf('s1', 'w'), '.env'), 'A=2\n');
    repo.status.set(pathOf('s1', 'w'), [{ code: '??', path: '.env' }]);
    await expect(service(['.env']).remove(info())).resolves.toEqual({
      removed: false,
      reason: '1 uncommitted file — kept; use --force to discard',
    });
    expect(readFileSync(path.join(pathOf('s1', 'w'), '.env'), 'utf8')).toBe('A=2\n');
  });

  it('keeps it when the base is unknown or gone', async () => {
    await expect(service().remove({ ...info(), base: null })).resolves.toEqual({
      removed: false,
      reason: 'its base branch is unknown — kept; use --force to discard',
    });
    await expect(service().remove({ ...info(), base: 'gone' })).resolves.toEqual({
      removed: false,
      reason: 'its base gone no longer exists — kept; use --force to discard',
    });
    expect(repo.calls).toEqual([]);
  });

  it('keeps a locked worktree, even with force', async () => {
    repo.worktrees = [
      entry(repoRoot, 'main'),
      { ...entry(pathOf('s1', 'w'), 'multibot/s1/w'), locked: true },
    ];
    const result = await service().remove(info(), { force: true });
    expect(result).toMatchObject({ removed: false, reason: expect.stringMatching(/locked/) });
    expect(repo.calls).toEqual([]);
  });

  it('leaves a folder git does not know as a worktree', async () => {
    repo.worktrees = [entry(repoRoot, 'main')];
    await expect(service().remove(info())).resolves.toMatchObject({
      removed: false,
      reason: expect.stringMatching(/not a git worktree/),
    });
    expect(existsSync(pathOf('s1', 'w'))).toBe(true);
  });

  it('refuses (as a bug) to remove anything outside its worktrees folder', async () => {
    await expect(
      service().remove({ path: repoRoot, branch: 'main', base: 'main' }, { force: true }),
    ).rejects.toThrow(/Refusing to remove/);
    expect(repo.calls).toEqual([]);
  });

  it('passes on why git refused to remove it', async () => {
    const client = repo.client(repoRoot);
    const removeWorktree = client.removeWorktree;
    // A change lands between the check and the removal: git refuses, the worktree is kept.
    client.removeWorktree = async (target, options) => {
      repo.status.set(target, [{ code: ' M', path: 'late.ts' }]);
      return removeWorktree(target, options);
    };
    const racing = new WorktreeService({
      git: client,
      repoRoot,
      worktreesRoot,
      createClient: (cwd) => repo.client(cwd),
    });
    await expect(racing.remove(info())).resolves.toMatchObject({
      removed: false,
      reason: expect.stringMatching(/^git kept it: fatal: .* contains modified or untracked files/),
    });
    expect(repo.branches.has('multibot/s1/w')).toBe(true);
  });
});

describe('WorktreeService.list and prune', () => {
  beforeEach(() => {
    for (const [session, worker] of [
      ['s1', 'a'],
      ['s1', 'b'],
      ['s2', 'a'],
    ] as const) {
      const branch = `multibot/${session}/${worker}`;
      repo.branches.set(branch, 'c0');
      repo.config.set(`branch.${branch}.multibotBase`, 'main');
      mkdirSync(pathOf(session, worker), { recursive: true });
      repo.worktrees.push(entry(pathOf(session, worker), branch));
    }
    repo.worktrees.push(entry('/somewhere/else', 'feature'));
  });

  it('lists only this repository’s worker worktrees, with session, worker and base', async () => {
    const listed = await service().list();
    expect(listed.map((w) => [w.session, w.worker, w.branch, w.base])).toEqual([
      ['s1', 'a', 'multibot/s1/a', 'main'],
      ['s1', 'b', 'multibot/s1/b', 'main'],
      ['s2', 'a', 'multibot/s2/a', 'main'],
    ]);
  });

  it('removes what is safe in the given sessions, keeps the rest, reports each, then prunes', async () => {
    repo.unmerged.set('main..multibot/s1/b', 1);
    repo.branches.set('multibot/s1/orphan', 'c0');
    repo.config.set('branch.multibot/s1/orphan.multibotBase', 'main');
    const reports = await service().prune(['s1'], { force: false });
    expect(reports).toEqual([
      {
        session: 's1',
        worker: 'a',
        branch: 'multibot/s1/a',
        path: pathOf('s1', 'a'),
        removed: true,
      },
      {
        session: 's1',
        worker: 'b',
        branch: 'multibot/s1/b',
        path: pathOf('s1', 'b'),
        removed: false,
        reason: '1 commit not in main — kept; use --force to discard',
      },
      { session: 's1', worker: 'orphan', branch: 'multibot/s1/orphan', path: null, removed: true },
    ]);
    expect(repo.branches.has('multibot/s2/a')).toBe(true);
    expect(repo.calls.at(-1)).toBe('worktree prune');
  });
});

describe('WorktreeService.diffSummary', () => {
  it('adds untracked files to the diff and counts commits ahead', async () => {
    const where = pathOf('s1', 'w');
    repo.branches.set('multibot/s1/w', 'c1');
    repo.worktrees.push(entry(where, 'multibot/s1/w'));
    repo.numstat.set(where, [
      { path: 'a.ts', insertions: 10, deletions: 2, binary: false },
      { path: 'img.png', insertions: 0, deletions: 0, binary: true },
    ]);
    repo.status.set(where, [
      { code: ' M', path: 'a.ts' },
      { code: '??', path: 'new.ts' },
    ]);
    repo.unmerged.set('main..multibot/s1/w', 3);
    await expect(service().diffSummary(where, 'main')).resolves.toEqual({
      files: 3,
      insertions: 10,
      deletions: 2,
      commitsAhead: 3,
      uncommitted: 2,
    });
  });
});

describe('keepReason', () => {
  it('says what would be lost, in the singular or plural, with a short commit id', () => {
    expect(keepReason(1, 0, 'main')).toBe('1 uncommitted file — kept; use --force to discard');
    expect(keepReason(0, 1, 'a'.repeat(40))).toBe(
      '1 commit not in aaaaaaa — kept; use --force to discard',
    );
  });
});

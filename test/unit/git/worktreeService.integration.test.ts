import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimpleGitClient } from '../../../src/git/gitClient.js';
import { inspectRepository } from '../../../src/git/repository.js';
import { WorktreeService } from '../../../src/git/worktreeService.js';
import { UserError } from '../../../src/util/errors.js';
import { commitFile, git, initRepo, removeDir, tempDir } from './tempRepo.js';

let temp: string;
let repoRoot: string;
let worktreesRoot: string;

function service(copyIntoWorktree: string[] = []): WorktreeService {
  return new WorktreeService({
    git: createSimpleGitClient(repoRoot),
    repoRoot,
    worktreesRoot,
    createClient: createSimpleGitClient,
    copyIntoWorktree,
  });
}

const branches = (): string[] =>
  git(repoRoot, 'branch', '--list', '--format=%(refname:short)').split('\n').filter(Boolean);

beforeEach(() => {
  temp = tempDir();
  repoRoot = initRepo(path.join(temp, 'app'));
  worktreesRoot = path.join(temp, 'home', 'worktrees');
});

afterEach(() => {
  removeDir(temp);
});

describe('WorktreeService on a real repository', () => {
  it('creates worktrees on new branches from the base and lists them', async () => {
    const svc = service();
    const a = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    const b = await svc.create({ session: 's1', worker: 'b', base: 'main' });

    expect(a.path).toBe(path.join(worktreesRoot, 'app', 's1', 'a'));
    expect(git(a.path, 'symbolic-ref', '--short', 'HEAD')).toBe('multibot/s1/a');
    expect(git(b.path, 'rev-parse', 'HEAD')).toBe(git(repoRoot, 'rev-parse', 'main'));
    expect(readFileSync(path.join(b.path, 'README.md'), 'utf8')).toBe('# test\n');
    expect(branches()).toEqual(['main', 'multibot/s1/a', 'multibot/s1/b']);
    // A worker's branch never tracks anything.
    expect(() => git(repoRoot, 'config', '--get', 'branch.multibot/s1/a.remote')).toThrow();

    const listed = await svc.list();
    expect(listed.map((w) => [w.session, w.worker, w.branch, w.base, w.checkedOut])).toEqual([
      ['s1', 'a', 'multibot/s1/a', 'main', 'multibot/s1/a'],
      ['s1', 'b', 'multibot/s1/b', 'main', 'multibot/s1/b'],
    ]);
  });

  it('summarizes a worker’s committed and uncommitted changes against the base', async () => {
    const svc = service();
    const a = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    const b = await svc.create({ session: 's1', worker: 'b', base: 'main' });
    commitFile(a.path, 'feature.ts', 'one\ntwo\nthree\n');

    await expect(svc.diffSummary(a.path, 'main')).resolves.toEqual({
      files: 1,
      insertions: 3,
      deletions: 0,
      commitsAhead: 1,
      uncommitted: 0,
    });
    await expect(svc.diffSummary(b.path, 'main')).resolves.toEqual({
      files: 0,
      insertions: 0,
      deletions: 0,
      commitsAhead: 0,
      uncommitted: 0,
    });

    writeFileSync(path.join(a.path, 'README.md'), 'rewritten\n');
    writeFileSync(path.join(a.path, 'scratch.txt'), 'untracked\n');
    // Main moves on: its new file is not this worker's deletion.
    commitFile(repoRoot, 'other.ts', 'x\ny\n');
    await expect(svc.diffSummary(a.path, 'main')).resolves.toEqual({
      files: 3,
      insertions: 4,
      deletions: 1,
      commitsAhead: 1,
      uncommitted: 2,
    });
  });

  it('keeps a worktree with uncommitted or unmerged work, and removes it once merged', async () => {
    const svc = service();
    const a = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    await svc.create({ session: 's1', worker: 'b', base: 'main' });

    writeFileSync(path.join(a.path, 'feature.ts'), 'work\n');
    await expect(svc.remove(a)).resolves.toEqual({
      removed: false,
      reason: '1 uncommitted file — kept; use --force to discard',
    });
    git(a.path, 'add', 'feature.ts');
    git(a.path, 'commit', '--quiet', '-m', 'feature');
    writeFileSync(path.join(a.path, 'more.ts'), 'more\n');
    commitFile(a.path, 'second.ts', 'second\n');
    await expect(svc.remove(a)).resolves.toEqual({
      removed: false,
      reason: '1 uncommitted file, 2 commits not in main — kept; use --force to discard',
    });

    rmSync(path.join(a.path, 'more.ts'));
    git(repoRoot, 'merge', '--quiet', '--no-ff', '--no-edit', 'multibot/s1/a');
    await expect(svc.remove(a)).resolves.toEqual({ removed: true });
    expect(existsSync(a.path)).toBe(false);
    expect(branches()).toEqual(['main', 'multibot/s1/b']);
    expect(existsSync(path.join(worktreesRoot, 'app', 's1'))).toBe(true);
    expect(git(repoRoot, 'worktree', 'list', '--porcelain')).not.toContain(a.path);
  });

  it('counts commits applied to the base under another id (cherry-pick) as merged', async () => {
    const svc = service();
    const a = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    commitFile(a.path, 'feature.ts', 'work\n');
    commitFile(repoRoot, 'unrelated.ts', 'main moved\n');
    git(repoRoot, 'cherry-pick', 'multibot/s1/a');
    await expect(svc.remove(a)).resolves.toEqual({ removed: true });
    // The last worker of the session gone, its session folder goes too.
    expect(existsSync(path.join(worktreesRoot, 'app', 's1'))).toBe(false);
  });

  it('force discards uncommitted files and unmerged commits', async () => {
    const svc = service();
    const a = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    commitFile(a.path, 'feature.ts', 'work\n');
    writeFileSync(path.join(a.path, 'scratch.txt'), 'x');
    await expect(svc.remove(a, { force: true })).resolves.toEqual({ removed: true });
    expect(existsSync(a.path)).toBe(false);
    expect(branches()).toEqual(['main']);
    expect(() => git(repoRoot, 'config', '--get', 'branch.multibot/s1/a.multibotBase')).toThrow();
  });

  it('resumes an existing worktree, and refuses a stray branch or a taken path', async () => {
    const svc = service();
    const first = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    commitFile(first.path, 'feature.ts', 'work\n');
    const again = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    expect(again).toMatchObject({ path: first.path, branch: first.branch, resumed: true });
    expect(existsSync(path.join(again.path, 'feature.ts'))).toBe(true);

    git(repoRoot, 'branch', 'multibot/s2/a');
    const stray = svc.create({ session: 's2', worker: 'a', base: 'main' });
    await expect(stray).rejects.toBeInstanceOf(UserError);
    await expect(stray).rejects.toThrow(/git branch -D multibot\/s2\/a/);

    const taken = path.join(worktreesRoot, 'app', 's3', 'a');
    mkdirSync(taken, { recursive: true });
    writeFileSync(path.join(taken, 'mine.txt'), 'keep me');
    await expect(svc.create({ session: 's3', worker: 'a', base: 'main' })).rejects.toThrow(
      /already exists and is not the worktree/,
    );
    expect(readFileSync(path.join(taken, 'mine.txt'), 'utf8')).toBe('keep me');
    expect(branches()).toEqual(['main', 'multibot/s1/a', 'multibot/s2/a']);
  });

  it('checks a resumed worktree out again when its folder was deleted by hand', async () => {
    const svc = service();
    const a = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    commitFile(a.path, 'feature.ts', 'work\n');
    rmSync(a.path, { recursive: true, force: true });
    const again = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    expect(again.resumed).toBe(true);
    expect(readFileSync(path.join(a.path, 'feature.ts'), 'utf8')).toBe('work\n');
  });

  it('copies copyIntoWorktree files without overwriting, and removes its own unchanged copies', async () => {
    writeFileSync(path.join(repoRoot, '.env'), 'TOKEN=main\n');
    const svc = service(['.env', 'missing.local']);
    const a = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    expect(a.copied).toEqual(['.env']);
    expect(a.skipped).toEqual([{ path: 'missing.local', reason: 'not found in the repository' }]);
    expect(readFileSync(path.join(a.path, '.env'), 'utf8')).toBe('TOKEN=main\n');

    writeFileSync(path.join(a.path, '.env'), 'TOKEN=worker\n');
    const again = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    expect(again.copied).toEqual([]);
    expect(again.skipped[0]).toEqual({
      path: '.env',
      reason: 'already in the worktree; kept as it is',
    });
    expect(readFileSync(path.join(a.path, '.env'), 'utf8')).toBe('TOKEN=worker\n');
    await expect(svc.remove(a)).resolves.toMatchObject({ removed: false });

    writeFileSync(path.join(a.path, '.env'), 'TOKEN=main\n');
    await expect(svc.remove(a)).resolves.toEqual({ removed: true });
    expect(readFileSync(path.join(repoRoot, '.env'), 'utf8')).toBe('TOKEN=main\n');
  });

  it('branches from the commit when the main checkout has a detached HEAD', async () => {
    commitFile(repoRoot, 'second.ts', 'x\n');
    git(repoRoot, 'checkout', '--quiet', '--detach', 'HEAD~1');
    const repo = await inspectRepository(repoRoot);
    const a = await service().create({ session: 's1', worker: 'a', base: repo.base });
    expect(git(a.path, 'rev-parse', 'HEAD')).toBe(repo.head);
    expect(existsSync(path.join(a.path, 'second.ts'))).toBe(false);
    commitFile(a.path, 'feature.ts', 'work\n');
    await expect(service().remove(a)).resolves.toEqual({
      removed: false,
      reason: `1 commit not in ${repo.head.slice(0, 7)} — kept; use --force to discard`,
    });
  });

  it('records real paths when the worktrees folder is reached through a symlink', async () => {
    mkdirSync(path.join(temp, 'real-home'));
    symlinkSync(path.join(temp, 'real-home'), path.join(temp, 'linked-home'));
    worktreesRoot = path.join(temp, 'linked-home', 'worktrees');
    const svc = service();
    const a = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    expect(a.path).toBe(path.join(temp, 'real-home', 'worktrees', 'app', 's1', 'a'));
    expect((await svc.list()).map((w) => w.path)).toEqual([a.path]);
    await expect(
      svc.remove({ ...a, path: path.join(worktreesRoot, 'app', 's1', 'a') }),
    ).resolves.toEqual({ removed: true });
  });

  it('prunes the worktrees of ended sessions under the same rule, reporting each', async () => {
    const svc = service();
    const a = await svc.create({ session: 's1', worker: 'a', base: 'main' });
    await svc.create({ session: 's1', worker: 'b', base: 'main' });
    const other = await svc.create({ session: 's2', worker: 'a', base: 'main' });
    commitFile(a.path, 'feature.ts', 'work\n');

    const reports = await svc.prune(['s1'], { force: false });
    expect(reports.map((r) => [r.worker, r.removed, r.reason])).toEqual([
      ['a', false, '1 commit not in main — kept; use --force to discard'],
      ['b', true, undefined],
    ]);
    expect(branches()).toEqual(['main', 'multibot/s1/a', 'multibot/s2/a']);
    expect(existsSync(other.path)).toBe(true);

    // A worktree folder deleted by hand leaves git's record and the branch: clean both.
    rmSync(a.path, { recursive: true, force: true });
    const forced = await svc.prune(['s1'], { force: true });
    expect(forced.map((r) => [r.worker, r.removed])).toEqual([['a', true]]);
    expect(branches()).toEqual(['main', 'multibot/s2/a']);
    expect(git(repoRoot, 'worktree', 'list', '--porcelain')).not.toContain(a.path);
  });
});

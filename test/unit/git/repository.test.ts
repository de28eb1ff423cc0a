import { describe, expect, it } from 'vitest';
import { GitCommandError, type GitClient } from '../../../src/git/gitClient.js';
import { inspectRepository } from '../../../src/git/repository.js';
import { UserError } from '../../../src/util/errors.js';
import { FakeRepo } from './fakeGitClient.js';

describe('inspectRepository with a fake client', () => {
  it('passes on git’s own explanation when git refuses the repository', async () => {
    const refusing = (cwd: string): GitClient => ({
      ...new FakeRepo(cwd).client(cwd),
      locate: async () => {
        throw new GitCommandError(
          ['rev-parse'],
          cwd,
          "fatal: detected dubious ownership in repository at '/r'\n" +
            'To add an exception for this directory, call:\n\n\tgit config --global --add safe.directory /r\n',
        );
      },
    });
    const attempt = inspectRepository(process.cwd(), refusing);
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toThrow(/dubious ownership[\s\S]*safe\.directory/);
  });

  it('uses the branch as the base, and the commit when detached', async () => {
    const repo = new FakeRepo(process.cwd());
    repo.worktrees = [{ ...repo.worktrees[0]!, branch: null }];
    const info = await inspectRepository(process.cwd(), (cwd) => repo.client(cwd));
    expect(info).toMatchObject({ branch: null, head: 'c0', base: 'c0' });
    expect(info.notes[0]).toMatch(/detached/);
  });
});

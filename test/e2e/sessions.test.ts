import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, KEY, Tui, eventually } from '../helpers/tuiHarness.js';
import { descendantsOf } from '../helpers/processes.js';
import { createTempRepo, git, type TempRepo } from '../helpers/tempRepo.js';

/** A worker that prints where it runs and then echoes what it is told. */
const WORKER = (name: string) => `${name}=echo "cwd=$PWD"; exec cat`;

let repo: TempRepo | null = null;
let tuis: Tui[] = [];
afterEach(() => {
  for (const tui of tuis) tui.kill();
  tuis = [];
  repo?.cleanup();
  repo = null;
});

function start(args: string[]): Tui {
  if (!repo) throw new Error('no repository');
  const tui = new Tui({ args, cwd: repo.root, home: repo.home });
  tuis.push(tui);
  return tui;
}

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: repo!.root,
    env: { ...process.env, MULTIBOT_HOME: repo!.home, XDG_CONFIG_HOME: join(repo!.home, 'xdg') },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function savedState(home: string) {
  const sessions = readdir(join(home, 'sessions'));
  expect(sessions).toHaveLength(1);
  const id = sessions[0]!;
  return { id, state: JSON.parse(readFileSync(join(home, 'sessions', id, 'state.json'), 'utf8')) };
}

function readdir(dir: string): string[] {
  return spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

async function quit(tui: Tui): Promise<void> {
  tui.write('q');
  await tui.waitFor('Quit multibot-tui?');
  tui.write('y');
  expect(await tui.waitForExit()).toBe(0);
}

/** The working directories of the control room's worker processes, from /proc. */
function workerCwds(tui: Tui): string[] {
  return descendantsOf(tui.pid)
    .map((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        return '';
      }
    })
    .filter(Boolean);
}

describe('sessions: a worktree per worker, saved state, resume', () => {
  it('runs each worker in its own worktree, and resumes it there after quitting', async () => {
    repo = createTempRepo();
    const first = start(['-w', WORKER('alpha'), '-w', WORKER('beta')]);
    await first.waitFor((s) => (s.match(/cwd=/g) ?? []).length >= 2);
    await first.waitFor(/multibot\/\S+\/alpha/);
    await eventually(() => readdir(join(repo!.home, 'sessions')).length === 1, 'a session folder');
    const { id, state } = await eventually(() => {
      try {
        const saved = savedState(repo!.home);
        return saved.state.workers.length === 2 ? saved : null;
      } catch {
        return null;
      }
    }, 'the state file with both workers');
    const alpha = state.workers.find((w: { name: string }) => w.name === 'alpha');
    const beta = state.workers.find((w: { name: string }) => w.name === 'beta');
    expect(alpha.branch).toBe(`multibot/${id}/alpha`);
    expect(alpha.worktree).toBe(join(repo.home, 'worktrees', 'project', id, 'alpha'));
    expect(beta.worktree).toBe(join(repo.home, 'worktrees', 'project', id, 'beta'));

    // Each worker writes and commits a file in its own worktree.
    for (const worker of [alpha, beta]) {
      const file = join(worker.worktree, `${worker.name}.txt`);
      spawnSync('sh', ['-c', `echo ${worker.name} > ${file}`]);
      git(worker.worktree, 'add', '.');
      git(worker.worktree, 'commit', '-q', '-m', `${worker.name} work`);
    }
    await first.waitFor((s) => (s.match(/1 file \+1 −0 · 1 commit/g) ?? []).length === 2, 20_000);
    expect(existsSync(join(repo.root, 'alpha.txt'))).toBe(false);
    await quit(first);
    const ended = savedState(repo.home).state;
    expect(ended.session.ended).toBe('quit');
    expect(ended.workers).toHaveLength(2);

    const listing = cli(['sessions']);
    expect(listing.code).toBe(0);
    expect(listing.stdout).toContain(id);
    expect(listing.stdout).toMatch(/quit/);

    const second = start(['resume']);
    await second.waitFor((s) => (s.match(/cwd=/g) ?? []).length >= 2);
    await second.waitFor(`resumed session ${id}`);
    await eventually(() => {
      const cwds = workerCwds(second);
      return cwds.includes(alpha.worktree) && cwds.includes(beta.worktree);
    }, 'the resumed workers running in their worktrees');
    expect(readFileSync(join(alpha.worktree, 'alpha.txt'), 'utf8')).toBe('alpha\n');
    expect(git(repo.root, 'log', '--format=%s', `multibot/${id}/beta`)).toContain('beta work');
    // The workers run again: typing reaches the resumed alpha.
    second.write('i');
    await second.waitFor(/INSERT\s+alpha/);
    second.write('back again\r');
    await second.waitFor((s) => (s.match(/back again/g) ?? []).length >= 2);
    second.write(KEY.ctrlB + KEY.escape);
    await second.waitFor(/NAVIGATE/);
    await quit(second);
  });

  it('keeps a killed worker ended when the session is resumed', async () => {
    repo = createTempRepo();
    const first = start(['-w', WORKER('keep'), '-w', WORKER('gone')]);
    await first.waitFor((s) => (s.match(/cwd=/g) ?? []).length >= 2);
    first.write('2x');
    await first.waitFor('Kill gone?');
    first.write('y');
    await first.waitFor(/gone · .*killed by/);
    await quit(first);
    const second = start(['resume']);
    await second.waitFor(/keep · .*(idle|working|starting) \(/);
    await second.waitFor(/gone · .*killed before the resume/);
    await quit(second);
  });

  it('refuses to start outside a git repository, saying how to fix it', () => {
    repo = createTempRepo();
    const outside = spawnSync(process.execPath, [CLI], {
      cwd: repo.home,
      env: { ...process.env, MULTIBOT_HOME: repo.home },
      encoding: 'utf8',
    });
    // stdin is not a TTY here, so the first refusal is about the terminal.
    expect(outside.status).toBe(1);
    const tui = new Tui({ args: [], cwd: repo.home, home: repo.home });
    tuis.push(tui);
    return tui.waitForExit().then((code) => {
      expect(code).toBe(1);
      expect(tui.output).toContain('is not inside a git repository');
      expect(tui.output).toContain('git init');
    });
  });
});

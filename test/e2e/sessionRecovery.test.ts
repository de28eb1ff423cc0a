import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, Tui, eventually } from '../helpers/tuiHarness.js';
import { createTempRepo, git, type TempRepo } from '../helpers/tempRepo.js';

const WORKER = (name: string) => `${name}=echo "ready-${name}"; exec cat`;

let repo: TempRepo | null = null;
let tuis: Tui[] = [];
afterEach(() => {
  for (const tui of tuis) tui.kill();
  tuis = [];
  repo?.cleanup();
  repo = null;
});

function start(args: string[]): Tui {
  const tui = new Tui({ args, cwd: repo!.root, home: repo!.home });
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

/** Session folders only (sessions/ also holds the workers' .bin shim). */
const sessionIds = () =>
  readdirSync(join(repo!.home, 'sessions')).filter((name) => /^\d{8}-/.test(name));
const stateFile = (id: string) => join(repo!.home, 'sessions', id, 'state.json');

async function startSaved(args: string[]): Promise<{ tui: Tui; id: string }> {
  const tui = start(args);
  await tui.waitFor('ready-');
  const id = await eventually(() => sessionIds()[0], 'a session folder');
  await eventually(() => {
    try {
      return JSON.parse(readFileSync(stateFile(id), 'utf8')).workers.length > 0;
    } catch {
      return false;
    }
  }, 'a saved state');
  return { tui, id };
}

async function quit(tui: Tui): Promise<void> {
  tui.write('q');
  await tui.waitFor('Quit multibot-tui?');
  tui.write('y');
  expect(await tui.waitForExit()).toBe(0);
}

describe('recovering sessions', () => {
  it('offers to resume a session whose control room was SIGKILLed', async () => {
    repo = createTempRepo();
    // Workers from the config, as a plain start uses them.
    writeFileSync(
      join(repo.root, '.multibot.json'),
      JSON.stringify({
        profiles: { echo: { command: 'sh', args: ['-c', 'echo ready-$0; exec cat', 'cfg'] } },
        workers: [{ name: 'cfg', profile: 'echo' }],
      }),
    );
    const { tui, id } = await startSaved([]);
    process.kill(tui.pid, 'SIGKILL');
    await tui.waitForExit();
    const again = start([]);
    await again.waitFor('did not end cleanly. Resume it?');
    again.write('y\r');
    await again.waitFor(`resumed session ${id}`);
    await again.waitFor(/cfg · .*(idle|working|starting) \(/);
    expect(sessionIds()).toEqual([id]);
    await quit(again);
  });

  it('reports a corrupt state file with its path, keeps it, and still starts new sessions', async () => {
    repo = createTempRepo();
    const { tui, id } = await startSaved(['-w', WORKER('a')]);
    await quit(tui);
    writeFileSync(stateFile(id), '{"schemaVersion": 1, "session": ');
    const resumed = start(['resume', id]);
    expect(await resumed.waitForExit()).toBe(1);
    expect(resumed.output).toContain(stateFile(id));
    expect(readFileSync(stateFile(id), 'utf8')).toBe('{"schemaVersion": 1, "session": ');
    const listing = cli(['sessions']);
    expect(listing.stdout).toContain('unreadable');
    const fresh = start(['-w', WORKER('b')]);
    await fresh.waitFor('ready-b');
    await quit(fresh);
    expect(sessionIds()).toHaveLength(2);
  });

  it('cleans worktrees of ended sessions, keeping those that hold work', async () => {
    repo = createTempRepo();
    const { tui, id } = await startSaved(['-w', WORKER('idle'), '-w', WORKER('busy')]);
    await quit(tui);
    const busy = join(repo.home, 'worktrees', 'project', id, 'busy');
    writeFileSync(join(busy, 'work.txt'), 'work\n');
    git(busy, 'add', '.');
    git(busy, 'commit', '-q', '-m', 'work');
    const cleaned = cli(['clean']);
    expect(cleaned.code).toBe(0);
    expect(cleaned.stdout).toMatch(/removed\s+\S+\/idle/);
    expect(cleaned.stdout).toMatch(/kept\s+\S+\/busy.*1 commit/);
    expect(git(repo.root, 'branch', '--list', `multibot/${id}/*`)).not.toContain('idle');
    expect(git(repo.root, 'branch', '--list', `multibot/${id}/*`)).toContain('busy');
    const forced = cli(['clean', '--force']);
    expect(forced.stdout).toMatch(/removed\s+\S+\/busy/);
    expect(git(repo.root, 'branch', '--list', 'multibot/*')).toBe('');
  });

  it('prints the effective config and where each value came from', () => {
    repo = createTempRepo();
    writeFileSync(join(repo.root, '.multibot.json'), JSON.stringify({ scrollback: 1234 }));
    const printed = cli(['config']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/scrollback\s*=\s*1234.*repo/);
    expect(printed.stdout).toContain('.multibot.json');
    writeFileSync(join(repo.root, '.multibot.json'), '{"scrollback": "lots"}');
    const broken = cli(['config']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('.multibot.json');
    expect(broken.stderr).toContain('scrollback');
  });
});

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
} from 'node:fs';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { needsPermission } from '../../../../src/agents/demo/args.js';
import {
  demoProfiles,
  demoRepoPath,
  demoTasks,
  demoWorkers,
  prepareDemoRepo,
} from '../../../../src/agents/demo/demoSetup.js';
import { adapterKindFor } from '../../../../src/agents/registry.js';
import { profileSchema } from '../../../../src/config/schema.js';
import type { Task } from '../../../../src/orchestrator/types.js';
import { addTask, findCycle } from '../../../../src/orchestrator/taskGraph.js';
import { UserError } from '../../../../src/util/errors.js';
import { REPO_ROOT, git } from './agentPty.js';

const temps: string[] = [];

function tempHome(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'multibot-demo-home-')));
  temps.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('prepareDemoRepo', () => {
  it('creates the scratch repository once, with one commit, and reuses it as it is', async () => {
    const home = tempHome();
    const first = await prepareDemoRepo({ home });
    expect(first).toEqual({ repoRoot: join(home, 'worktrees', 'demo', 'project'), created: true });
    const repo = first.repoRoot;
    expect(git(repo, 'log', '--format=%s')).toBe('Demo project: a tiny calculator');
    expect(git(repo, 'branch', '--show-current')).toBe('main');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'ls-files').split('\n').sort()).toEqual(['README.md', 'src/calc.js']);
    const calc = readFileSync(join(repo, 'src', 'calc.js'), 'utf8');
    expect(calc).toContain('export function add(a, b)');
    expect(calc).toContain('TODO');
    // Built aside and renamed into place: nothing is left over.
    expect(readdirSync(join(home, 'worktrees', 'demo'))).toEqual(['project']);

    // The demo workers' work stays: a second start changes nothing.
    writeFileSync(join(repo, 'NOTES.md'), 'kept\n');
    git(repo, 'add', 'NOTES.md');
    git(repo, 'commit', '-q', '-m', 'work from an earlier demo');
    const head = git(repo, 'rev-parse', 'HEAD');
    const second = await prepareDemoRepo({ home });
    expect(second).toEqual({ repoRoot: repo, created: false });
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('makes a repository of its own when the home sits inside another one', async () => {
    const home = tempHome();
    git(home, 'init', '-q', '-b', 'main');
    writeFileSync(join(home, 'outer.txt'), 'outer\n');
    git(home, 'add', 'outer.txt');
    git(home, 'commit', '-q', '-m', 'outer');
    const { repoRoot, created } = await prepareDemoRepo({ home });
    expect(created).toBe(true);
    expect(git(repoRoot, 'rev-parse', '--show-toplevel')).toBe(repoRoot);
    expect(git(repoRoot, 'log', '--format=%s')).toBe('Demo project: a tiny calculator');
  });

  it('refuses to touch a folder in its place that is not its repository', async () => {
    const home = tempHome();
    const path = demoRepoPath(home);
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'mine.txt'), 'the user’s\n');
    const attempt = prepareDemoRepo({ home });
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toThrow(/remove it/);
    expect(readFileSync(join(path, 'mine.txt'), 'utf8')).toBe('the user’s\n');
  });
});

describe('demoProfiles', () => {
  const options = {
    nodePath: process.execPath,
    packageRoot: REPO_ROOT,
    hookCommand: "'/usr/bin/node' '/pkg/bin/multibot-tui.js' hook",
  };

  it('runs the built demo agent with each role, as valid config profiles', () => {
    const profiles = demoProfiles({ ...options, speed: 'fast' });
    expect(Object.keys(profiles)).toEqual(['demo-coder', 'demo-tester', 'demo-reviewer']);
    for (const [name, profile] of Object.entries(profiles)) {
      const role = name.slice('demo-'.length);
      expect(profileSchema.parse(profile)).toEqual(profile);
      expect(profile.command).toBe(process.execPath);
      expect(profile.args).toEqual([
        join(REPO_ROOT, 'dist', 'src', 'agents', 'demo', 'run.js'),
        '--role',
        role,
      ]);
      // `npm test` builds first: the script is there.
      expect(existsSync(profile.args[0]!)).toBe(true);
      expect(profile.resumeArgs).toEqual([...profile.args, '--resume', '{agentSessionId}']);
      expect(profile.env).toEqual({
        MULTIBOT_HOOK_COMMAND: options.hookCommand,
        DEMO_AGENT_SPEED: 'fast',
      });
      expect(profile.promptDelivery).toBe('paste');
      expect(profile.description).toBe(`demo agent (${role})`);
      expect(adapterKindFor(profile.command, profile.args)).toBe('demo');
    }
  });

  it('leaves the pace to the environment unless told', () => {
    const profiles = demoProfiles(options);
    expect(profiles['demo-coder'].env).toEqual({ MULTIBOT_HOOK_COMMAND: options.hookCommand });
  });
});

describe('demoWorkers and demoTasks', () => {
  it('names three workers with a role each, on the demo profiles', () => {
    const profiles = demoProfiles({ nodePath: 'node', packageRoot: '/pkg', hookCommand: 'x' });
    const workers = demoWorkers();
    expect(workers).toEqual([
      { name: 'coder', profile: 'demo-coder', role: 'coder' },
      { name: 'tester', profile: 'demo-tester', role: 'tester' },
      { name: 'reviewer', profile: 'demo-reviewer', role: 'reviewer' },
    ]);
    for (const worker of workers) expect(Object.keys(profiles)).toContain(worker.profile);
  });

  it('is a small DAG over earlier tasks that every worker takes part in', () => {
    const tasks = demoTasks();
    expect(tasks.length).toBeGreaterThanOrEqual(5);
    expect(tasks.length).toBeLessThanOrEqual(6);
    tasks.forEach((task, index) => {
      for (const id of task.after) {
        const number = Number(/^T(\d+)$/.exec(id)?.[1]);
        expect(number, `${id} before T${index + 1}`).toBeLessThan(index + 1);
        expect(number).toBeGreaterThanOrEqual(1);
      }
    });
    const roles = new Set(demoWorkers().map((worker) => worker.role));
    expect(new Set(tasks.map((task) => task.role))).toEqual(roles);
    // Some tasks wait for others, some can start at once.
    expect(tasks.some((task) => task.after.length === 0)).toBe(true);
    expect(tasks.some((task) => task.after.length > 1)).toBe(true);
  });

  it('goes into the real task graph as T1… in order, without a cycle', () => {
    let graph: Task[] = [];
    demoTasks().forEach((task, index) => {
      const result = addTask(
        graph,
        { title: task.title, brief: task.brief, role: task.role, dependsOn: task.after },
        0,
      );
      if (!result.ok) throw new Error(result.error);
      expect(result.task.id).toBe(`T${index + 1}`);
      graph = result.tasks;
    });
    expect(findCycle(graph)).toBeNull();
  });

  it('asks the human exactly once: only T3 triggers the permission question', () => {
    const asking = demoTasks()
      .map((task, index) => ({ id: `T${index + 1}`, text: `${task.title}\n\n${task.brief}` }))
      .filter((task) => needsPermission(task.text))
      .map((task) => task.id);
    expect(asking).toEqual(['T3']);
  });
});

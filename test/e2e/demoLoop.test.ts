import { readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git } from '../helpers/tempRepo.js';
import { Tui, eventually } from '../helpers/tuiHarness.js';

let home: string | null = null;
let tui: Tui | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
  if (home) rmSync(home, { recursive: true, force: true });
  home = null;
});

interface SavedTask {
  id: string;
  status: string;
  assignee: string | null;
}
interface SavedLog {
  kind: string;
  text: string;
  message?: string;
  taskId?: string;
}

function saved(h: string): { id: string; tasks: SavedTask[]; log: SavedLog[] } {
  const [id] = readdirSync(join(h, 'sessions')).filter((name) => /^\d{8}-/.test(name));
  if (!id) throw new Error('no session yet');
  const state = JSON.parse(readFileSync(join(h, 'sessions', id, 'state.json'), 'utf8'));
  return { id, tasks: state.tasks ?? [], log: state.log ?? [] };
}

function tryState(h: string) {
  try {
    return saved(h);
  } catch {
    return null;
  }
}

async function waitForTasks(h: string, check: (tasks: SavedTask[]) => boolean, what: string) {
  return eventually(
    () => {
      const state = tryState(h);
      return state && check(state.tasks) ? state : null;
    },
    what,
    60_000,
  );
}

/** `--demo` in a fresh home, its agents at their fast pace. */
function startDemo(): { t: Tui; home: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'multibot-demo-e2e-')));
  home = dir;
  tui = new Tui({
    args: ['--demo'],
    cwd: tmpdir(),
    home: dir,
    cols: 160,
    rows: 48,
    env: { DEMO_AGENT_SPEED: 'fast' },
  });
  return { t: tui, home: dir };
}

describe('the demo loop', () => {
  it('runs the demo tasks through three demo agents: delivered once, committed, a permission answered from the master pane', async () => {
    const { t, home } = startDemo();
    await t.waitFor(/coder · /);
    // T3 asks for permission: the coder waits for the human.
    await t.waitFor(/need you/, 60_000);
    const waiting = await waitForTasks(
      home,
      (tasks) => tasks.some((x) => x.id === 'T3' && x.status === 'running'),
      'T3 running',
    );
    expect(waiting.tasks.find((x) => x.id === 'T3')!.assignee).toBe('coder');
    await t.command('/answer coder y');
    const done = await waitForTasks(
      home,
      (tasks) => tasks.length === 6 && tasks.every((x) => x.status === 'done'),
      'all six demo tasks done',
    );

    // Every task was assigned and delivered exactly once.
    for (const task of done.tasks) {
      const assignments = done.log.filter(
        (e) => e.message === 'TASK_ASSIGNMENT' && e.taskId === task.id,
      );
      expect(assignments, task.id).toHaveLength(1);
      const completions = done.log.filter(
        (e) => e.message === 'TASK_COMPLETE' && e.taskId === task.id,
      );
      expect(completions, task.id).toHaveLength(1);
    }
    // Each delivered prompt became one commit on the worker's branch.
    const repo = join(home, 'worktrees', 'demo', 'project');
    for (const worker of ['coder', 'tester', 'reviewer']) {
      const mine = done.tasks.filter((x) => x.assignee === worker).map((x) => x.id);
      const subjects = git(repo, 'log', '--format=%s', `main..multibot/${done.id}/${worker}`)
        .split('\n')
        .filter(Boolean);
      expect(subjects.length, worker).toBe(mine.length);
      for (const id of mine)
        expect(
          subjects.some((s) => s.includes(`(task ${id})`)),
          `${worker} ${id}`,
        ).toBe(true);
    }
    expect(git(repo, 'log', '--format=%s', `multibot/${done.id}/coder`)).toContain(
      'Ask for permission',
    );
  }, 120_000);

  it('logs a reassignment as an override and the task completes on the new worker', async () => {
    const { t, home } = startDemo();
    await t.waitFor(/reviewer · /);
    await t.command('/hold');
    await t.command('/task Write a changelog entry --role coder');
    const added = await waitForTasks(home, (tasks) => tasks.some((x) => x.id === 'T7'), 'T7 added');
    expect(added.tasks.find((x) => x.id === 'T7')!.status).toBe('pending');
    await t.command('/assign T7 tester');
    await t.command('/reassign T7 reviewer');
    const finished = await waitForTasks(
      home,
      (tasks) => tasks.some((x) => x.id === 'T7' && x.status === 'done'),
      'T7 done',
    );
    expect(finished.tasks.find((x) => x.id === 'T7')!.assignee).toBe('reviewer');
    const overrides = finished.log.filter((e) => e.kind === 'override').map((e) => e.text);
    expect(overrides.some((text) => text.includes('T7 → reviewer from tester by hand'))).toBe(true);
    const repo = join(home, 'worktrees', 'demo', 'project');
    expect(git(repo, 'log', '--format=%s', `multibot/${finished.id}/reviewer`)).toContain(
      'Write a changelog entry',
    );
  }, 120_000);
});

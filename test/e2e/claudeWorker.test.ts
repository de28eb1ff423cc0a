import { afterEach, describe, expect, it } from 'vitest';
import { createClaudeRoom, type ClaudeRoom } from '../fixtures/claude/claudeRoom.js';
import { findClaude } from '../fixtures/claude/findClaude.js';
import { commandLineOf, descendantsOf } from '../helpers/processes.js';
import { savedSession } from '../helpers/savedSession.js';
import { KEY, Tui, eventually } from '../helpers/tuiHarness.js';

const claude = findClaude();
const SUMMARY = 'Done: the greeting is ready.';

let room: ClaudeRoom | null = null;
let tui: Tui | null = null;
afterEach(async () => {
  tui?.kill();
  tui = null;
  await room?.cleanup();
  room = null;
});

describe.skipIf(typeof claude === 'string')('a real Claude Code worker', () => {
  it('takes a task from the master pane, reports through its hooks, and the Stop hook finishes the task', async () => {
    if (typeof claude === 'string') return;
    room = await createClaudeRoom({
      binary: claude.path,
      script: {
        turns: [{ match: 'Greet the team', steps: [{ text: SUMMARY }] }],
        title: 'Greeting',
      },
      workers: [{ name: 'claude1' }],
    });
    const { server, repo, env } = room;
    const t = new Tui({
      args: [],
      cwd: repo.root,
      home: repo.home,
      env,
    });
    tui = t;
    // Its own worktree's trust prompt is accepted; then the hooks say it is idle.
    await t.waitFor(/claude1 · .*idle/, 60_000);
    t.write('0');
    await t.waitFor(/NAVIGATE\s+master/);
    t.write('i');
    t.write('/task Greet the team');
    await t.waitFor('/task Greet the team');
    t.write(KEY.enter);
    const done = await eventually(
      () => {
        const state = savedSession(repo.home);
        return state?.tasks?.find((task) => task.status === 'done') ? state : null;
      },
      'the task done',
      90_000,
    );
    expect(done.tasks![0]).toMatchObject({ id: 'T1', status: 'done', result: SUMMARY });
    // The session id the control room chose is the one Claude Code reported.
    expect(done.workers[0]!.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.mainRequests().length).toBeGreaterThanOrEqual(1);
    // Quitting ends Claude Code with the control room.
    t.write(KEY.escape);
    await t.waitFor(/NAVIGATE/);
    t.write('q');
    await t.waitFor('Quit multibot-tui?');
    t.write('y');
    expect(await t.waitForExit(30_000)).toBe(0);

    // Resumed, the worker continues the same Claude Code conversation.
    const sessionId = done.workers[0]!.agentSessionId!;
    const again = new Tui({
      args: ['resume'],
      cwd: repo.root,
      home: repo.home,
      env,
    });
    tui = again;
    await again.waitFor(/claude1 · .*idle/, 60_000);
    const resumed = await eventually(
      () =>
        descendantsOf(again.pid)
          .map(commandLineOf)
          .find((line) => line.includes('--resume')),
      'claude started with --resume',
    );
    expect(resumed).toContain(`--resume ${sessionId}`);
    again.write('q');
    await again.waitFor('Quit multibot-tui?');
    again.write('y');
    expect(await again.waitForExit(30_000)).toBe(0);
  }, 150_000);
});

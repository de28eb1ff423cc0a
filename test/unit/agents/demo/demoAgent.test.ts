import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Scratch } from './agentPty.js';
import {
  AgentPty,
  RUN_TS,
  TSX_LOADER,
  eventually,
  git,
  hookRecorder,
  scratchRepo,
} from './agentPty.js';

// The demo agent itself, from source, in a real pty with DEMO_AGENT_SPEED=fast.
// Everything waits for conditions with deadlines; nothing asserts on timing.

const running: AgentPty[] = [];
const scratches: Scratch[] = [];

function setup(options: { args?: string[]; env?: Record<string, string> } = {}) {
  const scratch = scratchRepo();
  scratches.push(scratch);
  const agent = new AgentPty({ cwd: scratch.repo, ...options });
  running.push(agent);
  return { scratch, agent, repo: scratch.repo };
}

function commits(repo: string): string[] {
  return git(repo, 'log', '--format=%s').split('\n');
}

afterEach(async () => {
  for (const agent of running.splice(0)) agent.kill();
  await Promise.all(scratches.splice(0).map((scratch) => scratch.cleanup()));
});

describe('the demo agent in a pty', () => {
  it('shows its header and prompt box, edits, commits and summarises a prompt', async () => {
    const { agent, repo } = setup({ args: ['--role', 'coder'] });
    const ready = await agent.waitFor('╰─');
    expect(ready).toContain('DEMO');
    expect(ready).toContain('demo agent · coder · project');
    expect(ready).toMatch(/│ > +│/);

    agent.write('Add a greeting');
    await agent.waitFor('│ > Add a greeting');
    agent.write('\r');
    const screen = await agent.waitFor(/⏺ Done: created demo\/add-a-greeting\.md and committed/);

    const hash = git(repo, 'rev-parse', '--short=7', 'HEAD');
    expect(screen).toContain(`committed ${hash} "Add a greeting" on main`);
    expect(commits(repo)).toEqual(['Add a greeting', 'initial commit']);
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD')).toBe('demo/add-a-greeting.md');
    expect(readFileSync(join(repo, 'demo', 'add-a-greeting.md'), 'utf8')).toContain(
      'Add a greeting',
    );
    // Back at an empty prompt, ready for the next one.
    expect(screen).toMatch(/│ > +│/);
  });

  it('takes a bracketed paste as one multi-line prompt and edits with Backspace', async () => {
    const { agent, repo } = setup();
    await agent.waitFor('╰─');
    expect(agent.output).toContain('\x1b[?2004h');

    agent.write('Typo');
    agent.write('\x7f\x7f\x7f\x7f');
    agent.write('\x1b[200~Write the notes\nsecond line\r\nthird line\x1b[201~');
    await agent.waitFor('third line');
    agent.write('\r');
    await agent.waitFor('⏺ Done');
    expect(commits(repo)[0]).toBe('Write the notes');
    const file = readFileSync(join(repo, 'demo', 'write-the-notes.md'), 'utf8');
    expect(file).toContain('Write the notes\nsecond line\nthird line');
  });

  it('asks before a "permission" prompt and commits only after y', async () => {
    const { agent, repo } = setup();
    await agent.waitFor('╰─');
    agent.send('Check the permission model');
    const asking = await agent.waitFor('? Allow editing demo/check-the-permission-model.md? (y/n)');
    expect(asking).toContain('y allow · n deny');
    // Waiting on the human: nothing is written or committed.
    expect(existsSync(join(repo, 'demo'))).toBe(false);
    expect(commits(repo)).toEqual(['initial commit']);

    agent.write('y');
    await agent.waitFor('⏺ Done');
    expect(commits(repo)).toEqual(['Check the permission model', 'initial commit']);
  });

  it('commits nothing when the answer is n', async () => {
    const { agent, repo } = setup();
    await agent.waitFor('╰─');
    agent.send('Deploy to staging');
    await agent.waitFor('Allow editing demo/deploy-to-staging.md? (y/n)');
    agent.write('n');
    await agent.waitFor('⏺ denied, nothing changed');
    expect(commits(repo)).toEqual(['initial commit']);
    expect(existsSync(join(repo, 'demo'))).toBe(false);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('Esc interrupts a turn: no edit, Stop fires with "interrupted"', async () => {
    const scratch = scratchRepo();
    scratches.push(scratch);
    const hooks = hookRecorder(scratch.base);
    const agent = new AgentPty({
      cwd: scratch.repo,
      env: { MULTIBOT_HOOK_COMMAND: hooks.command },
    });
    running.push(agent);
    await agent.waitFor('╰─');
    // A permission prompt holds the turn still, so Esc surely lands inside it.
    agent.send('Delete the old logs');
    await agent.waitFor('(y/n)');
    agent.write('\x1b');
    await agent.waitFor('⏺ interrupted');
    expect(commits(scratch.repo)).toEqual(['initial commit']);
    expect(existsSync(join(scratch.repo, 'demo'))).toBe(false);
    const stop = await eventually(
      () => hooks.events().find((e) => e.event === 'Stop'),
      'a Stop hook',
    );
    expect(stop.payload.last_assistant_message).toBe('interrupted');

    // The agent carries on: the next prompt works.
    agent.send('Next thing');
    await agent.waitFor('⏺ Done');
    expect(commits(scratch.repo)[0]).toBe('Next thing');
    // A clean exit flushes the hook queue.
    agent.write('\x04');
    expect(await agent.waitForExit()).toBe(0);
    const stops = hooks.events().filter((e) => e.event === 'Stop');
    expect(stops.map((e) => e.payload.last_assistant_message)).toEqual([
      'interrupted',
      expect.stringContaining('Done: created demo/next-thing.md'),
    ]);
  });

  it('Esc interrupts while the spinner turns', async () => {
    // Slow pace: thinking alone lasts seconds, so the Esc lands inside it.
    const { agent, repo } = setup({ env: { DEMO_AGENT_SPEED: 'slow' } });
    await agent.waitFor('╰─');
    agent.send('Refactor everything');
    await agent.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] thinking…/);
    agent.write('\x1b');
    await agent.waitFor('⏺ interrupted');
    expect(commits(repo)).toEqual(['initial commit']);
    expect(existsSync(join(repo, 'demo'))).toBe(false);
  });

  it('Ctrl-C once clears the line, twice exits with code 0 and restores the terminal', async () => {
    const { agent } = setup();
    await agent.waitFor('╰─');
    agent.write('half a thought');
    await agent.waitFor('│ > half a thought');
    agent.write('\x03');
    const cleared = await agent.waitFor('Press Ctrl-C again to exit');
    expect(cleared).not.toContain('half a thought');
    // Two presses in one write: within 1 s of each other whatever the machine's load.
    agent.write('\x03\x03');
    expect(await agent.waitForExit()).toBe(0);
    expect(agent.output).toContain('\x1b[?2004l');
    expect(agent.output.lastIndexOf('\x1b[?25h')).toBeGreaterThan(
      agent.output.lastIndexOf('\x1b[?25l'),
    );
  });

  it('Ctrl-D on an empty prompt exits', async () => {
    const { agent } = setup();
    await agent.waitFor('╰─');
    agent.write('\x04');
    expect(await agent.waitForExit()).toBe(0);
  });

  it('reports the whole session through the hook command, in order', async () => {
    const scratch = scratchRepo();
    scratches.push(scratch);
    const hooks = hookRecorder(scratch.base);
    const agent = new AgentPty({
      cwd: scratch.repo,
      args: ['--role', 'tester', '--session-id', '11111111-2222-4333-8444-555555555555'],
      env: {
        MULTIBOT_HOOK_COMMAND: hooks.command,
        MULTIBOT_SOCKET: join(scratch.base, 'no.sock'),
        MULTIBOT_WORKER: 'w1',
        MULTIBOT_TOKEN: 't0k3n',
      },
    });
    running.push(agent);
    await agent.waitFor('╰─');
    agent.send('Review the permission flow');
    await agent.waitFor('(y/n)');
    agent.write('y');
    await agent.waitFor('⏺ Done');
    agent.write('\x04');
    expect(await agent.waitForExit()).toBe(0);

    const events = hooks.events();
    expect(events.map((e) => e.event)).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'PreToolUse',
      'PostToolUse',
      'PreToolUse',
      'PermissionRequest',
      'Notification',
      'PostToolUse',
      'PreToolUse',
      'PostToolUse',
      'Stop',
      'SessionEnd',
    ]);
    for (const { event, payload } of events) {
      expect(payload).toMatchObject({
        session_id: '11111111-2222-4333-8444-555555555555',
        transcript_path: null,
        cwd: scratch.repo,
        hook_event_name: event,
      });
    }
    const byName = (name: string) => events.filter((e) => e.event === name).map((e) => e.payload);
    expect(byName('SessionStart')[0]).toMatchObject({ source: 'startup' });
    expect(byName('UserPromptSubmit')[0]).toMatchObject({ prompt: 'Review the permission flow' });
    expect(byName('PermissionRequest')[0]).toMatchObject({
      tool_name: 'Write',
      tool_input: { file_path: join(scratch.repo, 'demo', 'review-the-permission-flow.md') },
    });
    expect(byName('Notification')[0]).toMatchObject({ notification_type: 'permission_prompt' });
    const hash = git(scratch.repo, 'rev-parse', '--short=7', 'HEAD');
    expect(byName('Stop')[0]).toMatchObject({ stop_hook_active: false });
    expect(String(byName('Stop')[0]!.last_assistant_message)).toContain(`committed ${hash}`);
    expect(byName('SessionEnd')[0]).toMatchObject({ reason: 'prompt_input_exit' });
  });

  it('SIGTERM ends the session: SessionEnd with reason other, terminal restored', async () => {
    const scratch = scratchRepo();
    scratches.push(scratch);
    const hooks = hookRecorder(scratch.base);
    const agent = new AgentPty({
      cwd: scratch.repo,
      env: { MULTIBOT_HOOK_COMMAND: hooks.command },
    });
    running.push(agent);
    await agent.waitFor('╰─');
    process.kill(agent.process.pid, 'SIGTERM');
    expect(await agent.waitForExit()).toBe(143);
    expect(agent.output).toContain('\x1b[?2004l');
    expect(hooks.events().map((e) => e.event)).toEqual(['SessionStart', 'SessionEnd']);
    expect(hooks.events()[1]!.payload.reason).toBe('other');
  });

  it('--resume shows the session and fires SessionStart with source resume', async () => {
    const scratch = scratchRepo();
    scratches.push(scratch);
    const hooks = hookRecorder(scratch.base);
    const id = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    const agent = new AgentPty({
      cwd: scratch.repo,
      args: ['--resume', id],
      env: { MULTIBOT_HOOK_COMMAND: hooks.command },
    });
    running.push(agent);
    await agent.waitFor(`resumed session ${id}`);
    agent.write('\x04');
    expect(await agent.waitForExit()).toBe(0);
    const start = hooks.events().find((e) => e.event === 'SessionStart');
    expect(start?.payload).toMatchObject({ source: 'resume', session_id: id });
  });

  it('queues a prompt typed while a turn runs', async () => {
    const { agent, repo } = setup();
    await agent.waitFor('╰─');
    agent.send('Rename the deploy script');
    await agent.waitFor('(y/n)');
    // y/n is pending: other keys are not typed; after y, the next prompt is queued.
    agent.write('y');
    agent.send('Second task');
    await eventually(() => commits(repo).length === 3 && commits(repo), 'two commits');
    expect(commits(repo)).toEqual(['Second task', 'Rename the deploy script', 'initial commit']);
  });
});

function runPlain(
  args: string[],
  cwd: string,
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', TSX_LOADER, RUN_TS, ...args],
      { cwd, env: { ...process.env, DEMO_AGENT_SPEED: 'fast', MULTIBOT_HOOK_COMMAND: '' } },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}

describe('the demo agent without a terminal', () => {
  it('prints its help, and refuses unknown flags', async () => {
    const scratch = scratchRepo();
    scratches.push(scratch);
    const help = await runPlain(['--help'], scratch.repo);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--session-id UUID');
    expect(help.stdout).toContain('DEMO_AGENT_SPEED');
    const bad = await runPlain(['--bogus'], scratch.repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown option --bogus');
  });

  it('runs piped prompts to the end, then exits 0', async () => {
    const scratch = scratchRepo();
    scratches.push(scratch);
    const result = await runPlain([], scratch.repo, 'First piped task\nSecond piped task\n');
    expect(result.code).toBe(0);
    expect(commits(scratch.repo)).toEqual([
      'Second piped task',
      'First piped task',
      'initial commit',
    ]);
  });
});

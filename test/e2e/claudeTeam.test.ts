/**
 * Two real Claude Code workers, end to end: tasks typed into the master pane,
 * files written and committed through real tool calls (Write allowed by the
 * profile's policy, Bash approved from the permissions inbox), Stop hooks
 * finishing the tasks, the cost the control room shows checked against the
 * usage the model server sent, and a SIGKILLed control room resumed with both
 * conversations going on in the same worktrees.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPrices, priceUsage, type TokenUsage } from '../../src/agents/claude/prices.js';
import { createClaudeRoom, type ClaudeRoom } from '../fixtures/claude/claudeRoom.js';
import { findClaude } from '../fixtures/claude/findClaude.js';
import type { Turn, Usage } from '../fixtures/claude/modelServer.js';
import { commandLineOf, descendantsOf, isAlive } from '../helpers/processes.js';
import { savedSession, sessionDirOf } from '../helpers/savedSession.js';
import { git } from '../helpers/tempRepo.js';
import { CLI, Tui, eventually } from '../helpers/tuiHarness.js';

const claude = findClaude();

let room: ClaudeRoom | null = null;
const tuis: Tui[] = [];
afterEach(async () => {
  for (const tui of tuis.splice(0)) tui.kill();
  await room?.cleanup();
  room = null;
});

/**
 * One task's turn: write the file (Write, allowed by the profile), commit it
 * (Bash, which waits for the human), then say so. Usage differs per file, so
 * each worker's cost is its own.
 */
function writeAndCommit(file: string, inputTokens: number): Turn {
  return {
    match: `Write ${file}`,
    steps: [
      {
        text: `Writing ${file}.`,
        tools: [
          {
            name: 'Write',
            input: ({ cwd }) => ({
              file_path: join(cwd ?? '/nonexistent', file),
              content: `# ${file}\n`,
            }),
          },
        ],
        usage: { input_tokens: inputTokens, output_tokens: 300, cache_creation_input_tokens: 900 },
      },
      {
        tools: [
          {
            name: 'Bash',
            input: { command: `git add ${file} && git commit -q -m "Add ${file}"` },
          },
        ],
        usage: { input_tokens: inputTokens + 500, output_tokens: 80, cache_read_input_tokens: 900 },
      },
      {
        text: `Done: ${file} committed.`,
        usage: { input_tokens: inputTokens + 900, output_tokens: 40, cache_read_input_tokens: 900 },
      },
    ],
  };
}

/** The `claude` processes under a control room, with their command lines and folders. */
function claudeProcesses(root: number): { pid: number; commandLine: string; cwd: string }[] {
  return descendantsOf(root)
    .map((pid) => ({ pid, commandLine: commandLineOf(pid), cwd: cwdOf(pid) }))
    .filter((process) => /(^|\/)claude(\.exe)?\s/u.test(process.commandLine));
}

function cwdOf(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return '';
  }
}

/** The API's usage fields, as the price table counts them. */
function tokensOf(usage: Usage): TokenUsage {
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheWrite5mTokens: usage.cache_creation?.ephemeral_5m_input_tokens ?? 0,
    cacheWrite1hTokens: usage.cache_creation?.ephemeral_1h_input_tokens ?? 0,
    cacheReadTokens: usage.cache_read_input_tokens,
  };
}

/** What `multibot-tui ctl workers` answers: the running control room's own view. */
function ctlWorkers(sessionDir: string): { name: string; cost: { usd: number } | null }[] {
  const out = execFileSync(process.execPath, [CLI, 'ctl', '--session-dir', sessionDir, 'workers'], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as { name: string; cost: { usd: number } | null }[];
}

describe.skipIf(typeof claude === 'string')('two real Claude Code workers', () => {
  it('write and commit through real tool calls, are approved from the inbox, cost what the server said, and resume', async () => {
    if (typeof claude === 'string') return;
    room = await createClaudeRoom({
      binary: claude.path,
      script: {
        turns: [
          writeAndCommit('notes.md', 12_000),
          writeAndCommit('plan.md', 30_000),
          { match: 'What did you write', steps: [{ text: 'Earlier I wrote and committed it.' }] },
        ],
        title: 'Team work',
      },
      // Writes go ahead by the profile's policy; Bash waits for the human.
      profile: { allowTools: ['Write'] },
      workers: [{ name: 'w1' }, { name: 'w2' }],
    });
    const { server, repo, env } = room;
    const t = new Tui({ args: [], cwd: repo.root, home: repo.home, env, cols: 180, rows: 50 });
    tuis.push(t);
    await t.waitFor(/w1 · .*idle/, 60_000);
    await t.waitFor(/w2 · .*idle/, 60_000);

    await t.command('/task Write notes.md');
    await t.command('/task Write plan.md');

    // Each Bash call waits in the inbox until the human allows it with `a`.
    let approvals = 0;
    let answeredAt = 0;
    const done = await eventually(
      () => {
        // Spaced out, so one `a` is taken in before the screen is read again.
        const settled = Date.now() - answeredAt > 1_000;
        if (settled && approvals < 2 && /! w\d wants Bash git add/u.test(t.screen())) {
          t.write('a');
          approvals++;
          answeredAt = Date.now();
          return null;
        }
        const state = savedSession(repo!.home);
        const finished = state?.tasks?.filter((task) => task.status === 'done') ?? [];
        return finished.length === 2 ? state : null;
      },
      'both tasks done',
      150_000,
    ).catch((error: unknown) => {
      // What a person would have seen, and what the model was asked.
      const asked = server.mainRequests().map((r) => `${r.sessionId} ${r.prompt} #${r.step}`);
      throw new Error(`${String(error)}\n${t.screen()}\n${asked.join('\n')}`);
    });
    expect(approvals).toBe(2);

    const tasks = done.tasks ?? [];
    const workers = new Map(done.workers.map((worker) => [worker.name, worker]));
    const byTitle = new Map(tasks.map((task) => [task.title, task]));
    for (const file of ['notes.md', 'plan.md']) {
      const task = byTitle.get(`Write ${file}`)!;
      // The Stop hook's last assistant message is the task's result.
      expect(task).toMatchObject({ status: 'done', result: `Done: ${file} committed.` });
      // Committed on the assignee's own branch, in its own worktree.
      const worker = [...workers.values()].find((candidate) => candidate.id === task.assignee)!;
      expect(git(worker.worktree!, 'log', '-1', '--format=%s')).toBe(`Add ${file}`);
      expect(git(worker.worktree!, 'branch', '--show-current')).toBe(worker.branch);
      expect(readFileSync(join(worker.worktree!, file), 'utf8')).toBe(`# ${file}\n`);
      expect(git(repo.root, 'log', '-1', '--format=%s', worker.branch!)).toBe(`Add ${file}`);
    }
    // One task each: the dispatcher spread them.
    expect(new Set(tasks.map((task) => task.assignee)).size).toBe(2);
    // The approvals are logged as the human's overrides.
    const log = (done.log ?? []) as { kind: string; text: string }[];
    const approved = log.filter((entry) => /^allowed Bash git add/u.test(entry.text));
    expect(approved.map((entry) => entry.kind)).toEqual(['override', 'override']);

    // The cost shown is the usage the server sent to that worker, priced by the table.
    const prices = loadPrices();
    const sessionDir = sessionDirOf(repo.home)!;
    const expected = (sessionId: string | null): number =>
      server!
        .mainRequests()
        .filter((request) => request.sessionId === sessionId && request.reply)
        .reduce(
          (sum, { reply }) => sum + priceUsage(tokensOf(reply!.usage), reply!.model, prices),
          0,
        );
    for (const worker of done.workers) {
      const want = expected(worker.agentSessionId);
      expect(want).toBeGreaterThan(0);
      const shown = await eventually(() => {
        const cost = ctlWorkers(sessionDir).find((w) => w.name === worker.name)?.cost;
        return cost && Math.abs(cost.usd - want) < 1e-9 ? cost : null;
      }, `${worker.name}'s cost`);
      expect(shown.usd).toBeCloseTo(want, 9);
      await t.waitFor(new RegExp(`${worker.name} · .*\\$${want.toFixed(2).replace('.', '\\.')}`));
    }

    // The control room dies; its Claude Code processes go with their terminals.
    const before = claudeProcesses(t.pid);
    expect(before).toHaveLength(2);
    process.kill(t.pid, 'SIGKILL');
    await eventually(() => before.every((p) => !isAlive(p.pid)), 'the old claude processes gone');

    const again = new Tui({
      args: ['resume'],
      cwd: repo.root,
      home: repo.home,
      env,
      cols: 180,
      rows: 50,
    });
    tuis.push(again);
    await again.waitFor(/w1 · .*idle/, 60_000);
    await again.waitFor(/w2 · .*idle/, 60_000);
    // Each worker's Claude Code continues its own conversation, in its own worktree.
    const resumed = await eventually(() => {
      const found = claudeProcesses(again.pid);
      return found.length === 2 ? found : null;
    }, 'two claude processes');
    for (const worker of done.workers) {
      const process = resumed.find((p) =>
        p.commandLine.includes(`--resume ${worker.agentSessionId}`),
      );
      expect(process, `${worker.name} resumed with --resume`).toBeDefined();
      expect(process!.cwd).toBe(worker.worktree);
    }
    // And the conversation is the same one: the next prompt arrives after the earlier turn.
    await again.command('/say w1 What did you write?');
    const followUp = await eventually(
      () => server.mainRequests().find((request) => request.prompt?.includes('What did you write')),
      'the follow-up prompt at the model',
    );
    expect(followUp.sessionId).toBe(workers.get('w1')!.agentSessionId);
    const earlier = byTitle.get(
      [...byTitle.keys()].find((title) => byTitle.get(title)!.assignee === workers.get('w1')!.id)!,
    )!;
    expect(JSON.stringify(followUp.body?.messages)).toContain(earlier.result!);

    again.write('q');
    await again.waitFor('Quit multibot-tui?');
    again.write('y');
    expect(await again.waitForExit(30_000)).toBe(0);
  }, 300_000);
});

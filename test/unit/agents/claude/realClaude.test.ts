import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectClaudeScreen } from '../../../../src/agents/claude/detector.js';
import { transcriptPath } from '../../../../src/agents/claude/launch.js';
import type { ScreenReading } from '../../../../src/agents/types.js';
import { eventually, type ClaudePty } from '../../../fixtures/claude/claudePty.js';
import { startClaudeSession, type HookRecord } from '../../../fixtures/claude/claudeSession.js';
import { findClaude } from '../../../fixtures/claude/findClaude.js';
import type { Script, Usage } from '../../../fixtures/claude/modelServer.js';

// The real `claude` binary (the devDependency) in a real pty, offline against
// the scripted model server, in its own home and repository. Deadlines are
// generous and nothing is timed: slow machines only make it slower.

const binary = findClaude();
const WAIT_MS = 90_000;

function until(claude: ClaudePty, expected: Partial<ScreenReading>) {
  return claude.waitFor((screen) => {
    const reading = detectClaudeScreen(screen);
    return (
      reading !== null &&
      Object.entries(expected).every(([k, v]) => reading[k as keyof ScreenReading] === v)
    );
  }, WAIT_MS);
}

function hooksNamed(events: HookRecord[], name: string): Record<string, unknown>[] {
  return events.filter((hook) => hook.event === name).map((hook) => hook.payload);
}

describe('the real claude binary', () => {
  const reason = typeof binary === 'string' ? binary : '';
  it.skipIf(typeof binary === 'string')(
    `writes a file through a real tool call, fires its hooks and logs usage${reason ? ` (skipped: ${reason})` : ''}`,
    async () => {
      if (typeof binary === 'string') return;
      const sessionId = randomUUID();
      const script: Script = {
        turns: [
          {
            match: 'Create notes.txt',
            steps: [
              {
                text: 'Creating notes.',
                tools: [
                  {
                    name: 'Write',
                    // Write takes an absolute path: inside the directory Claude Code runs in.
                    input: ({ cwd }) => ({
                      file_path: join(cwd ?? '/nonexistent', 'notes.txt'),
                      content: 'first notes\n',
                    }),
                  },
                ],
                usage: { input_tokens: 1500, output_tokens: 60, cache_creation_input_tokens: 200 },
              },
              { text: 'Created notes.txt.', usage: { input_tokens: 1700, output_tokens: 9 } },
            ],
          },
          {
            match: 'Count the files',
            steps: [
              { tools: [{ name: 'Bash', input: { command: 'ls | wc -l > count.txt' } }] },
              { text: 'Counted.', usage: { input_tokens: 1800, cache_read_input_tokens: 1500 } },
            ],
          },
        ],
      };
      const session = await startClaudeSession({
        binary: binary.path,
        script,
        args: ['--session-id', sessionId],
      });
      const { claude, hooks, repo } = session;
      try {
        await until(claude, { state: 'idle' });

        // 1. Write, approved by the PermissionRequest hook's decision: no dialog.
        hooks.decide('PermissionRequest', {
          hookSpecificOutput: {
            hookEventName: 'PermissionRequest',
            decision: { behavior: 'allow' },
          },
        });
        await claude.sendPrompt('Create notes.txt with first notes');
        await eventually(() => hooksNamed(hooks.events(), 'Stop').length === 1, 'Stop', WAIT_MS);
        expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toBe('first notes\n');
        await until(claude, { state: 'idle' });

        // 2. Bash, answered in Claude Code's own dialog by a key: "1" = Yes.
        hooks.decide('PermissionRequest', null);
        await claude.sendPrompt('Count the files please');
        await until(claude, { state: 'waiting', reason: 'permission: Bash command' });
        claude.write('1');
        await eventually(() => hooksNamed(hooks.events(), 'Stop').length === 2, 'Stop', WAIT_MS);
        expect(existsSync(join(repo, 'count.txt'))).toBe(true);
        await until(claude, { state: 'idle' });

        // 3. Exit: Ctrl+C twice.
        claude.write('\x03');
        await claude.waitFor(/Ctrl-C again/u, WAIT_MS);
        claude.write('\x03');
        await claude.waitForExit(WAIT_MS);
        await eventually(
          () => hooksNamed(hooks.events(), 'SessionEnd').length > 0,
          'SessionEnd',
          WAIT_MS,
        );

        const events = hooks.events();
        const expectedTranscript = transcriptPath(session.home.configDir, repo, sessionId);
        for (const { payload } of events) {
          expect(payload.session_id).toBe(sessionId);
          expect(payload.transcript_path).toBe(expectedTranscript);
          expect(payload.cwd).toBe(repo);
        }
        expect(hooksNamed(events, 'SessionStart')[0]).toMatchObject({ source: 'startup' });
        expect(hooksNamed(events, 'UserPromptSubmit').map((p) => p.prompt)).toEqual([
          'Create notes.txt with first notes',
          'Count the files please',
        ]);
        expect(hooksNamed(events, 'PermissionRequest').map((p) => p.tool_name)).toEqual([
          'Write',
          'Bash',
        ]);
        expect(hooksNamed(events, 'PreToolUse').map((p) => p.tool_name)).toEqual(['Write', 'Bash']);
        expect(hooksNamed(events, 'PostToolUse').map((p) => p.tool_name)).toEqual([
          'Write',
          'Bash',
        ]);
        expect(hooksNamed(events, 'Stop').map((p) => p.last_assistant_message)).toEqual([
          'Created notes.txt.',
          'Counted.',
        ]);
        expect(hooksNamed(events, 'SessionEnd')[0]).toMatchObject({ reason: 'prompt_input_exit' });

        // The transcript's usage, each (message.id, requestId) once, is what the server sent.
        const seen = new Map<string, Usage>();
        for (const line of readFileSync(expectedTranscript, 'utf8').split('\n')) {
          if (!line.includes('"type":"assistant"')) continue;
          const entry = JSON.parse(line) as {
            requestId: string;
            message: { id: string; usage: Usage };
          };
          seen.set(`${entry.message.id}/${entry.requestId}`, entry.message.usage);
        }
        const served = session.server.mainRequests().map((request) => request.reply!);
        expect([...seen.keys()].sort()).toEqual(served.map((r) => `${r.id}/${r.requestId}`).sort());
        for (const reply of served) {
          expect(seen.get(`${reply.id}/${reply.requestId}`)).toMatchObject({
            input_tokens: reply.usage.input_tokens,
            output_tokens: reply.usage.output_tokens,
            cache_creation_input_tokens: reply.usage.cache_creation_input_tokens,
            cache_read_input_tokens: reply.usage.cache_read_input_tokens,
          });
        }
        // Every endpoint the CLI used had a scripted answer.
        expect(session.server.requests.filter((r) => r.kind === 'other')).toEqual([]);
      } finally {
        await session.cleanup();
      }
    },
    300_000,
  );
});

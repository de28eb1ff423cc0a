import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HookRunner, buildPayload } from '../../../../src/agents/demo/hooks.js';
import type { Scratch } from './agentPty.js';
import { eventually, hookRecorder, scratchRepo } from './agentPty.js';

const scratches: Scratch[] = [];
function scratch(): Scratch {
  const made = scratchRepo();
  scratches.push(made);
  return made;
}

afterEach(async () => {
  await Promise.all(scratches.splice(0).map((made) => made.cleanup()));
});

const context = { sessionId: 'sess-1', cwd: '/work/x', permissionMode: 'default' };

describe('hook payloads', () => {
  it('carry the common fields of Claude Code plus the event fields', () => {
    expect(buildPayload(context, 'UserPromptSubmit', { prompt: 'hi' })).toEqual({
      session_id: 'sess-1',
      transcript_path: null,
      cwd: '/work/x',
      permission_mode: 'default',
      hook_event_name: 'UserPromptSubmit',
      prompt: 'hi',
    });
  });
});

describe('HookRunner', () => {
  it('runs the command with the event as its last argument and the JSON on stdin, in order', async () => {
    const { base, repo } = scratch();
    const recorder = hookRecorder(base);
    const hooks = new HookRunner({
      command: recorder.command,
      sessionId: 'sess-2',
      cwd: repo,
      permissionMode: 'default',
    });
    expect(hooks.enabled).toBe(true);
    hooks.fire('SessionStart', { source: 'startup' });
    hooks.fire('UserPromptSubmit', { prompt: 'line one\nline "two"' });
    hooks.fire('PreToolUse', {
      tool_name: 'Write',
      tool_input: { file_path: join(repo, 'a.md'), content: 'x' },
      tool_use_id: 'toolu_1',
    });
    hooks.fire('PostToolUse', {
      tool_name: 'Write',
      tool_input: { file_path: join(repo, 'a.md'), content: 'x' },
      tool_use_id: 'toolu_1',
      tool_response: { type: 'create' },
    });
    hooks.fire('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'ls' } });
    hooks.fire('Notification', { notification_type: 'permission_prompt', message: 'needs you' });
    hooks.fire('Stop', { last_assistant_message: 'done', stop_hook_active: false });
    hooks.fire('SessionEnd', { reason: 'prompt_input_exit' });
    await hooks.flush();

    const events = recorder.events();
    expect(events.map((e) => e.event)).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'PreToolUse',
      'PostToolUse',
      'PermissionRequest',
      'Notification',
      'Stop',
      'SessionEnd',
    ]);
    for (const { event, payload } of events) {
      expect(payload).toMatchObject({
        session_id: 'sess-2',
        transcript_path: null,
        cwd: repo,
        hook_event_name: event,
      });
    }
    expect(events[0]!.payload.source).toBe('startup');
    expect(events[1]!.payload.prompt).toBe('line one\nline "two"');
    expect(events[2]!.payload).toMatchObject({
      tool_name: 'Write',
      tool_input: { file_path: join(repo, 'a.md'), content: 'x' },
      tool_use_id: 'toolu_1',
    });
    expect(events[3]!.payload.tool_response).toEqual({ type: 'create' });
    expect(events[4]!.payload).toMatchObject({ tool_name: 'Bash', tool_input: { command: 'ls' } });
    expect(events[5]!.payload).toMatchObject({
      notification_type: 'permission_prompt',
      message: 'needs you',
    });
    expect(events[6]!.payload).toMatchObject({
      last_assistant_message: 'done',
      stop_hook_active: false,
    });
    expect(events[7]!.payload.reason).toBe('prompt_input_exit');
  });

  it('passes the environment (MULTIBOT_*) and runs in the agent cwd', async () => {
    const { base, repo } = scratch();
    const out = join(base, 'env.txt');
    const script = join(base, 'env-hook.sh');
    writeFileSync(
      script,
      `#!/bin/sh\ncat > /dev/null\nprintf '%s %s %s %s\\n' "$1" "$MULTIBOT_WORKER" "$MULTIBOT_TOKEN" "$PWD" >> '${out}'\n`,
    );
    chmodSync(script, 0o755);
    const hooks = new HookRunner({
      command: `'${script}'`,
      env: { ...process.env, MULTIBOT_WORKER: 'w7', MULTIBOT_TOKEN: 'tok' },
      sessionId: 's',
      cwd: repo,
      permissionMode: 'default',
    });
    hooks.fire('Stop', { last_assistant_message: 'x', stop_hook_active: false });
    await hooks.flush();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8')).toBe(`Stop w7 tok ${repo}\n`);
  });

  it('never blocks the caller, kills a hook that hangs after the timeout, and survives failures', async () => {
    const { base, repo } = scratch();
    const recorder = hookRecorder(base);
    const hooks = new HookRunner({
      // Hangs forever for Stop, fails for Notification, records the rest.
      command: `f() { case "$1" in Stop) sleep 60;; Notification) exit 3;; *) ${recorder.command} "$1";; esac; }; f`,
      sessionId: 's',
      cwd: repo,
      permissionMode: 'default',
      timeoutMs: 300,
    });
    const before = Date.now();
    hooks.fire('Stop', { last_assistant_message: 'x', stop_hook_active: false });
    hooks.fire('Notification', { notification_type: 'idle_prompt', message: 'idle' });
    hooks.fire('SessionEnd', { reason: 'other' });
    // fire() returned at once; the hung hook was killed and the queue moved on.
    expect(Date.now() - before).toBeLessThan(250);
    await eventually(
      () => recorder.events().some((e) => e.event === 'SessionEnd'),
      'the hook after the hung one ran',
    );
    await hooks.flush();
  });

  it('does nothing without a command, and copes with a command that does not exist', async () => {
    const off = new HookRunner({ command: undefined, ...context });
    expect(off.enabled).toBe(false);
    off.fire('Stop', { last_assistant_message: 'x', stop_hook_active: false });
    await off.flush();

    const { repo } = scratch();
    const broken = new HookRunner({
      command: '/nonexistent/hook-command',
      sessionId: 's',
      cwd: repo,
      permissionMode: 'default',
    });
    broken.fire('Stop', { last_assistant_message: 'x', stop_hook_active: false });
    await broken.flush();
  });
});

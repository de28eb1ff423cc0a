import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAUDE_FIXTURE_DIR, readHookSample } from './claudeScreens.js';

// What the real binary sent (captureClaudeFixtures.ts): the fields the
// control room reads, per CLAUDE-CODE.md. A failure here after a recapture
// means the CLI changed what the hook handler can count on.

const COMMON = ['session_id', 'transcript_path', 'cwd', 'hook_event_name'];

const EXTRA: Record<string, string[]> = {
  SessionStart: ['source'],
  'SessionStart.resume': ['source'],
  'SessionStart.clear': ['source'],
  UserPromptSubmit: ['prompt', 'permission_mode'],
  PreToolUse: ['tool_name', 'tool_input', 'tool_use_id'],
  PermissionRequest: ['tool_name', 'tool_input', 'permission_mode'],
  PostToolUse: ['tool_name', 'tool_input', 'tool_use_id', 'tool_response'],
  Notification: ['notification_type', 'message'],
  Stop: ['last_assistant_message', 'stop_hook_active'],
  StopFailure: ['error', 'last_assistant_message'],
  SessionEnd: ['reason'],
  'SessionEnd.clear': ['reason'],
};

describe('hook payloads from the real binary', () => {
  it.each(Object.keys(EXTRA))('%s carries the fields the control room reads', (name) => {
    const payload = readHookSample(name);
    for (const field of [...COMMON, ...EXTRA[name]!]) expect(payload).toHaveProperty(field);
    expect(payload.hook_event_name).toBe(name.split('.')[0]);
  });

  it('reports the session and what happened', () => {
    expect(readHookSample('SessionStart').source).toBe('startup');
    expect(readHookSample('UserPromptSubmit').prompt).toBe('Please write hello.txt');
    expect(readHookSample('PermissionRequest').tool_name).toBe('Write');
    expect(readHookSample('Notification').notification_type).toBe('permission_prompt');
    expect(readHookSample('Stop').last_assistant_message).toBe('Wrote hello.txt.');
    expect(readHookSample('SessionEnd').reason).toBe('prompt_input_exit');
  });

  it('changes the session id after /clear and keeps it on --resume', () => {
    const first = readHookSample('SessionStart').session_id;
    expect(readHookSample('SessionEnd.clear').session_id).toBe(first);
    expect(readHookSample('SessionStart.clear').session_id).not.toBe(first);
    expect(readHookSample('SessionStart.resume').session_id).toBe(first);
  });
});

describe('the transcript from the real binary', () => {
  const lines = readFileSync(join(CLAUDE_FIXTURE_DIR, 'transcript.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const assistant = lines.filter((line) => line.type === 'assistant') as {
    requestId: string;
    message: { id: string; model: string; usage: Record<string, unknown> };
  }[];

  it('carries usage on assistant lines, one line per content block', () => {
    expect(assistant.length).toBeGreaterThanOrEqual(3);
    for (const { message, requestId } of assistant) {
      expect(message.id).toMatch(/^msg_/);
      expect(requestId).toMatch(/^req_/);
      for (const field of [
        'input_tokens',
        'output_tokens',
        'cache_creation_input_tokens',
        'cache_read_input_tokens',
      ]) {
        expect(typeof message.usage[field]).toBe('number');
      }
    }
    // Text and tool_use of one reply: two lines, the same usage. Count the pair once.
    const [text, tool] = assistant;
    expect(tool!.message.id).toBe(text!.message.id);
    expect(tool!.requestId).toBe(text!.requestId);
    expect(text!.message.usage).toMatchObject({
      input_tokens: 1200,
      output_tokens: 40,
      cache_creation_input_tokens: 300,
      cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 0 },
    });
  });
});

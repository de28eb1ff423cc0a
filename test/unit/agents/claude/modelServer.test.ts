import { afterEach, describe, expect, it } from 'vitest';
import {
  findPrompt,
  startModelServer,
  type ModelServer,
  type Script,
} from '../../../fixtures/claude/modelServer.js';

// The scripted model server alone, spoken to as the CLI does (shapes seen in
// the requests of claude 2.1.197).

let server: ModelServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

const TOOLS = [{ name: 'Write', input_schema: { type: 'object' } }];

function reminder(text: string) {
  return { type: 'text', text: `<system-reminder>\n${text}\n</system-reminder>\n` };
}

async function post(path: string, body: object): Promise<Response> {
  return fetch(`${server!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const event = /^event: (.*)$/m.exec(chunk)![1]!;
      const data = JSON.parse(/^data: (.*)$/m.exec(chunk)![1]!) as Record<string, unknown>;
      return { event, data };
    });
}

/** The streamed reply put back together: text, tool calls and the final usage. */
function assemble(events: SseEvent[]) {
  const blocks: { type: string; text: string; name?: string; json: string }[] = [];
  let stopReason: unknown;
  let usage: unknown;
  for (const { event, data } of events) {
    if (event === 'content_block_start') {
      const block = data.content_block as { type: string; name?: string };
      blocks[data.index as number] = { type: block.type, name: block.name, text: '', json: '' };
    }
    if (event === 'content_block_delta') {
      const delta = data.delta as { type: string; text?: string; partial_json?: string };
      const block = blocks[data.index as number]!;
      if (delta.type === 'text_delta') block.text += delta.text;
      else block.json += delta.partial_json;
    }
    if (event === 'message_delta') {
      stopReason = (data.delta as { stop_reason: unknown }).stop_reason;
      usage = data.usage;
    }
  }
  return { blocks, stopReason, usage };
}

const WRITE_SCRIPT: Script = {
  title: 'Write a file',
  turns: [
    {
      match: /write (\w+)\.txt/,
      steps: [
        {
          text: 'Writing.',
          tools: [{ name: 'Write', input: { file_path: '/w/a.txt', content: 'x' }, id: 'toolu_1' }],
          usage: { input_tokens: 900, output_tokens: 30, cache_read_input_tokens: 100 },
        },
        { text: 'Done writing.' },
      ],
    },
  ],
};

describe('the scripted model server', () => {
  it('answers the connectivity check', async () => {
    server = await startModelServer({ turns: [] });
    const response = await fetch(server.url, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(server.requests[0]!.kind).toBe('connectivity');
  });

  it('streams a scripted step as the Messages API does', async () => {
    server = await startModelServer(WRITE_SCRIPT);
    const response = await post('/v1/messages?beta=true', {
      model: 'claude-opus-4-8',
      stream: true,
      tools: TOOLS,
      messages: [
        {
          role: 'user',
          content: [reminder('context'), { type: 'text', text: 'please write a.txt' }],
        },
      ],
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = parseSse(await response.text());
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const reply = assemble(events);
    expect(reply.blocks[0]).toMatchObject({ type: 'text', text: 'Writing.' });
    expect(reply.blocks[1]).toMatchObject({ type: 'tool_use', name: 'Write' });
    expect(JSON.parse(reply.blocks[1]!.json)).toEqual({ file_path: '/w/a.txt', content: 'x' });
    expect(reply.stopReason).toBe('tool_use');
    expect(reply.usage).toMatchObject({
      input_tokens: 900,
      output_tokens: 30,
      cache_read_input_tokens: 100,
    });

    const [record] = server.mainRequests();
    expect(record).toMatchObject({ prompt: 'please write a.txt', turn: 0, step: 0 });
    expect(record!.reply!.requestId).toBe(response.headers.get('request-id'));
  });

  it('takes a tool result in the history as the next step, past a trailing system message', async () => {
    server = await startModelServer(WRITE_SCRIPT);
    const response = await post('/v1/messages?beta=true', {
      model: 'claude-opus-4-8',
      tools: TOOLS,
      messages: [
        { role: 'user', content: 'please write a.txt' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'Write', input: {} }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] },
        { role: 'system', content: 'Available agent types: …' },
      ],
    });
    // Not streamed: a whole message.
    const message = (await response.json()) as { content: { text: string }[]; stop_reason: string };
    expect(message.content).toEqual([{ type: 'text', text: 'Done writing.' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(server.mainRequests()[0]).toMatchObject({ turn: 0, step: 1 });
  });

  it('finds a prompt sent after an interrupted tool call, beside its tool result', () => {
    const found = findPrompt([
      { role: 'user', content: 'Remove the build directory' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Bash', input: {} }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't', content: 'rejected', is_error: true },
          { type: 'text', text: '[Request interrupted by user for tool use]\n' },
          { type: 'text', text: 'Second prompt' },
        ],
      },
    ]);
    expect(found).toEqual({ prompt: 'Second prompt', toolRuns: 0 });
  });

  it('titles the conversation on the small model and answers what no turn matches', async () => {
    server = await startModelServer(WRITE_SCRIPT);
    const title = await post('/v1/messages?beta=true', {
      model: 'claude-haiku-4-5-20251001',
      messages: [{ role: 'user', content: 'please write a.txt' }],
    });
    expect(((await title.json()) as { content: { text: string }[] }).content[0]!.text).toBe(
      'Write a file',
    );
    const other = await post('/v1/messages', {
      model: 'claude-opus-4-8',
      tools: TOOLS,
      messages: [{ role: 'user', content: 'something else' }],
    });
    expect(((await other.json()) as { content: { text: string }[] }).content[0]!.text).toMatch(
      /No scripted reply/,
    );
    expect(server.requests.map((r) => r.kind)).toEqual(['title', 'main']);
  });

  it('counts tokens, refuses unknown endpoints and plays scripted errors', async () => {
    server = await startModelServer({
      turns: [{ match: 'fail', steps: [{ error: { status: 529, type: 'overloaded_error' } }] }],
    });
    const count = await post('/v1/messages/count_tokens', { messages: [] });
    expect(((await count.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
    expect((await post('/v1/models', {})).status).toBe(404);
    const failed = await post('/v1/messages', {
      tools: TOOLS,
      messages: [{ role: 'user', content: 'fail now' }],
    });
    expect(failed.status).toBe(529);
    expect(await failed.json()).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'overloaded_error' },
    });
  });

  it('holds a reply until its gate opens', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    server = await startModelServer({ turns: [{ match: 'slow', steps: [{ text: 'ok', gate }] }] });
    let answered = false;
    const pending = post('/v1/messages', {
      tools: TOOLS,
      messages: [{ role: 'user', content: 'slow one' }],
    }).then((response) => {
      answered = true;
      return response.json();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    open();
    expect(await pending).toMatchObject({ content: [{ type: 'text', text: 'ok' }] });
  });
});

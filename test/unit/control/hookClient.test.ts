import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ControlServer } from '../../../src/control/controlServer.js';
import { runHook } from '../../../src/control/hookClient.js';
import { createServer, type Socket } from 'node:net';
import { TOKEN, shortTempDir, startTestServer } from './support.js';

let temp: ReturnType<typeof shortTempDir>;
let socketPath: string;
let server: ControlServer | null = null;

beforeEach(() => {
  temp = shortTempDir();
  socketPath = join(temp.dir, 'c.sock');
});
afterEach(async () => {
  await server?.close();
  server = null;
  temp.cleanup();
  vi.restoreAllMocks();
});

const env = () => ({
  MULTIBOT_SOCKET: socketPath,
  MULTIBOT_TOKEN: TOKEN,
  MULTIBOT_WORKER: 'w1',
});

/** stdin holding `text` and then closed, like a hook's pipe. */
const pipedStdin = (text: string): PassThrough => {
  const stream = new PassThrough();
  stream.end(text);
  return stream;
};

/** Generous: the budget is 800 ms; this only catches a hang. */
const NO_HANG_MS = 3000;

async function timed(run: Promise<number>): Promise<{ code: number; ms: number }> {
  const started = Date.now();
  const code = await run;
  return { code, ms: Date.now() - started };
}

describe('runHook', () => {
  it('forwards the event and its JSON payload, and leaves stdout alone', async () => {
    let calls: unknown[];
    ({ server, calls } = await startTestServer(socketPath));
    const stdoutWrite = vi.spyOn(process.stdout, 'write');
    const onReply = vi.fn();
    const code = await runHook('PreToolUse', {
      env: env(),
      stdin: pipedStdin('{"session_id":"abc","tool_name":"Write"}'),
      onReply,
    });
    expect(code).toBe(0);
    expect(calls).toEqual([
      { worker: 'w1', event: 'PreToolUse', payload: { session_id: 'abc', tool_name: 'Write' } },
    ]);
    expect(onReply).toHaveBeenCalledWith({ ok: true, result: { received: 'PreToolUse' } });
    expect(stdoutWrite).not.toHaveBeenCalled();
  });

  it('lets onReply choose the exit code (the seam for hook decisions)', async () => {
    ({ server } = await startTestServer(socketPath));
    expect(await runHook('Stop', { env: env(), stdin: pipedStdin(''), onReply: () => 2 })).toBe(
      0 + 2,
    );
  });

  it('sends null for a payload that is not JSON', async () => {
    let calls: unknown[];
    ({ server, calls } = await startTestServer(socketPath));
    await runHook('Stop', { env: env(), stdin: pipedStdin('not json') });
    expect(calls).toEqual([{ worker: 'w1', event: 'Stop', payload: null }]);
  });

  it('exits 0 at once outside a control room', async () => {
    const stdin = new PassThrough();
    const { code, ms } = await timed(runHook('Stop', { env: {}, stdin }));
    expect(code).toBe(0);
    expect(ms).toBeLessThan(NO_HANG_MS);
  });

  it('exits 0 within the deadline when no control room listens', async () => {
    const { code, ms } = await timed(runHook('Stop', { env: env(), stdin: pipedStdin('{}') }));
    expect(code).toBe(0);
    expect(ms).toBeLessThan(NO_HANG_MS);
  });

  it('exits 0 within the deadline when stdin never closes', async () => {
    let calls: unknown[];
    ({ server, calls } = await startTestServer(socketPath));
    const stdin = new PassThrough();
    stdin.write('{"partial":');
    const { code, ms } = await timed(runHook('Stop', { env: env(), stdin }));
    expect(code).toBe(0);
    expect(ms).toBeLessThan(NO_HANG_MS);
    // The event still counts; half a payload does not.
    expect(calls).toEqual([{ worker: 'w1', event: 'Stop', payload: null }]);
    expect(stdin.destroyed).toBe(true);
  });

  it('exits 0 within the deadline when stdin never closes and nobody listens', async () => {
    const { code, ms } = await timed(runHook('Stop', { env: env(), stdin: new PassThrough() }));
    expect(code).toBe(0);
    expect(ms).toBeLessThan(NO_HANG_MS);
  });

  it('exits 0 within the deadline when the control room never answers', async () => {
    const held = new Set<Socket>();
    const silent = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(socketPath, resolve));
    try {
      const { code, ms } = await timed(runHook('Stop', { env: env(), stdin: pipedStdin('{}') }));
      expect(code).toBe(0);
      expect(ms).toBeLessThan(NO_HANG_MS);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('does not read a terminal', async () => {
    let calls: unknown[];
    ({ server, calls } = await startTestServer(socketPath));
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    expect(await runHook('SessionStart', { env: env(), stdin: tty })).toBe(0);
    expect(calls).toEqual([{ worker: 'w1', event: 'SessionStart', payload: null }]);
  });

  it('ignores an event name that is not one', async () => {
    let calls: unknown[];
    ({ server, calls } = await startTestServer(socketPath));
    expect(await runHook('', { env: env(), stdin: pipedStdin('{}') })).toBe(0);
    expect(calls).toEqual([]);
  });
});

import { lstatSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendRequest } from '../../../src/control/client.js';
import type { ControlServer } from '../../../src/control/controlServer.js';
import type { Reply } from '../../../src/control/protocol.js';
import {
  TOKEN,
  line,
  makeStaleSocket,
  rawExchange,
  shortTempDir,
  startTestServer,
} from './support.js';

let temp: ReturnType<typeof shortTempDir>;
let socketPath: string;
let server: ControlServer | null;
let calls: unknown[];

beforeEach(async () => {
  temp = shortTempDir();
  socketPath = join(temp.dir, 'run', 'c.sock');
  ({ server, calls } = await startTestServer(socketPath));
});

afterEach(async () => {
  await server?.close();
  temp.cleanup();
});

const request = (body: object, token = TOKEN): Promise<Reply> =>
  sendRequest({ socketPath, request: { token, ...body }, timeoutMs: 5000 });

const pause = { kind: 'command', command: { type: 'worker.pause', id: 'w1' } };

describe('control server', () => {
  it('runs a valid command and replies with its result and id', async () => {
    const reply = await request({ id: 7, ...pause });
    expect(reply).toEqual({ id: 7, ok: true, result: { ok: true } });
    expect(calls).toEqual([{ type: 'worker.pause', id: 'w1' }]);
  });

  it('forwards hooks and answers queries', async () => {
    const hook = await request({
      kind: 'hook',
      worker: 'w2',
      event: 'Stop',
      payload: { session_id: 's' },
    });
    expect(hook).toEqual({ ok: true, result: { received: 'Stop' } });
    expect(calls).toContainEqual({ worker: 'w2', event: 'Stop', payload: { session_id: 's' } });
    expect(await request({ kind: 'query', what: 'workers' })).toEqual({
      ok: true,
      result: [{ id: 'w1' }],
    });
  });

  it('passes a refused command through as the result', async () => {
    const reply = await request({ kind: 'command', command: { type: 'worker.kill', id: 'x' } });
    expect(reply).toEqual({ ok: true, result: { ok: false, error: 'no such worker' } });
  });

  it('answers several lines on one connection, in order', async () => {
    const { replies } = await rawExchange(
      socketPath,
      line({
        token: TOKEN,
        id: 'a',
        kind: 'command',
        command: { type: 'worker.resume', id: 'slow' },
      }) + line({ token: TOKEN, id: 'b', ...pause }),
      2,
    );
    expect(replies.map((reply) => reply.id)).toEqual(['a', 'b']);
  });

  it('rejects a wrong token, and closes after a few', async () => {
    expect(await request(pause, 'wrong-token')).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    const wrong = line({ token: 'nope', ...pause });
    const { replies, closedByServer } = await rawExchange(socketPath, wrong.repeat(5), 99);
    expect(replies).toHaveLength(3);
    expect(replies.every((reply) => !reply.ok && reply.error.code === 'unauthorized')).toBe(true);
    expect(closedByServer).toBe(true);
    expect(calls).toEqual([]);
  });

  it('rejects malformed JSON and keeps the connection', async () => {
    const { replies } = await rawExchange(
      socketPath,
      '{"token": oops\n' + line({ token: TOKEN, id: 2, ...pause }),
      2,
    );
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'bad_json' } });
    expect(replies[1]).toEqual({ id: 2, ok: true, result: { ok: true } });
  });

  it('rejects schema-invalid requests, echoing the id', async () => {
    expect(await request({ id: 3, kind: 'query', what: 'everything' })).toMatchObject({
      id: 3,
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining('what') },
    });
    expect(await request({ kind: 'teleport' })).toMatchObject({ error: { code: 'bad_request' } });
    expect(await request({ kind: 'command', command: { id: 'w1' } })).toMatchObject({
      error: { code: 'bad_request' },
    });
    const { replies } = await rawExchange(socketPath, '[1,2]\n');
    expect(replies[0]).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('rejects unknown commands and bad fields through the validator', async () => {
    expect(await request({ kind: 'command', command: { type: 'world.end' } })).toMatchObject({
      ok: false,
      error: { code: 'unknown_command', message: expect.stringContaining('world.end') },
    });
    expect(
      await request({ kind: 'command', command: { type: 'worker.pause', id: 42 } }),
    ).toMatchObject({ error: { code: 'bad_request' } });
    expect(calls).toEqual([]);
  });

  it('turns a throwing handler into a failed reply and stays up', async () => {
    const reply = await request({ kind: 'command', command: { type: 'worker.pause', id: 'boom' } });
    expect(reply).toEqual({ ok: false, error: { code: 'failed', message: 'kaboom' } });
    expect(await request(pause)).toMatchObject({ ok: true });
  });

  it('rejects an oversized line, closes that connection, and serves others', async () => {
    const huge = line({
      token: TOKEN,
      kind: 'hook',
      worker: 'w',
      event: 'X',
      payload: 'x'.repeat(2 * 1024 * 1024),
    });
    const [big, meanwhile] = await Promise.all([rawExchange(socketPath, huge, 99), request(pause)]);
    expect(big.replies).toHaveLength(1);
    expect(big.replies[0]).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(big.closedByServer).toBe(true);
    expect(meanwhile).toMatchObject({ ok: true });
    expect(await request(pause)).toMatchObject({ ok: true });
  });

  it('survives a flood of connections and keeps serving', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () =>
        request(pause).then(
          (reply) => (reply.ok ? 'ok' : reply.error.code),
          () => 'closed',
        ),
      ),
    );
    expect(outcomes).toHaveLength(200);
    expect(outcomes.every((outcome) => ['ok', 'busy', 'closed'].includes(outcome))).toBe(true);
    expect(outcomes).toContain('ok');
    expect(await request(pause)).toMatchObject({ ok: true });
  });

  it('answers busy beyond maxConnections', async () => {
    await server?.close();
    ({ server } = await startTestServer(socketPath, { maxConnections: 1 }));
    // Hold the only slot with a connection that has not finished its line.
    const holder = rawExchange(socketPath, '{"token":', 1, 300);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await request(pause)).toMatchObject({ ok: false, error: { code: 'busy' } });
    await holder;
    // The slot frees once the server has seen the holder go.
    await expect.poll(async () => (await request(pause)).ok, { timeout: 5000 }).toBe(true);
  });

  it('answers failed when a handler is too slow, and closes idle connections', async () => {
    await server?.close();
    ({ server } = await startTestServer(socketPath, { handlerTimeoutMs: 10, idleTimeoutMs: 200 }));
    expect(
      await request({ kind: 'command', command: { type: 'worker.resume', id: 'slow' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'failed', message: expect.stringContaining('10 ms') },
    });
    const idle = await rawExchange(socketPath, '', 1, 5000);
    expect(idle).toEqual({ replies: [], closedByServer: true });
  });

  it('answers a last line sent without a newline before the client ends', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(socketPath, () =>
        socket.end(JSON.stringify({ token: TOKEN, ...pause })),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(JSON.parse(reply)).toEqual({ ok: true, result: { ok: true } });
  });

  it('makes the socket 0600 in a 0700 directory', () => {
    expect(lstatSync(socketPath).isSocket()).toBe(true);
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(temp.dir, 'run')).mode & 0o777).toBe(0o700);
  });

  it('removes its socket file on close', async () => {
    await server?.close();
    server = null;
    expect(() => lstatSync(socketPath)).toThrow();
  });

  it('refuses to start on a socket another control room listens on', async () => {
    await expect(startTestServer(socketPath)).rejects.toThrow(/already listening/);
    expect(await request(pause)).toMatchObject({ ok: true });
  });

  it('refuses a path that exists and is not a socket', async () => {
    await expect(startTestServer(join(temp.dir, 'run'))).rejects.toThrow(/not a socket/);
  });

  it('refuses a socket path too long for the kernel', async () => {
    const long = join(temp.dir, 'x'.repeat(120), 'c.sock');
    await expect(startTestServer(long)).rejects.toThrow(/too long/);
  });
});

describe('stale socket', () => {
  it('replaces a socket file nobody listens on', async () => {
    const stalePath = join(temp.dir, 'stale.sock');
    await makeStaleSocket(stalePath);
    expect(lstatSync(stalePath).isSocket()).toBe(true);

    const { server: fresh } = await startTestServer(stalePath);
    try {
      const reply = await sendRequest({
        socketPath: stalePath,
        request: { token: TOKEN, ...pause },
        timeoutMs: 5000,
      });
      expect(reply).toMatchObject({ ok: true });
    } finally {
      await fresh.close();
    }
  });
});

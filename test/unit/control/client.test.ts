import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlClientError, sendRequest } from '../../../src/control/client.js';
import { makeStaleSocket, shortTempDir } from './support.js';

let temp: ReturnType<typeof shortTempDir>;
let fake: Server | null = null;
const accepted = new Set<Socket>();

beforeEach(() => {
  temp = shortTempDir();
});
afterEach(async () => {
  // Fake servers do not read, so their sockets never see the client's end: drop them.
  for (const socket of accepted) socket.destroy();
  accepted.clear();
  if (fake) await new Promise((resolve) => fake!.close(resolve));
  fake = null;
  temp.cleanup();
});

/** A server that does `onConnection` with each client instead of speaking the protocol. */
async function fakeServer(onConnection: (socket: Socket) => void): Promise<string> {
  const path = join(temp.dir, 'f.sock');
  fake = createServer((socket) => {
    accepted.add(socket);
    onConnection?.(socket);
  });
  await new Promise<void>((resolve) => fake!.listen(path, resolve));
  return path;
}

const send = (socketPath: string, timeoutMs = 5000) =>
  sendRequest({ socketPath, request: { token: 't', kind: 'query', what: 'state' }, timeoutMs });

const failure = (promise: Promise<unknown>): Promise<ControlClientError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ControlClientError);
      return error as ControlClientError;
    },
  );

describe('sendRequest', () => {
  it('says not_running when there is no socket file', async () => {
    const error = await failure(send(join(temp.dir, 'none.sock')));
    expect(error.code).toBe('not_running');
    expect(error.message).toMatch(/ENOENT/);
  });

  it('says not_running when nobody listens on the socket file', async () => {
    const path = join(temp.dir, 'dead.sock');
    await makeStaleSocket(path);
    expect((await failure(send(path))).code).toBe('not_running');
  });

  it('times out when the server never answers', async () => {
    const path = await fakeServer(() => undefined);
    expect((await failure(send(path, 200))).code).toBe('timeout');
  });

  it('says closed when the server hangs up without a reply', async () => {
    const path = await fakeServer((socket) => socket.end());
    expect((await failure(send(path))).code).toBe('closed');
  });

  it('says bad_reply for something that is not a reply', async () => {
    const path = await fakeServer((socket) => socket.end('{"hello":1}\n'));
    expect((await failure(send(path))).code).toBe('bad_reply');
  });

  it('says bad_reply for a line that is not JSON', async () => {
    const path = await fakeServer((socket) => socket.end('nonsense\n'));
    expect((await failure(send(path))).code).toBe('bad_reply');
  });

  it('resolves with the first reply line', async () => {
    const path = await fakeServer((socket) =>
      socket.once('data', () => socket.end('{"ok":true,"result":[1]}\n{"ok":true,"result":2}\n')),
    );
    expect(await send(path)).toEqual({ ok: true, result: [1] });
  });
});

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  endpointFromEnv,
  readSessionEndpoint,
  removeSessionEndpoint,
  socketPathFor,
  workerEnv,
  writeSessionEndpoint,
} from '../../../src/control/sessionEndpoint.js';
import { MAX_SOCKET_PATH_BYTES } from '../../../src/control/socketFile.js';
import { shortTempDir } from './support.js';

let temp: ReturnType<typeof shortTempDir>;
beforeEach(() => {
  temp = shortTempDir();
});
afterEach(() => temp.cleanup());

describe('session endpoint', () => {
  it('writes control.json 0600 and reads it back', async () => {
    const endpoint = { socket: '/tmp/x.sock', token: 'secret' };
    writeFileSync(join(temp.dir, 'control.json'), '{}', { mode: 0o644 });
    await writeSessionEndpoint(temp.dir, endpoint);
    expect(statSync(join(temp.dir, 'control.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(temp.dir, 'control.json'), 'utf8'))).toEqual(endpoint);
    expect(await readSessionEndpoint(temp.dir)).toEqual(endpoint);
    await removeSessionEndpoint(temp.dir);
    await expect(readSessionEndpoint(temp.dir)).rejects.toThrow(/no control room is running/);
  });

  it('says what is wrong with a broken control.json', async () => {
    writeFileSync(join(temp.dir, 'control.json'), '{"socket": 1');
    await expect(readSessionEndpoint(temp.dir)).rejects.toThrow(/not valid JSON/);
    writeFileSync(join(temp.dir, 'control.json'), '{"socket": "/s"}');
    await expect(readSessionEndpoint(temp.dir)).rejects.toThrow(/"token"/);
  });

  it('round-trips through the worker environment', () => {
    const endpoint = { socket: '/s.sock', token: 't' };
    const env = workerEnv(endpoint, 'w3');
    expect(env.MULTIBOT_WORKER).toBe('w3');
    expect(endpointFromEnv(env)).toEqual(endpoint);
    expect(endpointFromEnv({ MULTIBOT_SOCKET: '/s.sock' })).toBeNull();
  });

  it('keeps the socket in the session dir unless that path is too long', () => {
    expect(socketPathFor(temp.dir)).toBe(join(temp.dir, 'control.sock'));
    const deep = join(temp.dir, 'd'.repeat(120));
    const fallback = socketPathFor(deep);
    expect(Buffer.byteLength(fallback)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
    expect(socketPathFor(deep)).toBe(fallback);
    expect(socketPathFor(join(temp.dir, 'e'.repeat(120)))).not.toBe(fallback);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { UserError, errorMessage } from '../util/errors.js';
import { MAX_SOCKET_PATH_BYTES } from './socketFile.js';

/**
 * `sessions/<id>/control.json` tells `multibot-tui ctl --session-dir DIR` where
 * the running control room listens and with which token:
 *
 *   { "socket": "/abs/path/control.sock", "token": "…" }
 *
 * It holds a secret, so it is written 0600; it exists only while the control
 * room runs (remove it on exit).
 */
export const CONTROL_FILE = 'control.json';
export const CONTROL_SOCKET = 'control.sock';

/** The environment the control room gives each worker (and its hooks and `ctl` calls). */
export const ENV_SOCKET = 'MULTIBOT_SOCKET';
export const ENV_TOKEN = 'MULTIBOT_TOKEN';
export const ENV_WORKER = 'MULTIBOT_WORKER';

const endpointSchema = z.looseObject({
  socket: z.string().min(1),
  token: z.string().min(1),
});

export interface Endpoint {
  socket: string;
  token: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where a session's control socket goes: `<session dir>/control.sock`, unless
 * that path is too long for a unix socket (a deep home directory); then a short
 * path in a per-user directory under the system temp dir. Either way control.json
 * records it, so clients never guess.
 */
export function socketPathFor(sessionDir: string): string {
  const inSession = join(resolve(sessionDir), CONTROL_SOCKET);
  if (Buffer.byteLength(inSession) <= MAX_SOCKET_PATH_BYTES) return inSession;
  const user = process.getuid?.() ?? 'user';
  const key = createHash('sha256').update(inSession).digest('hex').slice(0, 16);
  return join(tmpdir(), `multibot-${user}`, `${key}.sock`);
}

export async function writeSessionEndpoint(sessionDir: string, endpoint: Endpoint): Promise<void> {
  const file = join(sessionDir, CONTROL_FILE);
  // Written beside and renamed: a reader never sees half a file, and the mode
  // applies even when an older control.json (with other permissions) is replaced.
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(endpoint, null, 2)}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  await rename(temporary, file);
}

export async function readSessionEndpoint(sessionDir: string): Promise<Endpoint> {
  const file = join(sessionDir, CONTROL_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(
        `no control room is running for ${sessionDir} (no ${CONTROL_FILE} there)`,
      );
    }
    throw new UserError(`cannot read ${file}: ${errorMessage(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${errorMessage(error)}`);
  }
  const parsed = endpointSchema.safeParse(json);
  if (!parsed.success) throw new UserError(`${file} lacks "socket" or "token"`);
  return { socket: parsed.data.socket, token: parsed.data.token };
}

export async function removeSessionEndpoint(sessionDir: string): Promise<void> {
  await rm(join(sessionDir, CONTROL_FILE), { force: true });
}

/** The endpoint a worker inherits, or null outside a control room. */
export function endpointFromEnv(env: Env): Endpoint | null {
  const socket = env[ENV_SOCKET];
  const token = env[ENV_TOKEN];
  return socket && token ? { socket, token } : null;
}

/** The variables to add to a worker's environment. */
export function workerEnv(endpoint: Endpoint, workerId: string): Record<string, string> {
  return { [ENV_SOCKET]: endpoint.socket, [ENV_TOKEN]: endpoint.token, [ENV_WORKER]: workerId };
}

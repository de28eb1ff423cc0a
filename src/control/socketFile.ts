import { lstat, mkdir, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { UserError, errorMessage } from '../util/errors.js';

/**
 * The longest socket path the kernel keeps whole (sun_path holds 108 bytes on
 * Linux, 104 on macOS, NUL included). Longer paths are truncated silently by
 * libuv, so the server would listen somewhere nobody looks.
 */
export const MAX_SOCKET_PATH_BYTES = process.platform === 'linux' ? 107 : 103;

/** How long a probe waits before calling an existing socket alive. */
const PROBE_TIMEOUT_MS = 500;

type Liveness = 'live' | 'stale' | 'gone';

/**
 * Makes `socketPath` ready for `listen`: checks its length, creates its
 * directory (0700) when missing and checks it is ours, and removes a socket file left behind by a
 * control room that died — but never one that still answers, and never a file
 * that is not a socket.
 */
export async function prepareSocketPath(socketPath: string): Promise<void> {
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new UserError(
      `control socket path is too long (${Buffer.byteLength(socketPath)} bytes, at most ${MAX_SOCKET_PATH_BYTES}): ${socketPath}\n` +
        'Use a shorter home directory (--home or MULTIBOT_HOME).',
    );
  }
  const directory = dirname(socketPath);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  // Whoever owns the directory can swap the socket for their own and collect
  // the token from the next client; only use a directory that is ours.
  const owner = (await lstat(directory)).uid;
  const me = process.getuid?.();
  if (me !== undefined && owner !== me) {
    throw new UserError(
      `the control socket's directory ${directory} belongs to another user (uid ${owner}); ` +
        'remove it or use another home directory.',
    );
  }
  const existing = await lstat(socketPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!existing) return;
  if (!existing.isSocket()) {
    throw new UserError(
      `${socketPath} exists and is not a socket; move it away to start a control room here.`,
    );
  }
  const liveness = await probe(socketPath);
  if (liveness === 'live') {
    throw new UserError(
      `another control room is already listening on ${socketPath}.\n` +
        'Quit it first, or start this one for another session.',
    );
  }
  if (liveness === 'stale') {
    await unlink(socketPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

/** Connects once: refused means a dead control room left its socket file behind. */
function probe(socketPath: string): Promise<Liveness> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const finish = (outcome: Liveness | Error): void => {
      clearTimeout(timer);
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    // A listener too busy to accept still holds the path: treat it as alive.
    const timer = setTimeout(() => finish('live'), PROBE_TIMEOUT_MS);
    socket.once('connect', () => finish('live'));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') finish('stale');
      else if (error.code === 'ENOENT') finish('gone');
      else
        finish(
          new UserError(`cannot check the existing socket ${socketPath}: ${errorMessage(error)}`),
        );
    });
  });
}

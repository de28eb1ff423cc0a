import type { Socket } from 'node:net';
import { LineReader } from './lineReader.js';
import { type Reply, encodeReply, errorReply } from './protocol.js';
import type { LineOutcome } from './requestHandler.js';

export interface ConnectionOptions {
  handleLine: (line: string) => Promise<LineOutcome | null>;
  maxLineBytes: number;
  idleTimeoutMs: number;
  /** After this many unauthorized lines the connection is closed. */
  maxUnauthorized: number;
}

/** How long a closing peer gets to read its last reply before the socket is destroyed. */
const LINGER_MS = 1000;

/**
 * Serves one client: lines in, one reply line per request, in order. The
 * socket is paused while a chunk's lines are handled and while replies wait to
 * drain, so a client that floods or never reads costs bounded memory: at most
 * one line under construction plus one chunk.
 */
export function serveConnection(socket: Socket, options: ConnectionOptions): void {
  const reader = new LineReader(options.maxLineBytes);
  let unauthorized = 0;
  let closing = false;
  let queue = Promise.resolve();

  // A vanished peer (EPIPE, ECONNRESET) is normal here, never worth a crash.
  socket.on('error', () => socket.destroy());
  socket.setTimeout(options.idleTimeoutMs, () => socket.destroy());

  const close = (lastReply?: Reply): void => {
    if (closing) return;
    closing = true;
    if (socket.writable && lastReply) socket.end(encodeReply(lastReply));
    else if (socket.writable) socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };

  const handle = async (lines: string[]): Promise<void> => {
    for (const line of lines) {
      if (closing || socket.destroyed) return;
      const outcome = await options.handleLine(line);
      if (!outcome || closing || !socket.writable) continue;
      if (outcome.unauthorized && ++unauthorized >= options.maxUnauthorized) {
        close(outcome.reply);
        return;
      }
      if (!socket.write(encodeReply(outcome.reply))) await drained(socket);
    }
  };

  socket.on('data', (chunk: Buffer) => {
    // After a last reply the rest of the peer's input is read and dropped, so
    // its unread bytes cannot turn our close into a reset that loses the reply.
    if (closing) return;
    socket.pause();
    const batch = reader.push(chunk);
    queue = queue
      .then(() => handle(batch.lines))
      .then(() => {
        if (batch.overflow) {
          close(
            errorReply(
              undefined,
              'too_large',
              `a request line is longer than ${options.maxLineBytes} bytes`,
            ),
          );
        }
        if (!socket.destroyed) socket.resume();
      })
      .catch(() => {
        socket.destroy();
      });
  });

  // The server allows half-open sockets, so a client may send, then end its
  // side, and still get its replies; a final line without a newline counts.
  socket.on('end', () => {
    queue = queue
      .then(async () => {
        const rest = reader.flush();
        if (rest !== null) await handle([rest]);
        close();
      })
      .catch(() => {
        socket.destroy();
      });
  });
}

/** Resolves once buffered replies went out, or the socket is gone. */
function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) {
      resolve();
      return;
    }
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

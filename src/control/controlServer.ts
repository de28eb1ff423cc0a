import { chmod, stat, unlink } from 'node:fs/promises';
import { type Server, type Socket, createServer } from 'node:net';
import { resolve } from 'node:path';
import { serveConnection } from './connection.js';
import { DEFAULT_MAX_LINE_BYTES, encodeReply, errorReply } from './protocol.js';
import {
  type ControlHandlers,
  type ValidateCommand,
  createRequestHandler,
} from './requestHandler.js';
import { prepareSocketPath } from './socketFile.js';

export interface ControlServerOptions {
  socketPath: string;
  /** The per-session secret every request must carry. */
  token: string;
  handlers: ControlHandlers;
  validateCommand: ValidateCommand;
  /** Connections beyond this get a `busy` reply and are closed. */
  maxConnections?: number;
  maxLineBytes?: number;
  /** A connection silent for this long is closed. */
  idleTimeoutMs?: number;
  /** A handler slower than this gets the request a `failed` reply. */
  handlerTimeoutMs?: number;
  maxUnauthorized?: number;
  /** Errors of the listening socket itself (not of clients), for the debug log. */
  onError?: (error: Error) => void;
}

export interface ControlServer {
  /** The absolute socket path, for `control.json` and the workers' environment. */
  readonly address: string;
  /** Stops listening, drops every connection and removes the socket file. */
  close(): Promise<void>;
}

/**
 * Listens on a unix socket for JSON-lines requests (see protocol.ts). The
 * socket file is 0600 from the moment it exists, its directory 0700 when this
 * creates it; a token guards every request anyway, since a directory made by
 * someone else may be more open.
 */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  if (options.token.length < 16)
    throw new Error('the control token must be at least 16 characters');
  const socketPath = resolve(options.socketPath);
  const maxConnections = options.maxConnections ?? 32;
  const connectionOptions = {
    handleLine: createRequestHandler({
      token: options.token,
      handlers: options.handlers,
      validateCommand: options.validateCommand,
      handlerTimeoutMs: options.handlerTimeoutMs ?? 10_000,
    }),
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    maxUnauthorized: options.maxUnauthorized ?? 3,
  };

  await prepareSocketPath(socketPath);
  const sockets = new Set<Socket>();
  let served = 0;
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (served >= maxConnections) {
      turnAway(socket, maxConnections);
      return;
    }
    served += 1;
    socket.once('close', () => (served -= 1));
    serveConnection(socket, connectionOptions);
  });

  await listenPrivately(server, socketPath);
  // From here on, accept errors (EMFILE under a flood) are reported, never thrown.
  server.on('error', (error) => options.onError?.(error));
  let ino: number;
  try {
    await chmod(socketPath, 0o600);
    // Remember which file is ours: close() must not unlink a successor's socket.
    ({ ino } = await stat(socketPath));
  } catch (error) {
    server.close();
    throw error;
  }

  let closed: Promise<void> | null = null;
  return {
    address: socketPath,
    close: () =>
      (closed ??= (async () => {
        const stopped = new Promise<void>((done) => server.close(() => done()));
        for (const socket of sockets) socket.destroy();
        await stopped;
        const current = await stat(socketPath).catch(() => null);
        // net.Server usually unlinks its socket on close; this covers the case it did not.
        if (current?.ino === ino) await unlink(socketPath).catch(() => undefined);
      })()),
  };
}

/**
 * `listen` with a umask that makes the socket file 0600 from birth, so nobody
 * can connect between its creation and the chmod. The bind happens
 * synchronously inside `listen`, so the umask is back before any other code runs.
 */
function listenPrivately(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolveListen, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    const previous = setUmask(0o177);
    try {
      server.listen(socketPath, () => {
        server.off('error', onError);
        resolveListen();
      });
    } finally {
      if (previous !== null) setUmask(previous);
    }
  });
}

/** process.umask cannot be set in worker threads; the chmod after listen still applies. */
function setUmask(mask: number): number | null {
  try {
    return process.umask(mask);
  } catch {
    return null;
  }
}

function turnAway(socket: Socket, maxConnections: number): void {
  socket.on('error', () => socket.destroy());
  socket.setTimeout(1000, () => socket.destroy());
  socket.end(
    encodeReply(
      errorReply(
        undefined,
        'busy',
        `the control room is serving ${maxConnections} connections; try again shortly`,
      ),
    ),
  );
  // Whatever the client sends is dropped, so it cannot fill our buffers.
  socket.resume();
}

import { connect } from 'node:net';
import { errorMessage } from '../util/errors.js';
import { LineReader } from './lineReader.js';
import { type Reply, describeIssues, encodeLine, replySchema } from './protocol.js';

export type ControlClientErrorCode =
  /** No socket file, or nobody listening on it: no control room is running. */
  | 'not_running'
  /** The server's queue of waiting connections is full (EAGAIN): try again shortly. */
  | 'busy'
  /** Connecting or answering took longer than allowed. */
  | 'timeout'
  /** The server closed the connection without a reply. */
  | 'closed'
  /** The reply was not a reply of this protocol. */
  | 'bad_reply'
  /** Anything else the socket reported (EACCES, …). */
  | 'io';

export class ControlClientError extends Error {
  constructor(
    readonly code: ControlClientErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlClientError';
  }
}

export interface SendRequestOptions {
  socketPath: string;
  /** The whole request, token included; sent as one line. */
  request: object;
  /** Deadline for the whole exchange: connect, send, reply. */
  timeoutMs: number;
  /** Deadline for the connection alone (default: the whole deadline). */
  connectTimeoutMs?: number;
  /** Replies are not capped by the server; this protects the client. */
  maxReplyBytes?: number;
}

const DEFAULT_MAX_REPLY_BYTES = 64 * 1024 * 1024;

/** Sends one request on a fresh connection and resolves with its reply. */
export function sendRequest(options: SendRequestOptions): Promise<Reply> {
  const { socketPath, timeoutMs } = options;
  return new Promise((resolve, reject) => {
    const reader = new LineReader(options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES);
    const socket = connect(socketPath);
    let settled = false;
    const finish = (outcome: Reply | ControlClientError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      clearTimeout(connectTimer);
      socket.destroy();
      if (outcome instanceof ControlClientError) reject(outcome);
      else resolve(outcome);
    };
    const totalTimer = setTimeout(
      () =>
        finish(
          new ControlClientError('timeout', `no reply from ${socketPath} within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    const connectTimeoutMs = options.connectTimeoutMs ?? timeoutMs;
    const connectTimer = setTimeout(
      () =>
        finish(
          new ControlClientError(
            'timeout',
            `could not connect to ${socketPath} within ${connectTimeoutMs} ms`,
          ),
        ),
      connectTimeoutMs,
    );

    socket.once('connect', () => {
      clearTimeout(connectTimer);
      socket.write(encodeLine(options.request));
    });
    socket.on('data', (chunk: Buffer) => {
      const { lines, overflow } = reader.push(chunk);
      const first = lines[0];
      if (first !== undefined) finish(parseReply(first));
      else if (overflow) finish(new ControlClientError('bad_reply', 'the reply is too large'));
    });
    socket.once('end', () =>
      finish(
        new ControlClientError('closed', 'the control room closed the connection without a reply'),
      ),
    );
    socket.once('close', () =>
      finish(
        new ControlClientError('closed', 'the control room closed the connection without a reply'),
      ),
    );
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(fromSocketError(error, socketPath)),
    );
  });
}

function parseReply(line: string): Reply | ControlClientError {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return new ControlClientError('bad_reply', `the reply is not JSON: ${errorMessage(error)}`);
  }
  const parsed = replySchema.safeParse(json);
  return parsed.success
    ? (parsed.data as Reply)
    : new ControlClientError('bad_reply', `unexpected reply: ${describeIssues(parsed.error)}`);
}

function fromSocketError(error: NodeJS.ErrnoException, socketPath: string): ControlClientError {
  if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
    return new ControlClientError(
      'not_running',
      `no control room is listening on ${socketPath} (${error.code})`,
    );
  }
  if (error.code === 'EAGAIN') {
    return new ControlClientError(
      'busy',
      `the control room at ${socketPath} is overloaded; try again`,
    );
  }
  return new ControlClientError('io', `control socket ${socketPath}: ${errorMessage(error)}`);
}

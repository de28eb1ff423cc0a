import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail, ok } from '../../../src/engine/commands.js';
import {
  engineCommandSchemas,
  createCommandValidator,
} from '../../../src/control/commandValidator.js';
import {
  type ControlServer,
  type ControlServerOptions,
  startControlServer,
} from '../../../src/control/controlServer.js';
import type { ControlHandlers } from '../../../src/control/requestHandler.js';
import type { Reply } from '../../../src/control/protocol.js';

export const TOKEN = 'test-token-0123456789abcdef';

/** Unix socket paths hold ~107 bytes: keep the temp dirs short. */
export function shortTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mbc-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Handlers that record what they got and answer like a tiny engine. */
export function recordingHandlers() {
  const calls: unknown[] = [];
  const handlers: ControlHandlers = {
    command: (command) => {
      calls.push(command);
      if (command.type === 'worker.pause' && command.id === 'boom') throw new Error('kaboom');
      if (command.type === 'worker.resume' && command.id === 'slow') {
        return new Promise((resolve) => setTimeout(() => resolve(ok('late')), 50));
      }
      return command.type === 'worker.kill' ? fail('no such worker') : ok();
    },
    hook: (worker, event, payload) => {
      calls.push({ worker, event, payload });
      return { received: event };
    },
    query: (what) => (what === 'workers' ? [{ id: 'w1' }] : { what }),
  };
  return { calls, handlers };
}

export async function startTestServer(
  socketPath: string,
  overrides: Partial<ControlServerOptions> = {},
): Promise<{ server: ControlServer; calls: unknown[] }> {
  const { calls, handlers } = recordingHandlers();
  const server = await startControlServer({
    socketPath,
    token: TOKEN,
    handlers,
    validateCommand: createCommandValidator(engineCommandSchemas),
    ...overrides,
  });
  return { server, calls };
}

export interface RawExchange {
  replies: Reply[];
  /** The server closed the connection (rather than our deadline ending the wait). */
  closedByServer: boolean;
}

/**
 * Writes raw bytes and collects reply lines until `expect` replies came, the
 * server closed, or a generous deadline passed.
 */
export function rawExchange(
  socketPath: string,
  data: string | Buffer,
  expect = 1,
  deadlineMs = 5000,
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    let text = '';
    const replies: Reply[] = [];
    const done = (closedByServer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ replies, closedByServer });
    };
    const timer = setTimeout(() => done(false), deadlineMs);
    socket.on('connect', () => socket.write(data));
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      let newline: number;
      while ((newline = text.indexOf('\n')) !== -1) {
        replies.push(JSON.parse(text.slice(0, newline)) as Reply);
        text = text.slice(newline + 1);
      }
      if (replies.length >= expect) done(false);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => done(true));
  });
}

export const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

/** A socket file nobody listens on, as a control room killed outright leaves behind. */
export async function makeStaleSocket(path: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve) => child.stdout.once('data', resolve));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** Collects what a client writes, in place of stdout or stderr. */
export class Sink {
  text = '';
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlowController } from '../../../src/pty/flowControl.js';
import { createNodePtyBackend } from '../../../src/pty/nodePtyBackend.js';
import { listProcessGroup, readProcessState } from '../../../src/pty/processState.js';
import { CommandNotFoundError } from '../../../src/pty/resolveCommand.js';
import type { PtyExit, PtyProcess, PtySpawnOptions } from '../../../src/pty/types.js';

// Real ptys on slow shared machines: wait for conditions, never for fixed times.
const WAIT = { timeout: 8_000, interval: 20 };

const baseEnv: Record<string, string> = {};
for (const [key, value] of Object.entries(process.env)) {
  if (value !== undefined) baseEnv[key] = value;
}

const backend = createNodePtyBackend();
const spawned: PtyProcess[] = [];

interface Running {
  pty: PtyProcess;
  output: () => string;
  exited: Promise<PtyExit>;
}

function run(file: string, args: string[], options: Partial<PtySpawnOptions> = {}): Running {
  const pty = backend.spawn({
    file,
    args,
    cwd: process.cwd(),
    env: baseEnv,
    cols: 80,
    rows: 24,
    ...options,
  });
  spawned.push(pty);
  let text = '';
  pty.onData((chunk) => {
    text += chunk;
  });
  const exited = new Promise<PtyExit>((resolve) => pty.onExit(resolve));
  return { pty, output: () => text, exited };
}

function bash(script: string, options: Partial<PtySpawnOptions> = {}): Running {
  return run('bash', ['-c', script], options);
}

async function waitForOutput(running: Running, pattern: RegExp): Promise<RegExpMatchArray> {
  return vi.waitFor(() => {
    const match = running.output().match(pattern);
    if (!match) throw new Error(`no ${pattern} in ${JSON.stringify(running.output().slice(-200))}`);
    return match;
  }, WAIT);
}

afterEach(() => {
  for (const pty of spawned.splice(0)) {
    pty.signal('SIGKILL');
    pty.dispose();
  }
});

describe('createNodePtyBackend', () => {
  it('delivers colour output of a real child', async () => {
    const running = run('printf', ['\\033[31mred\\033[0m plain\\n']);
    const exit = await running.exited;
    expect(exit).toEqual({ exitCode: 0, signal: null });
    expect(running.output()).toContain('\x1b[31mred\x1b[0m plain\r\n');
  });

  it('sets TERM=xterm-256color whatever the caller says, and keeps the other variables', async () => {
    const running = bash('printf "term=%s foo=%s\\n" "$TERM" "$MULTIBOT_TEST_FOO"', {
      env: { ...baseEnv, TERM: 'dumb', MULTIBOT_TEST_FOO: 'bar' },
    });
    await running.exited;
    expect(running.output()).toContain('term=xterm-256color foo=bar');
  });

  it('runs in the given cwd and passes input through', async () => {
    const running = bash('read -r line; printf "got=%s pwd=%s\\n" "$line" "$PWD"', { cwd: '/' });
    running.pty.write('hello\r');
    const exit = await running.exited;
    expect(exit.exitCode).toBe(0);
    expect(running.output()).toContain('got=hello pwd=/\r\n');
  });

  it('lets the child see a resize (SIGWINCH and the new size)', async () => {
    const running = bash(
      'trap \'echo "winch $(stty size)"\' WINCH; echo "start $(stty size)"; while :; do sleep 0.05; done',
      { cols: 80, rows: 24 },
    );
    await waitForOutput(running, /start 24 80/);
    running.pty.resize(100, 40);
    await waitForOutput(running, /winch 40 100/);
  });

  it('stops and continues the whole process group', async () => {
    const running = bash('sleep 30 & while :; do sleep 0.05; done');
    const { pid } = running.pty;
    // The leader and at least its background sleep.
    await vi.waitFor(() => expect(listProcessGroup(pid).length).toBeGreaterThanOrEqual(2), WAIT);

    running.pty.signal('SIGSTOP');
    await vi.waitFor(() => {
      const members = listProcessGroup(pid);
      expect(members).toContain(pid);
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(members.map(readProcessState)).toEqual(members.map(() => 'T'));
    }, WAIT);

    running.pty.signal('SIGCONT');
    await vi.waitFor(() => {
      const members = listProcessGroup(pid);
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(members.map(readProcessState)).not.toContain('T');
    }, WAIT);
  });

  it('ends the whole process group with SIGTERM', async () => {
    const running = bash('sleep 30 & sleep 31 & while :; do sleep 0.05; done');
    const { pid } = running.pty;
    await vi.waitFor(() => expect(listProcessGroup(pid).length).toBeGreaterThanOrEqual(3), WAIT);

    running.pty.signal('SIGTERM');
    const exit = await running.exited;
    expect(exit.signal).toBe(15);
    await vi.waitFor(() => expect(listProcessGroup(pid)).toEqual([]), WAIT);
    // The group is gone: signalling it again is not an error.
    expect(() => running.pty.signal('SIGTERM')).not.toThrow();
  });

  it('pauses above the high watermark and still delivers every character', async () => {
    const total = 20_000_000;
    // No newline in the stream, so the pty's \n → \r\n translation cannot change the count.
    const pty = backend.spawn({
      file: 'bash',
      args: ['-c', `head -c ${total} /dev/zero | tr '\\0' a`],
      cwd: process.cwd(),
      env: baseEnv,
      cols: 80,
      rows: 24,
    });
    spawned.push(pty);
    let pauses = 0;
    const flow = new FlowController({
      pause: () => {
        pauses += 1;
        pty.pause();
      },
      resume: () => pty.resume(),
    });
    let received = 0;
    let biggestChunk = 0;
    let mostUnacknowledged = 0;
    pty.onData((chunk) => {
      received += chunk.length;
      biggestChunk = Math.max(biggestChunk, chunk.length);
      flow.onData(chunk.length);
      mostUnacknowledged = Math.max(mostUnacknowledged, flow.unacknowledged);
      // A slow emulator: acknowledged a little later, in a later turn of the event loop.
      setTimeout(() => flow.ack(chunk.length), 2);
    });
    const exit = await new Promise<PtyExit>((resolve) => pty.onExit(resolve));

    expect(exit.exitCode).toBe(0);
    expect(received).toBe(total);
    expect(pauses).toBeGreaterThan(0);
    expect(mostUnacknowledged).toBeLessThanOrEqual(100_000 + biggestChunk);
  });

  it('delivers the last output a child writes just before it exits', async () => {
    // libuv ends the master's stream on hangup while the kernel may still hold a few KiB;
    // without the backend's drain, about half of these runs came up short.
    const total = 2_000_000;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const running = bash(`head -c ${total} /dev/zero | tr '\\0' c`);
      await running.exited;
      expect(running.output().length).toBe(total);
    }
  });

  it('does not lose the last output when paused as the child exits', async () => {
    // node-pty drops unread output 200 ms after the leader exits; the backend must read it.
    const running = bash(
      'echo first; sleep 0.3; head -c 3000 /dev/zero | tr "\\0" b; echo; echo last',
    );
    await waitForOutput(running, /first/);
    running.pty.pause();
    const exit = await running.exited;
    expect(exit.exitCode).toBe(0);
    expect(running.output()).toContain(`${'b'.repeat(3000)}\r\nlast\r\n`);
  });

  it('treats write, resize, pause and resume after the exit as no-ops', async () => {
    const running = run('true', []);
    await running.exited;
    expect(() => {
      running.pty.write('late');
      running.pty.resize(90, 30);
      running.pty.pause();
      running.pty.resume();
    }).not.toThrow();
  });

  it('tells a listener added after the exit about it', async () => {
    const running = run('false', []);
    await running.exited;
    const late = await new Promise<PtyExit>((resolve) => running.pty.onExit(resolve));
    expect(late).toEqual({ exitCode: 1, signal: null });
  });

  it('can be disposed twice, before or after the exit', async () => {
    const running = run('true', []);
    await running.exited;
    running.pty.dispose();
    expect(() => running.pty.dispose()).not.toThrow();
  });

  it('hangs up a process still running when disposed', async () => {
    const running = bash('sleep 30 & while :; do sleep 0.05; done');
    const { pid } = running.pty;
    await vi.waitFor(() => expect(listProcessGroup(pid).length).toBeGreaterThanOrEqual(2), WAIT);
    running.pty.dispose();
    running.pty.dispose();
    await vi.waitFor(() => expect(listProcessGroup(pid)).toEqual([]), WAIT);
  });

  it('refuses a command that does not exist instead of spawning a child that fails', () => {
    expect(() => run('multibot-no-such-command', [])).toThrow(CommandNotFoundError);
    expect(() => run('./no/such/file', [])).toThrow(/command not found: \.\/no\/such\/file/);
  });
});

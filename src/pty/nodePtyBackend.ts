import { readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type * as NodePty from 'node-pty';
import { DisposableStore, Emitter, type Disposable } from '../util/disposable.js';
import { CommandNotFoundError, resolveExecutable } from './resolveCommand.js';
import type { PtyBackend, PtyExit, PtyProcess, PtySpawnOptions } from './types.js';

const TERM_NAME = 'xterm-256color';

/**
 * How often a paused pty checks whether its leader has exited. node-pty reaps the
 * leader, then waits for the master to report EOF before firing exit — but gives up
 * after 200 ms and destroys the socket, dropping whatever a paused reader had not
 * read yet. So a paused pty whose leader is gone must read again within that window.
 */
const LEADER_POLL_MS = 25;

/** More than a pty's kernel buffers hold (~64 KiB); a bound so a drain can never spin. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

/** The parts of node-pty's UnixTerminal that its typings leave out. */
interface UnixTerminalInternals {
  /** The master side of the pty. */
  readonly fd?: number;
  /** Forwards to the master's read stream. */
  on?(event: 'end', listener: () => void): void;
  /** Closes the master; node-pty then sends SIGHUP to the leader. */
  destroy?(): void;
}

/**
 * The real PtyBackend. node-pty is loaded with createRequire on the first spawn,
 * not at import: unit tests with fakes and `--help` never load the native module,
 * and spawn stays synchronous (a dynamic import() would make it async for no gain,
 * as the module is local and loads in a few milliseconds).
 */
export function createNodePtyBackend(): PtyBackend {
  let nodePty: typeof NodePty | undefined;
  return {
    spawn(options) {
      // node-pty would fork anyway and let the child print "execvp(3) failed." into the pane.
      if (resolveExecutable(options.file, options.env, options.cwd) === null) {
        throw new CommandNotFoundError(options.file);
      }
      nodePty ??= createRequire(import.meta.url)('node-pty') as typeof NodePty;
      return new NodePtyProcess(nodePty, options);
    },
  };
}

/** Errors of a pty that went away under our feet; everything else is a bug and is rethrown. */
function isRaceError(error: unknown, codes: readonly string[]): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  // node-pty's native resize throws a bare Error("ioctl(2) failed, EBADF") without a code.
  return codes.some((name) => code === name || error.message.includes(name));
}

class NodePtyProcess implements PtyProcess {
  readonly pid: number;
  private readonly pty: NodePty.IPty;
  private readonly data = new Emitter<string>();
  private readonly exit = new Emitter<PtyExit>();
  private readonly subscriptions = new DisposableStore();
  private exitInfo: PtyExit | null = null;
  private disposed = false;
  private readingPaused = false;
  private leaderGone = false;
  private leaderPoll: NodeJS.Timeout | null = null;

  constructor(nodePty: typeof NodePty, options: PtySpawnOptions) {
    this.pty = nodePty.spawn(options.file, [...options.args], {
      name: TERM_NAME,
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd,
      // The caller's env as given (node-pty only cleans env when handed process.env itself),
      // except TERM: the pane is emulated by xterm, whatever the host terminal is.
      env: { ...options.env, TERM: TERM_NAME },
    });
    this.pid = this.pty.pid;
    this.subscriptions.add(this.pty.onData((chunk) => this.data.fire(chunk)));
    const internals = this.pty as NodePty.IPty & UnixTerminalInternals;
    const masterFd = internals.fd;
    if (typeof internals.on === 'function' && typeof masterFd === 'number') {
      internals.on('end', () => this.drainAfterEof(masterFd));
    }
    this.subscriptions.add(
      this.pty.onExit(({ exitCode, signal }) => {
        // node-pty fires exit only after the master is closed, so every byte came before.
        this.exitInfo = { exitCode, signal: signal ? signal : null };
        this.stopLeaderPoll();
        this.exit.fire(this.exitInfo);
      }),
    );
  }

  onData(listener: (data: string) => void): Disposable {
    return this.data.event(listener);
  }

  /** A listener added after the exit still hears of it, on a microtask. */
  onExit(listener: (exit: PtyExit) => void): Disposable {
    const subscription = this.exit.event(listener);
    const known = this.exitInfo;
    if (known === null) return subscription;
    let active = true;
    queueMicrotask(() => {
      if (active && !this.disposed) listener(known);
    });
    return {
      dispose: () => {
        active = false;
        subscription.dispose();
      },
    };
  }

  /** A no-op once the pty is closed: a late keystroke or DSR reply races the exit. */
  write(data: string): void {
    if (this.closed) return;
    try {
      this.pty.write(data);
    } catch (error) {
      if (!isRaceError(error, ['EBADF', 'EIO'])) throw error;
    }
  }

  resize(cols: number, rows: number): void {
    if (this.closed) return;
    try {
      this.pty.resize(cols, rows);
    } catch (error) {
      if (!isRaceError(error, ['EBADF', 'EIO'])) throw error;
    }
  }

  pause(): void {
    // Once the leader is gone, what is left to read is bounded; pausing would only lose it.
    if (this.closed || this.readingPaused || this.leaderGone) return;
    this.readingPaused = true;
    this.pty.pause();
    this.leaderPoll = setInterval(() => this.checkLeader(), LEADER_POLL_MS);
    this.leaderPoll.unref();
  }

  resume(): void {
    if (this.closed || !this.readingPaused) return;
    this.readingPaused = false;
    this.stopLeaderPoll();
    this.pty.resume();
  }

  /**
   * kill(-pid): node-pty's child called setsid(), so its pid is also its process
   * group id, and the signal reaches every process in it (a shell's pipeline,
   * an agent's tool subprocesses), not only the leader. Still useful after exit:
   * it reaches children the leader left behind.
   */
  signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  /**
   * Releases our listeners and the pty; safe to call more than once. Sends no signal
   * of its own: stop the process with signal() and wait for onExit first.
   * After the exit there is nothing else to release (node-pty has closed the master
   * before reporting the exit). If the process is still running, the master is
   * closed anyway (node-pty's destroy()) so that no fd or event-loop handle leaks;
   * closing a terminal hangs it up, so the kernel sends SIGHUP to the session's
   * foreground group and node-pty sends SIGHUP to the leader. A process that
   * ignores SIGHUP lives on, detached from us.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopLeaderPoll();
    this.subscriptions.dispose();
    this.data.dispose();
    this.exit.dispose();
    if (this.exitInfo === null) (this.pty as NodePty.IPty & UnixTerminalInternals).destroy?.();
  }

  private get closed(): boolean {
    return this.disposed || this.exitInfo !== null;
  }

  /**
   * The master's read stream reached EOF, and the fd is about to be closed.
   * libuv declares EOF as soon as the kernel reports a hangup after a short
   * read, although the kernel may still hold the last few KiB the child wrote
   * just before exiting (measured: 0.5–5 KB lost in 4 of 10 runs of a 20 MB
   * `tr`). A synchronous read still gets them: the kernel answers EIO only once
   * it is empty. They arrive before the exit, as node-pty fires it after close.
   * A multi-byte character split across this boundary becomes U+FFFD.
   */
  private drainAfterEof(fd: number): void {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(64 * 1024);
    let text = '';
    for (let total = 0; total < DRAIN_LIMIT_BYTES;) {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        // EIO: empty and hung up. EAGAIN: empty, a descendant still holds the terminal.
        // EBADF: already closed.
        if (isRaceError(error, ['EIO', 'EAGAIN', 'EBADF'])) break;
        throw error;
      }
      if (read === 0) break;
      total += read;
      text += decoder.write(buffer.subarray(0, read));
    }
    text += decoder.end();
    if (text !== '' && !this.disposed) this.data.fire(text);
  }

  private checkLeader(): void {
    try {
      process.kill(this.pid, 0);
    } catch {
      // ESRCH: reaped. EPERM: the pid already belongs to someone else. Either way
      // ours is gone (signal 0 has no other failure, and a timer must not throw).
      this.leaderGone = true;
      this.resume();
    }
  }

  private stopLeaderPoll(): void {
    if (this.leaderPoll !== null) clearInterval(this.leaderPoll);
    this.leaderPoll = null;
  }
}

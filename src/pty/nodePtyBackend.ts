import { readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type * as NodePty from 'node-pty';
import { DisposableStore, Emitter, type Disposable } from '../util/disposable.js';
import { CommandNotFoundError, resolveExecutable } from './resolveCommand.js';
import type { PtyBackend, PtyExit, PtyProcess, PtySpawnOptions } from './types.js';

const TERM_NAME = 'xterm-256color';

/**
 * How often a paused pty checks whether its leader has exited, so that it reads
 * again and the exit is reported promptly. Only promptness depends on it: node-pty
 * waits at most 200 ms after the leader's exit for the master to reach EOF, then
 * destroys the read stream, and the backend drains the master before that happens
 * (see drainBeforeClose), whether or not this check got there first.
 */
const LEADER_POLL_MS = 25;

/** More than a pty's kernel buffers hold (~64 KiB); a bound so a drain can never spin. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

/**
 * node-pty's read stream of the master (a tty.ReadStream), with the internal
 * state that holds its decoder.
 */
type MasterStream = Readable & {
  _readableState?: { decoder: unknown; encoding: unknown };
};

/** The parts of node-pty's UnixTerminal that its typings leave out. */
interface UnixTerminalInternals {
  /** The master side of the pty. */
  readonly fd?: number;
  /** The master's read stream; node-pty destroys it to close the master. */
  readonly _socket?: MasterStream;
  /** Closes the master; node-pty then sends SIGHUP to the leader. */
  destroy?(): void;
}

/**
 * Makes node-pty's stream hand over raw bytes instead of strings, so the backend
 * can decode the stream and its own reads of the master with one decoder: two
 * decoders each turn their half of a character split between them into U+FFFD.
 * Not `encoding: null` at spawn, the documented way: node-pty then also leaves
 * IUTF8 off the terminal, and the kernel's line editor erases one byte of a
 * typed CJK character instead of all three (bash's `read` then hangs for the
 * rest of it). node-pty's own setEncoding(null) no longer works on Node's
 * streams, hence their state, read before any data arrives (the first read is
 * a later turn of the loop). False if this Node keeps it elsewhere: strings then.
 */
function takeRawBytes(stream: MasterStream): boolean {
  const state = stream._readableState;
  if (state === undefined || !('decoder' in state) || !('encoding' in state)) return false;
  state.decoder = null;
  state.encoding = null;
  return stream.readableEncoding === null;
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
  /** The one decoder of everything read from the master, by node-pty's stream or by us. */
  private readonly decoder = new StringDecoder('utf8');
  private readonly data = new Emitter<string>();
  private readonly exit = new Emitter<PtyExit>();
  private readonly subscriptions = new DisposableStore();
  private exitInfo: PtyExit | null = null;
  private disposed = false;
  private readingPaused = false;
  private leaderGone = false;
  private leaderPoll: NodeJS.Timeout | null = null;
  private drained = false;

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
    const internals = this.pty as NodePty.IPty & UnixTerminalInternals;
    const stream = internals._socket;
    if (stream !== undefined) takeRawBytes(stream);
    // Buffers once takeRawBytes succeeded; strings (already decoded) otherwise.
    const onChunk = this.pty.onData as unknown as NodePty.IEvent<Buffer | string>;
    this.subscriptions.add(onChunk((chunk) => this.deliver(chunk)));
    const masterFd = internals.fd;
    if (stream !== undefined && typeof masterFd === 'number') {
      // Every way the master gets closed goes through this: EOF (the stream destroys
      // itself after 'end'), a read error, node-pty's timer after the leader's exit,
      // and node-pty's destroy().
      const destroy = stream.destroy;
      stream.destroy = (error?: Error) => {
        try {
          this.drainBeforeClose(stream, masterFd, error);
        } finally {
          // Closed whatever a listener did, or the master and the exit would be lost too.
          destroy.call(stream, error);
        }
        return stream;
      };
    }
    this.subscriptions.add(
      this.pty.onExit(({ exitCode, signal }) => {
        // node-pty fires exit only after the master is closed, so every byte came before:
        // the drain runs before the close.
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

  /**
   * Stops reading; the child blocks once the kernel's buffers are full, so
   * nothing is lost. When the leader exits while paused, reading resumes within
   * LEADER_POLL_MS (and pause is refused from then on: what is left is bounded)
   * so that the tail arrives and the exit is reported promptly; should the loop
   * be too busy for that, drainBeforeClose still delivers the tail.
   */
  pause(): void {
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

  private deliver(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (text !== '') this.data.fire(text);
  }

  /**
   * The master is about to be closed: deliver everything still unread first.
   * Two cases lose the tail of the output otherwise:
   * - EOF: libuv declares it as soon as the kernel reports a hangup after a
   *   short read, although the kernel may still hold the last few KiB the child
   *   wrote just before exiting (measured: 0.5–5 KB lost in 4 of 10 runs of a
   *   20 MB `tr`).
   * - node-pty's timer, 200 ms after the leader's exit if EOF has not come by
   *   then: when the main thread was busy, or the stream paused, for those
   *   200 ms (the benchmark lost 8–12 KB per pane, 8 panes on a busy thread).
   * First what the stream has read but holds back while paused (read() emits it
   * as 'data', in order), then what the kernel still holds, read synchronously:
   * the kernel answers EIO only once it is empty. Flow control is ignored here,
   * as pausing now would lose the output; the kernel's buffers bound it. Runs
   * before the close, and node-pty fires the exit after the close.
   */
  private drainBeforeClose(stream: MasterStream, fd: number, destroyError?: Error): void {
    if (this.drained || this.disposed) return;
    this.drained = true;
    // Not after a read error: read() may start reading again, which then fails with
    // another error that node-pty rethrows. Nothing is held back then anyway: the
    // stream's high-water mark is 0, so it stops reading once it holds a chunk.
    if (destroyError === undefined) while (stream.readableLength > 0 && stream.read() !== null);
    const buffer = Buffer.allocUnsafe(64 * 1024);
    for (let total = 0; total < DRAIN_LIMIT_BYTES && !this.disposed;) {
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
      this.deliver(buffer.subarray(0, read));
    }
    // A character the child left unfinished: U+FFFD, as a terminal shows it.
    const rest = this.decoder.end();
    if (rest !== '' && !this.disposed) this.data.fire(rest);
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

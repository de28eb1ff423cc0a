/**
 * The demo agent: a small interactive program that behaves like a coding agent
 * in a terminal — prompt box, spinner, coloured log lines, a real edit and
 * commit per prompt, a y/n permission question for some prompts — and reports
 * through Claude Code's hook protocol. It needs no model and no network, so the
 * control room can be shown and tested end to end with it. `main` runs it on
 * this process's terminal and resolves with the exit code.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { AgentArgs, Speed } from './args.js';
import { USAGE, needsPermission, parseAgentArgs, speedFrom } from './args.js';
import { HookRunner } from './hooks.js';
import type { Key } from './keys.js';
import { KeyParser } from './keys.js';
import type { LogLine, StatusLine, Tone } from './screen.js';
import { Screen } from './screen.js';
import type { TurnOutcome } from './turn.js';
import { runTurn } from './turn.js';

/** Two Ctrl-C within this long exit. */
const DOUBLE_CTRL_C_MS = 1_000;
const SPINNER_INTERVAL_MS = 100;
const MAX_LOG = 500;

const BRACKETED_PASTE_ON = '\x1b[?2004h';
const BRACKETED_PASTE_OFF = '\x1b[?2004l';

export interface AgentIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function defaultIo(): AgentIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}

export async function main(argv: readonly string[], io: AgentIo = defaultIo()): Promise<number> {
  const parsed = parseAgentArgs(argv);
  if ('error' in parsed) {
    io.stderr.write(`demo agent: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  return new DemoAgent(parsed, io).run();
}

interface Pending {
  resolve(allowed: boolean): void;
}

class DemoAgent {
  private readonly sessionId: string;
  private readonly speed: Speed;
  private readonly hooks: HookRunner;
  private readonly screen: Screen;
  private readonly keys: KeyParser;
  private readonly role: string;

  private log: LogLine[] = [];
  private input = '';
  private queue: string[] = [];
  private status: StatusLine = null;
  private turn: { controller: AbortController; done: Promise<void>; startedAt: number } | null =
    null;
  private question: Pending | null = null;
  private spinner: NodeJS.Timeout | null = null;
  private spinnerFrame = 0;
  private lastCtrlC = 0;
  private ctrlCTimer: NodeJS.Timeout | null = null;
  private drawQueued = false;
  private inputEnded = false;
  private exiting = false;
  private toolUses = 0;
  private finish: (code: number) => void = () => undefined;

  constructor(
    private readonly args: AgentArgs,
    private readonly io: AgentIo,
  ) {
    this.sessionId = args.resume ?? args.sessionId ?? randomUUID();
    this.speed = speedFrom(io.env.DEMO_AGENT_SPEED);
    this.role = args.role ?? 'no role';
    this.hooks = new HookRunner({
      command: io.env.MULTIBOT_HOOK_COMMAND,
      env: io.env,
      sessionId: this.sessionId,
      cwd: io.cwd,
      permissionMode: args.permissionMode,
    });
    this.screen = new Screen(io.stdout);
    this.keys = new KeyParser((key) => this.onKey(key));
  }

  run(): Promise<number> {
    const done = new Promise<number>((resolve) => {
      this.finish = resolve;
    });
    const { stdin, stdout } = this.io;
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', this.onData);
    stdin.on('end', this.onEnd);
    // The terminal went away (the pane closed): leave quietly, never crash on EIO.
    stdin.on('error', this.onIoError);
    stdout.on('error', this.onIoError);
    stdout.on('resize', this.onResize);
    process.on('SIGTERM', this.onSigterm);
    process.on('SIGHUP', this.onSighup);
    process.on('SIGINT', this.onSigint);
    stdout.write(`${BRACKETED_PASTE_ON}\x1b[2J\x1b[H`);

    this.welcome();
    this.hooks.fire('SessionStart', { source: this.args.resume ? 'resume' : 'startup' });
    if (this.args.prompt) this.submit(this.args.prompt);
    this.draw();
    return done;
  }

  private welcome(): void {
    this.add(
      '✻ Demo agent — a scripted stand-in for a coding agent (no model, no network).',
      'info',
    );
    if (this.args.resume) this.add(`resumed session ${this.sessionId}`, 'success');
    this.add(`  cwd: ${this.io.cwd}`, 'dim');
    if (this.args.systemPrompt) {
      this.add(`  role prompt: ${this.args.systemPrompt.length} characters (acknowledged)`, 'dim');
    }
    if (this.speed.name !== 'normal') this.add(`  speed: ${this.speed.name}`, 'dim');
    this.add('  Each prompt makes a real edit under demo/ and commits it.', 'dim');
    this.add('  Prompts that mention "permission", "deploy" or "delete" ask first.', 'dim');
  }

  // ── input ────────────────────────────────────────────────────────────────

  private readonly onData = (chunk: string | Buffer): void => {
    this.keys.feed(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
  };

  private readonly onEnd = (): void => {
    // Piped input ran out: finish the work in hand, then leave.
    this.inputEnded = true;
    this.question?.resolve(false);
    if (!this.turn && this.queue.length === 0) void this.exit(0, 'prompt_input_exit');
  };

  private readonly onIoError = (): void => void this.exit(129, 'other');

  private readonly onResize = (): void => {
    this.screen.invalidate();
    this.io.stdout.write('\x1b[2J');
    this.draw();
  };

  private readonly onSigterm = (): void => void this.exit(143, 'other');
  private readonly onSighup = (): void => void this.exit(129, 'other');
  /** Only when the terminal is not in raw mode (piped input): a Ctrl-C press all the same. */
  private readonly onSigint = (): void => this.onKey({ kind: 'ctrl-c' });

  private onKey(key: Key): void {
    if (this.exiting) return;
    if (key.kind === 'ctrl-c') {
      this.ctrlC();
      return;
    }
    if (this.question) {
      this.answer(key);
      return;
    }
    switch (key.kind) {
      case 'text':
      case 'paste':
        this.input += key.text;
        break;
      case 'newline':
        this.input += '\n';
        break;
      case 'backspace':
        this.input = Array.from(this.input).slice(0, -1).join('');
        break;
      case 'ctrl-u':
        this.input = this.input.slice(0, this.input.lastIndexOf('\n') + 1);
        break;
      case 'ctrl-w':
        this.input = this.input.replace(/\S*\s*$/, '');
        break;
      case 'enter': {
        const prompt = this.input.replace(/\s+$/, '');
        this.input = '';
        if (prompt.trim()) this.submit(prompt);
        break;
      }
      case 'escape':
        this.interrupt();
        break;
      case 'ctrl-d':
        if (this.input === '') void this.exit(0, 'prompt_input_exit');
        break;
    }
    this.scheduleDraw();
  }

  /** While a y/n question waits, only y, n and Esc mean anything. */
  private answer(key: Key): void {
    if (key.kind === 'escape') {
      this.interrupt();
      return;
    }
    if (key.kind !== 'text') return;
    const at = key.text.search(/\S/);
    const first = key.text[at]?.toLowerCase();
    if (first !== 'y' && first !== 'n') return;
    this.question?.resolve(first === 'y');
    // Text typed right after the answer is the start of the next prompt.
    const rest = key.text.slice(at + 1);
    if (rest) this.onKey({ kind: 'text', text: rest });
  }

  private ctrlC(): void {
    const now = Date.now();
    if (now - this.lastCtrlC <= DOUBLE_CTRL_C_MS) {
      void this.exit(0, 'prompt_input_exit');
      return;
    }
    this.lastCtrlC = now;
    if (this.turn) this.interrupt();
    else this.input = '';
    if (this.ctrlCTimer) clearTimeout(this.ctrlCTimer);
    this.ctrlCTimer = setTimeout(() => {
      this.ctrlCTimer = null;
      this.scheduleDraw();
    }, DOUBLE_CTRL_C_MS);
    this.scheduleDraw();
  }

  private interrupt(): void {
    if (!this.turn) return;
    this.turn.controller.abort();
    this.question?.resolve(false);
  }

  // ── turns ────────────────────────────────────────────────────────────────

  private submit(prompt: string): void {
    if (this.turn) {
      this.queue.push(prompt);
      this.add(`  queued: ${prompt.split('\n')[0] ?? ''}`, 'dim');
      return;
    }
    this.startTurn(prompt);
  }

  private startTurn(prompt: string): void {
    const controller = new AbortController();
    const lines = prompt.split('\n');
    this.add('', 'plain');
    lines.forEach((line, index) => this.add(`${index === 0 ? '>' : ' '} ${line}`, 'user'));
    this.hooks.fire('UserPromptSubmit', { prompt });
    const turn = { controller, startedAt: Date.now(), done: Promise.resolve() };
    this.turn = turn;
    turn.done = runTurn(prompt, {
      cwd: this.io.cwd,
      speed: this.speed,
      hooks: this.hooks,
      signal: controller.signal,
      askFirst: needsPermission(prompt, this.args.permissionMode),
      log: (text, tone) => this.add(text, tone),
      activity: (text) => this.setActivity(text),
      ask: (question) => this.ask(question, controller.signal),
      toolUseId: () => `toolu_demo_${String(++this.toolUses).padStart(4, '0')}`,
    }).then((outcome) => this.endTurn(outcome));
  }

  private endTurn(outcome: TurnOutcome): void {
    this.setActivity(null);
    const tone: Tone =
      outcome.kind === 'done' ? 'result' : outcome.kind === 'denied' ? 'warn' : 'error';
    this.add(`⏺ ${outcome.summary}`, tone);
    this.hooks.fire('Stop', { last_assistant_message: outcome.summary, stop_hook_active: false });
    this.turn = null;
    if (this.exiting) return;
    const next = this.queue.shift();
    if (next !== undefined) this.startTurn(next);
    else if (this.inputEnded) void this.exit(0, 'prompt_input_exit');
    this.scheduleDraw();
  }

  private ask(question: string, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted || this.inputEnded) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const settle = (allowed: boolean): void => {
        if (this.question !== pending) return;
        this.question = null;
        this.status = null;
        signal.removeEventListener('abort', onAbort);
        // The question stays in the log with its answer.
        this.add(`${question} ${signal.aborted ? '—' : allowed ? 'y' : 'n'}`, 'warn');
        this.scheduleDraw();
        resolve(allowed);
      };
      const onAbort = (): void => settle(false);
      const pending: Pending = { resolve: settle };
      this.question = pending;
      this.status = { kind: 'question', text: question };
      signal.addEventListener('abort', onAbort);
      this.scheduleDraw();
    });
  }

  private setActivity(text: string | null): void {
    if (text === null) {
      if (this.spinner) clearInterval(this.spinner);
      this.spinner = null;
      if (this.status?.kind === 'spinner') this.status = null;
      this.scheduleDraw();
      return;
    }
    this.status = {
      kind: 'spinner',
      text,
      frame: this.spinnerFrame,
      elapsedMs: Date.now() - (this.turn?.startedAt ?? Date.now()),
    };
    if (!this.spinner) {
      this.spinner = setInterval(() => {
        this.spinnerFrame++;
        if (this.status?.kind === 'spinner') {
          this.status = {
            ...this.status,
            frame: this.spinnerFrame,
            elapsedMs: Date.now() - (this.turn?.startedAt ?? Date.now()),
          };
        }
        this.scheduleDraw();
      }, SPINNER_INTERVAL_MS);
    }
    this.scheduleDraw();
  }

  // ── drawing ──────────────────────────────────────────────────────────────

  private add(text: string, tone: Tone): void {
    this.log.push({ text, tone });
    if (this.log.length > MAX_LOG) this.log = this.log.slice(-MAX_LOG);
    this.scheduleDraw();
  }

  private hint(): string {
    if (Date.now() - this.lastCtrlC <= DOUBLE_CTRL_C_MS) return 'Press Ctrl-C again to exit';
    if (this.question) return 'y allow · n deny · esc interrupt';
    if (this.turn) return 'esc to interrupt · Enter queues the next prompt';
    return 'enter send · alt+enter new line · esc interrupt · ctrl-c twice exit';
  }

  private scheduleDraw(): void {
    if (this.drawQueued || this.exiting) return;
    this.drawQueued = true;
    setImmediate(() => {
      this.drawQueued = false;
      if (!this.exiting) this.draw();
    });
  }

  private draw(): void {
    this.screen.draw({
      role: this.role,
      dir: basename(this.io.cwd) || this.io.cwd,
      sessionId: this.sessionId,
      log: this.log,
      status: this.status,
      input: this.input,
      hint: this.hint(),
      cursor: this.question === null,
      asking: this.question !== null,
    });
  }

  // ── exit ─────────────────────────────────────────────────────────────────

  private async exit(code: number, reason: 'prompt_input_exit' | 'other'): Promise<void> {
    if (this.exiting) return;
    // No more keys, no next turn: the one in hand stops (firing Stop) first.
    this.exiting = true;
    this.queue = [];
    this.interrupt();
    if (this.turn) await this.turn.done;
    this.hooks.fire('SessionEnd', { reason });
    if (this.spinner) clearInterval(this.spinner);
    if (this.ctrlCTimer) clearTimeout(this.ctrlCTimer);
    this.keys.dispose();
    this.status = null;
    this.add('bye', 'dim');
    this.draw();

    const { stdin, stdout } = this.io;
    stdout.write(BRACKETED_PASTE_OFF);
    this.screen.release();
    stdin.off('data', this.onData);
    stdin.off('end', this.onEnd);
    stdin.off('error', this.onIoError);
    stdout.off('resize', this.onResize);
    process.off('SIGTERM', this.onSigterm);
    process.off('SIGHUP', this.onSighup);
    process.off('SIGINT', this.onSigint);
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
    await this.hooks.flush();
    this.finish(code);
  }
}

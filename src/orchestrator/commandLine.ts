import { didYouMean } from '../config/didYouMean.js';
import { type Command, MASTER_PANE_ID } from '../engine/commands.js';

/**
 * The master pane's command line: `/assign T3 coder` → `{type: 'task.assign', …}`.
 * Pure: the names it resolves against come in as plain lists, so an unknown
 * worker or task is caught here with a helpful message, before the engine.
 *
 * Quoting: an argument may be wrapped in "…" or '…' (no escapes). A quote only
 * opens at the start of a word and only closes before a space or the end, so
 * an apostrophe inside a word ("user's") is just a letter.
 */

export interface CommandLineNames {
  workers: readonly { id: string; name: string }[];
  /** Task ids as they are: T1, T2, … */
  tasks: readonly string[];
  /** Config profiles `/spawn` can start. */
  profiles: readonly string[];
}

export type CommandLineResult = { ok: true; command: Command } | { ok: false; error: string };

/** What an argument is, so Tab knows what to complete there. */
export type ArgumentKind = 'task' | 'worker' | 'profile' | 'number' | 'name' | 'text';

interface Spec {
  /** The arguments as help shows them. */
  args: string;
  summary: string;
  /** For "missing argument" errors: "/assign needs a task and a worker: /assign T3 coder". */
  needs: string;
  example: string;
  /** The kind of each argument in order; text runs to the end of the line. */
  kinds: readonly ArgumentKind[];
  /** How many words it takes (text counts as one, and any number of words). */
  min: number;
  max: number;
  build(args: Args): Command;
}

const onWorker = (summary: string, make: (id: string) => Command, orMaster = false): Spec => ({
  args: 'W',
  summary,
  needs: 'a worker',
  example: 'coder',
  kinds: ['worker'],
  min: 1,
  max: 1,
  build: (a) => make(a.worker(0, orMaster)),
});

const onTask = (summary: string, make: (task: string) => Command): Spec => ({
  args: 'T',
  summary,
  needs: 'a task',
  example: 'T3',
  kinds: ['task'],
  min: 1,
  max: 1,
  build: (a) => make(a.task(0)),
});

const taskToWorker = (type: 'task.assign' | 'task.reassign', summary: string): Spec => ({
  args: 'T W',
  summary,
  needs: 'a task and a worker',
  example: 'T3 coder',
  kinds: ['task', 'worker'],
  min: 2,
  max: 2,
  build: (a) => ({ type, task: a.task(0), worker: a.worker(1) }),
});

/** `/done T [summary]`, `/fail T [reason]`: the free text only when there is some. */
const taskWithText = (
  summary: string,
  textName: string,
  exampleText: string,
  make: (task: string, text: string | undefined) => Command,
): Spec => ({
  args: `T [${textName}]`,
  summary,
  needs: 'a task',
  example: `T3 ${exampleText}`,
  kinds: ['task', 'text'],
  min: 1,
  max: Infinity,
  build: (a) => make(a.task(0), a.rest(1) || undefined),
});

const workerText = (
  summary: string,
  text: string,
  make: (id: string, text: string) => Command,
): Spec => ({
  args: 'W TEXT',
  summary,
  needs: 'a worker and the text',
  example: `coder ${text}`,
  kinds: ['worker', 'text'],
  min: 2,
  max: Infinity,
  build: (a) => make(a.worker(0), a.text(1)),
});

const bare = (command: Command, summary: string): Spec => ({
  args: '',
  summary,
  needs: 'nothing',
  example: '',
  kinds: [],
  min: 0,
  max: 0,
  build: () => command,
});

/** The grammar, in the order help lists it. */
const specs = {
  task: {
    args: '<title> [--role R] [--after T1,T2] [--priority N]',
    summary: 'add a task (t in NAVIGATE opens a dialog for a longer brief)',
    needs: 'a title',
    example: 'Fix the login bug --role coder',
    kinds: ['text'],
    min: 1,
    max: Infinity,
    build: buildTask,
  },
  assign: taskToWorker('task.assign', 'give task T to worker W (overrides the dispatcher)'),
  reassign: taskToWorker('task.reassign', 'move task T to worker W'),
  cancel: onTask('cancel task T', (task) => ({ type: 'task.cancel', task })),
  retry: onTask('run a failed or cancelled task T again', (task) => ({ type: 'task.retry', task })),
  priority: {
    args: 'T N',
    summary: 'set the priority of task T (higher runs first)',
    needs: 'a task and a number',
    example: 'T3 5',
    kinds: ['task', 'number'],
    min: 2,
    max: 2,
    build: (a) => ({ type: 'task.priority', task: a.task(0), priority: a.priority(1) }),
  },
  done: taskWithText('mark task T done', 'summary', 'merged by hand', (task, summary) =>
    summary === undefined ? { type: 'task.done', task } : { type: 'task.done', task, summary },
  ),
  fail: taskWithText(
    'mark task T failed (retried while attempts are left)',
    'reason',
    'the tests do not pass',
    (task, reason) =>
      reason === undefined ? { type: 'task.fail', task } : { type: 'task.fail', task, reason },
  ),
  hold: bare({ type: 'dispatch.hold' }, 'stop assigning ready tasks automatically'),
  release: bare({ type: 'dispatch.release' }, 'assign ready tasks automatically again'),
  spawn: {
    args: 'PROFILE [NAME]',
    summary: 'start a new worker from a config profile',
    needs: 'a profile',
    example: 'claude helper',
    kinds: ['profile', 'name'],
    min: 1,
    max: 2,
    build: (a) => {
      const profile = a.profile(0);
      const name = a.optional(1);
      return name === undefined
        ? { type: 'worker.spawn', profile }
        : { type: 'worker.spawn', profile, name };
    },
  },
  pause: onWorker('pause worker W', (id) => ({ type: 'worker.pause', id })),
  resume: onWorker('resume a paused worker W', (id) => ({ type: 'worker.resume', id })),
  // No `confirmed`: the engine asks the human first.
  kill: onWorker('kill worker W (asks first)', (id) => ({ type: 'worker.kill', id })),
  restart: onWorker('restart worker W', (id) => ({ type: 'worker.restart', id })),
  say: workerText('type TEXT into worker W as a prompt', 'run the tests', (id, text) => ({
    type: 'worker.say',
    id,
    text,
  })),
  broadcast: {
    args: 'TEXT',
    summary: 'type TEXT into every worker as a prompt',
    needs: 'the text',
    example: 'commit your work now',
    kinds: ['text'],
    min: 1,
    max: Infinity,
    build: (a) => ({ type: 'worker.broadcast', text: a.text(0) }),
  },
  answer: workerText("answer worker W's question", 'yes, go ahead', (id, text) => ({
    type: 'worker.answer',
    id,
    text,
  })),
  remove: onWorker('take an ended worker W out (its worktree too, if it holds no work)', (id) => ({
    type: 'worker.remove',
    id,
  })),
  reinstate: onWorker('put worker W back into dispatch after its failures', (id) => ({
    type: 'worker.reinstate',
    id,
  })),
  focus: onWorker(
    'focus worker W (or "master")',
    (target) => ({ type: 'focus.set', target }),
    true,
  ),
  zoom: bare({ type: 'layout.zoom' }, 'zoom the focused pane in or out'),
  help: bare({ type: 'help.toggle' }, 'show or hide the help'),
  quit: bare({ type: 'app.quit' }, 'leave the control room (asks while workers run)'),
} satisfies Record<string, Spec>;

export type CommandWord = keyof typeof specs;

/** The command words without their "/", in help order: for Tab completion. */
export const COMMAND_WORDS = Object.keys(specs) as readonly CommandWord[];

/** One line of help per command: "/assign T W — give task T to worker W (…)". */
export const commandUsage = Object.fromEntries(
  COMMAND_WORDS.map((word) => {
    const { args, summary } = specs[word] as Spec;
    return [word, `/${`${word} ${args}`.trim()} — ${summary}`];
  }),
) as Readonly<Record<CommandWord, string>>;

/** What each argument of a command is, for completing it: `assign` → ['task', 'worker']. */
export const commandArgumentKinds = Object.fromEntries(
  COMMAND_WORDS.map((word) => [word, (specs[word] as Spec).kinds]),
) as Readonly<Record<CommandWord, readonly ArgumentKind[]>>;

export function parseCommandLine(line: string, names: CommandLineNames): CommandLineResult {
  const text = line.trim();
  if (!text.startsWith('/')) {
    return fail('commands start with "/", like /task Fix the login bug (type /help)');
  }
  const head = /^\/(\S*)\s*/.exec(text)!;
  const word = head[1]!.toLowerCase();
  if (word === '') return fail('type a command after "/" (type /help)');
  if (!Object.hasOwn(specs, word)) {
    const hint = didYouMean(word, COMMAND_WORDS);
    return fail(`unknown command /${word}${hint ? ` — did you mean /${hint}?` : ''} (type /help)`);
  }
  try {
    const args = new Args(word, specs[word as CommandWord], text.slice(head[0].length), names);
    return { ok: true, command: args.build() };
  } catch (error) {
    if (error instanceof LineError) return fail(error.message);
    throw error;
  }
}

/** "t3" → "T3": task ids are typed in any case. Other shapes pass unchanged. */
export function normalizeTaskId(text: string): string {
  return /^t\d+$/i.test(text) ? text.toUpperCase() : text;
}

/** A whole number such as "5", "-2" or "+3"; null for anything else. */
export function parseWholeNumber(text: string): number | null {
  if (!/^[+-]?\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** A mistake in the line; caught in parseCommandLine and returned as its error. */
class LineError extends Error {}

const fail = (error: string): CommandLineResult => ({ ok: false, error });

/** One word of the arguments, for parsing and for completing at the cursor. */
export interface ArgumentToken {
  /** Without its quotes. */
  value: string;
  /** As typed, quotes included. */
  raw: string;
  start: number;
  quoted: boolean;
}

/** Words of `text`; see the quoting rule at the top of this file. */
export function lexArguments(text: string): ArgumentToken[] {
  const tokens: ArgumentToken[] = [];
  const space = (i: number) => i >= text.length || /\s/.test(text[i]!);
  let i = 0;
  while (i < text.length) {
    if (space(i)) {
      i += 1;
      continue;
    }
    const start = i;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      let close = text.indexOf(quote, i + 1);
      while (close !== -1 && !space(close + 1)) close = text.indexOf(quote, close + 1);
      if (close !== -1) {
        const raw = text.slice(start, close + 1);
        tokens.push({ value: raw.slice(1, -1), raw, start, quoted: true });
        i = close + 1;
        continue;
      }
    }
    while (!space(i)) i += 1;
    const raw = text.slice(start, i);
    tokens.push({ value: raw, raw, start, quoted: false });
  }
  return tokens;
}

/** The arguments after the command word, with the lookups every command shares. */
class Args {
  readonly tokens: ArgumentToken[];

  constructor(
    private readonly command: string,
    private readonly spec: Spec,
    private readonly line: string,
    private readonly names: CommandLineNames,
  ) {
    this.tokens = lexArguments(line);
  }

  /** Checks the number of words, then builds the command. */
  build(): Command {
    const { min, max } = this.spec;
    if (this.tokens.length < min) throw this.missing();
    if (this.tokens.length > max) {
      throw new LineError(
        max === 0
          ? `/${this.command} takes no arguments`
          : `too many arguments: /${this.command} takes ${this.spec.needs}, like ${this.example}`,
      );
    }
    return this.spec.build(this);
  }

  private get example(): string {
    return `/${`${this.command} ${this.spec.example}`.trim()}`;
  }

  private missing(): LineError {
    return new LineError(`/${this.command} needs ${this.spec.needs}: ${this.example}`);
  }

  /** The word at `index`, or a missing-argument error. */
  required(index: number): string {
    const value = this.tokens[index]?.value ?? '';
    if (value === '') throw this.missing();
    return value;
  }

  optional(index: number): string | undefined {
    return this.tokens[index]?.value;
  }

  worker(index: number, orMaster = false): string {
    const given = this.required(index);
    if (orMaster && given.toLowerCase() === MASTER_PANE_ID) return MASTER_PANE_ID;
    return resolveWorker(given, this.names.workers);
  }

  task(index: number): string {
    return this.taskId(this.required(index));
  }

  taskId(given: string): string {
    return resolveTask(given, this.names.tasks);
  }

  profile(index: number): string {
    const given = this.required(index);
    const { profiles } = this.names;
    if (profiles.includes(given)) return given;
    const hint = didYouMean(given, profiles);
    const known = profiles.length ? `profiles: ${list(profiles)}` : 'no profiles are defined';
    throw new LineError(`no profile ${given}${hint ? ` — did you mean ${hint}?` : ''} (${known})`);
  }

  priority(index: number): number {
    return wholeNumber(this.required(index), this.example);
  }

  /**
   * Everything from word `index` to the end of the line, as typed; one quoted
   * word alone loses its quotes. '' when there is nothing.
   */
  rest(index: number): string {
    const first = this.tokens[index];
    if (!first) return '';
    if (first.quoted && this.tokens.length === index + 1) return first.value.trim();
    return this.line.slice(first.start).trim();
  }

  /** Like `rest`, but the text is required. */
  text(index: number): string {
    const text = this.rest(index);
    if (text === '') throw this.missing();
    return text;
  }
}

/** `/task <title> [--role R] [--after T1,T2] [--priority N]`; options go anywhere. */
function buildTask(a: Args): Command {
  const title: ArgumentToken[] = [];
  let role: string | undefined;
  let priority: number | undefined;
  const after: string[] = [];
  const tokens = a.tokens;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    // A quoted word is never an option: that is how a title says "--role".
    // A bare "--" is a dash in the title ("Fix login -- urgent").
    if (token.quoted || !/^--[a-z]/i.test(token.value)) {
      title.push(token);
      continue;
    }
    const equals = token.value.indexOf('=');
    const flag = equals === -1 ? token.value : token.value.slice(0, equals);
    if (flag !== '--role' && flag !== '--after' && flag !== '--priority') {
      throw new LineError(
        `/task: unknown option ${flag} (options: --role, --after, --priority; quote a title that contains "--")`,
      );
    }
    let value = equals === -1 ? tokens[++i]?.value : token.value.slice(equals + 1);
    // "--after T1, T2": a list typed with spaces after its commas.
    while (flag === '--after' && value?.endsWith(',') && tokens[i + 1]) {
      value += tokens[++i]!.value;
    }
    if (value === undefined || value === '' || value.startsWith('--')) {
      throw new LineError(`/task: ${flag} needs a value, like ${flag} ${OPTION_EXAMPLES[flag]}`);
    }
    if (flag === '--role') role = value;
    else if (flag === '--priority') priority = wholeNumber(value, '--priority 5');
    else after.push(...splitTaskList(value).map((id) => a.taskId(id)));
  }
  const text =
    title.length === 1 && title[0]!.quoted
      ? title[0]!.value.trim()
      : title
          .map((token) => token.raw)
          .join(' ')
          .trim();
  if (text === '') throw new LineError(`/task needs a title: /task Fix the login bug --role coder`);
  return {
    type: 'task.add',
    title: text,
    ...(role !== undefined ? { role } : {}),
    ...(after.length ? { after: [...new Set(after)] } : {}),
    ...(priority !== undefined ? { priority } : {}),
  };
}

const OPTION_EXAMPLES: Record<string, string> = {
  '--role': 'tester',
  '--after': 'T1,T2',
  '--priority': '5',
};

/** "T1,T2" or "T1, T2" or "T1 T2" → ['T1', 'T2'] (normalized, not yet checked). */
export function splitTaskList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter((id) => id !== '')
    .map(normalizeTaskId);
}

function wholeNumber(text: string, example: string): number {
  const value = parseWholeNumber(text);
  if (value === null) {
    throw new LineError(`priority must be a whole number, like ${example} — not "${text}"`);
  }
  return value;
}

/** A worker by id or by name (exact first, then in any case) → its id. */
function resolveWorker(given: string, workers: CommandLineNames['workers']): string {
  const exact = workers.find((w) => w.id === given) ?? workers.find((w) => w.name === given);
  if (exact) return exact.id;
  const lower = given.toLowerCase();
  const loose = workers.filter(
    (w) => w.id.toLowerCase() === lower || w.name.toLowerCase() === lower,
  );
  if (loose.length === 1) return loose[0]!.id;
  const shown = workers.map((w) => w.name);
  const hint = didYouMean(given, shown);
  const known = workers.length ? `workers: ${list(shown)}` : 'no workers yet: /spawn PROFILE';
  throw new LineError(`no worker ${given}${hint ? ` — did you mean ${hint}?` : ''} (${known})`);
}

function resolveTask(given: string, tasks: readonly string[]): string {
  const id = normalizeTaskId(given);
  const found =
    tasks.find((t) => t === id) ?? tasks.find((t) => t.toUpperCase() === id.toUpperCase());
  if (found) return found;
  const known = tasks.length ? `tasks: ${list(tasks)}` : 'no tasks yet: /task TITLE';
  throw new LineError(`no task ${given} (${known})`);
}

const SHOWN_NAMES = 8;

/** A short list for an error: "coder, tester" or "T1, T2, … and 12 more". */
function list(names: readonly string[]): string {
  if (names.length <= SHOWN_NAMES) return names.join(', ');
  return `${names.slice(0, SHOWN_NAMES).join(', ')} and ${names.length - SHOWN_NAMES} more`;
}

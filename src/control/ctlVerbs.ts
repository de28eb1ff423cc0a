import { type ParseArgsConfig, parseArgs } from 'node:util';
import { didYouMean } from '../config/didYouMean.js';
import type { Command } from '../engine/commands.js';
import { normalizeTaskId, parseWholeNumber, splitTaskList } from '../orchestrator/commandLine.js';
import { UserError } from '../util/errors.js';
import { REPORT_TYPES } from './commandValidator.js';
import type { RequestBody } from './protocol.js';
import { ENV_WORKER, type Env } from './sessionEndpoint.js';

/** A mistake in the `ctl` command line: exit code 2, and the help is shown. */
export class CtlUsageError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'CtlUsageError';
  }
}

export interface CtlContext {
  /** The caller's environment: a worker's `ctl report` finds its own id in MULTIBOT_WORKER. */
  env: Env;
}

/**
 * One `ctl` verb. The grammar is this table: add a row to add a verb
 * (`task add "…"`, `report TYPE …`); parsing, help and dispatch follow.
 */
export interface CtlVerb {
  /** The words that name it: `['pause']`, `['task', 'add']`. The longest match wins. */
  words: readonly string[];
  /** Its arguments as the help shows them. */
  args: string;
  summary: string;
  /** The request for the words after the verb; throws CtlUsageError on bad arguments. */
  build(args: readonly string[], context: CtlContext): RequestBody;
}

const query = (what: 'workers' | 'tasks' | 'state', summary: string): CtlVerb => ({
  words: [what],
  args: '',
  summary,
  build: (args) => {
    positionals(what, args, []);
    return { kind: 'query', what };
  },
});

/** A verb that takes one worker and becomes `{ type, id }`. */
const onWorker = (
  verb: string,
  type: 'worker.pause' | 'worker.resume' | 'worker.restart',
  summary: string,
): CtlVerb => ({
  words: [verb],
  args: 'WORKER',
  summary,
  build: (args) => {
    const [id] = positionals(verb, args, ['WORKER']);
    return { kind: 'command', command: { type, id } };
  },
});

const send = (command: Command): RequestBody => ({ kind: 'command', command });

/** A verb without arguments: `hold`, `release`. */
const bare = (verb: string, command: Command, summary: string): CtlVerb => ({
  words: [verb],
  args: '',
  summary,
  build: (args) => {
    positionals(verb, args, []);
    return send(command);
  },
});

const onTask = (word: string, type: 'task.cancel' | 'task.retry', summary: string): CtlVerb => ({
  words: ['task', word],
  args: 'TASK',
  summary,
  build: (args) => {
    const [task] = positionals(`task ${word}`, args, ['TASK']);
    return send({ type, task: normalizeTaskId(task) });
  },
});

const taskToWorker = (
  word: string,
  type: 'task.assign' | 'task.reassign',
  summary: string,
): CtlVerb => ({
  words: ['task', word],
  args: 'TASK WORKER',
  summary,
  build: (args) => {
    const [task, worker] = positionals(`task ${word}`, args, ['TASK', 'WORKER']);
    return send({ type, task: normalizeTaskId(task), worker });
  },
});

/** `task done T [SUMMARY…]`, `task fail T [REASON…]`: the text only when given. */
const taskWithText = (word: 'done' | 'fail', summary: string): CtlVerb => {
  const name = word === 'done' ? 'SUMMARY' : 'REASON';
  return {
    words: ['task', word],
    args: `TASK [${name}…]`,
    summary,
    build: (args) => {
      const { lead, text } = textAfter(`task ${word}`, args, ['TASK'], name, false);
      const task = normalizeTaskId(lead[0]);
      if (word === 'done') {
        return send(
          text ? { type: 'task.done', task, summary: text } : { type: 'task.done', task },
        );
      }
      return send(text ? { type: 'task.fail', task, reason: text } : { type: 'task.fail', task });
    },
  };
};

/** `say W TEXT…`, `answer W TEXT…`. */
const workerText = (
  verb: string,
  type: 'worker.say' | 'worker.answer',
  summary: string,
): CtlVerb => ({
  words: [verb],
  args: 'WORKER TEXT…',
  summary,
  build: (args) => {
    const { lead, text } = textAfter(verb, args, ['WORKER'], 'TEXT', true);
    return send({ type, id: lead[0], text });
  },
});

export const ctlVerbs: readonly CtlVerb[] = [
  query('workers', 'list the workers and their state'),
  query('tasks', 'list the tasks'),
  query('state', 'print the whole control-room state'),
  {
    words: ['task', 'add'],
    args: 'TITLE… [--role R] [--after T1,T2] [--priority N] [--brief TEXT]',
    summary: 'add a task',
    build: (args) => {
      const { values, positionals: words } = parse('task add', args, {
        role: { type: 'string' },
        after: { type: 'string', multiple: true },
        priority: { type: 'string' },
        brief: { type: 'string' },
      });
      const title = words.join(' ').trim();
      if (title === '')
        throw new CtlUsageError('ctl task add needs a TITLE: ctl task add "Fix the login bug"');
      const after = (values.after ?? []).flatMap(splitTaskList);
      return send({
        type: 'task.add',
        title,
        ...(values.brief !== undefined ? { brief: values.brief } : {}),
        ...(values.role !== undefined ? { role: values.role } : {}),
        ...(after.length ? { after } : {}),
        ...(values.priority !== undefined
          ? { priority: wholeNumber('task add', '--priority', values.priority) }
          : {}),
      });
    },
  },
  taskToWorker('assign', 'task.assign', 'give a task to a worker (overrides the dispatcher)'),
  taskToWorker('reassign', 'task.reassign', 'move an assigned or running task to another worker'),
  onTask('cancel', 'task.cancel', 'cancel a task'),
  onTask('retry', 'task.retry', 'run a failed or cancelled task again'),
  {
    words: ['task', 'priority'],
    args: 'TASK N',
    summary: 'set the priority of a task (higher runs first)',
    build: (args) => {
      const [task, n] = positionals('task priority', args, ['TASK', 'N']);
      const priority = wholeNumber('task priority', 'N', n);
      return send({ type: 'task.priority', task: normalizeTaskId(task), priority });
    },
  },
  taskWithText('done', 'mark a task done'),
  taskWithText('fail', 'mark a task failed (retried while attempts are left)'),
  bare('hold', { type: 'dispatch.hold' }, 'stop assigning ready tasks automatically'),
  bare('release', { type: 'dispatch.release' }, 'assign ready tasks automatically again'),
  {
    words: ['spawn'],
    args: 'PROFILE [NAME]',
    summary: 'start a new worker from a config profile',
    build: (args) => {
      const { positionals: words } = parse('spawn', args, {});
      const [profile, name, ...extra] = words;
      if (profile === undefined || extra.length) {
        throw new CtlUsageError('ctl spawn takes PROFILE [NAME]');
      }
      return send({ type: 'worker.spawn', profile, ...(name !== undefined ? { name } : {}) });
    },
  },
  onWorker('pause', 'worker.pause', 'pause a worker (SIGSTOP to its process group)'),
  onWorker('resume', 'worker.resume', 'resume a paused worker'),
  onWorker('restart', 'worker.restart', 'restart a worker'),
  {
    words: ['remove'],
    args: 'WORKER [--force]',
    summary: 'take an ended worker out; --force also discards work in its worktree',
    build: (args) => {
      const { values, positionals: rest } = parse('remove', args, { force: { type: 'boolean' } });
      const [id] = positionals('remove', rest, ['WORKER']);
      return send({ type: 'worker.remove', id, ...(values.force ? { force: true } : {}) });
    },
  },
  {
    words: ['reinstate'],
    args: 'WORKER',
    summary: 'put a worker back into dispatch after the circuit breaker',
    build: (args) => {
      const [id] = positionals('reinstate', args, ['WORKER']);
      return send({ type: 'worker.reinstate', id });
    },
  },
  {
    words: ['kill'],
    args: 'WORKER [--yes]',
    summary: 'kill a worker; without --yes the control room asks the human first',
    build: (args) => {
      const { values, positionals: rest } = parse('kill', args, { yes: { type: 'boolean' } });
      const [id] = positionals('kill', rest, ['WORKER']);
      const command = { type: 'worker.kill', id, ...(values.yes ? { confirmed: true } : {}) };
      return { kind: 'command', command };
    },
  },
  {
    words: ['focus'],
    args: 'WORKER',
    summary: 'focus a pane in the control room (a worker, or "master")',
    build: (args) => {
      const [target] = positionals('focus', args, ['WORKER']);
      return { kind: 'command', command: { type: 'focus.set', target } };
    },
  },
  {
    words: ['input'],
    args: 'WORKER TEXT… [--enter]',
    summary: 'type TEXT into a worker; --enter presses Enter after it',
    build: (args) => {
      const { values, positionals: rest } = parse('input', args, { enter: { type: 'boolean' } });
      const [id, ...words] = rest;
      if (id === undefined || words.length === 0) {
        throw new CtlUsageError('ctl input needs a WORKER and the TEXT to type');
      }
      const data = words.join(' ') + (values.enter ? '\r' : '');
      return { kind: 'command', command: { type: 'worker.input', id, data } };
    },
  },
  workerText('say', 'worker.say', 'send TEXT to a worker as a prompt'),
  {
    words: ['broadcast'],
    args: 'TEXT…',
    summary: 'send TEXT to every worker as a prompt',
    build: (args) => {
      const { text } = textAfter('broadcast', args, [], 'TEXT', true);
      return send({ type: 'worker.broadcast', text });
    },
  },
  workerText('answer', 'worker.answer', "answer a worker's question (typed into the worker)"),
  {
    words: ['report'],
    args: 'TYPE TEXT… [--task T]',
    summary: `from inside a worker, tell the master: ${REPORT_TYPES.join(', ')}`,
    build: (args, { env }) => {
      const id = env[ENV_WORKER];
      if (!id) {
        throw new CtlUsageError(`report is for agents inside a worker; ${ENV_WORKER} is not set`);
      }
      const { values, positionals: words } = parse('report', args, { task: { type: 'string' } });
      const [type, ...rest] = words;
      const report = reportType(type);
      const text = rest.join(' ').trim();
      if (text === '') {
        throw new CtlUsageError(`ctl report ${report} needs the TEXT: ctl report ${report} "…"`);
      }
      const task = values.task === undefined ? {} : { task: normalizeTaskId(values.task) };
      return send({ type: 'worker.report', id, report, text, ...task });
    },
  },
  {
    words: ['json'],
    args: '\'{"type": …}\'',
    summary: 'send any command of the vocabulary, as JSON',
    build: (args) => {
      const [text] = positionals('json', args, ['JSON']);
      let command: unknown;
      try {
        command = JSON.parse(text);
      } catch {
        throw new CtlUsageError(`ctl json: not valid JSON: ${text}`);
      }
      if (!isCommandLike(command)) {
        throw new CtlUsageError(
          'ctl json takes a JSON object with a "type", like {"type":"layout.zoom"}',
        );
      }
      // The control room validates the rest: it knows the whole vocabulary.
      return { kind: 'command', command };
    },
  },
];

const isCommandLike = (value: unknown): value is { type: string } =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  typeof (value as { type?: unknown }).type === 'string';

/** The verb `argv` starts with (longest match) and the arguments after it. */
export function findCtlVerb(
  verbs: readonly CtlVerb[],
  argv: readonly string[],
): { verb: CtlVerb; args: readonly string[] } | null {
  let best: CtlVerb | null = null;
  for (const verb of verbs) {
    const matches = verb.words.every((word, index) => argv[index] === word);
    if (matches && verb.words.length > (best?.words.length ?? 0)) best = verb;
  }
  return best ? { verb: best, args: argv.slice(best.words.length) } : null;
}

/** Exactly these positional arguments, named for the error message; `--` ends options. */
export function positionals<const Names extends readonly string[]>(
  verb: string,
  args: readonly string[],
  names: Names,
): { [K in keyof Names]: string } {
  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  // A negative number ("-1", a priority) is a value, not a flag.
  const flag = options.find((arg) => arg.startsWith('-') && arg !== '-' && !/^-\d+$/.test(arg));
  if (flag !== undefined) throw new CtlUsageError(`ctl ${verb}: unknown option ${flag}`);
  const values = end === -1 ? [...args] : [...options, ...args.slice(end + 1)];
  if (values.length !== names.length) {
    const expected = names.length ? names.join(' ') : 'no arguments';
    throw new CtlUsageError(`ctl ${verb} takes ${expected}`);
  }
  return values as { [K in keyof Names]: string };
}

/** Flags and positionals of one verb; `--` ends the flags, for text starting with "-". */
export function parse<const Flags extends NonNullable<ParseArgsConfig['options']>>(
  verb: string,
  args: readonly string[],
  flags: Flags,
) {
  try {
    return parseArgs({ args: [...args], options: flags, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CtlUsageError(`ctl ${verb}: ${(error as Error).message}`);
  }
}

/**
 * The named leading positionals, then the rest joined with spaces as the text
 * (`ctl say w1 run the tests` needs no quotes). `--` lets text start with "-".
 */
function textAfter<const Names extends readonly string[]>(
  verb: string,
  args: readonly string[],
  names: Names,
  textName: string,
  required: boolean,
): { lead: { [K in keyof Names]: string }; text: string } {
  const { positionals: words } = parse(verb, args, {});
  const text = words.slice(names.length).join(' ').trim();
  if (words.length < names.length || (required && text === '')) {
    const usage = [...names, required ? `${textName}…` : `[${textName}…]`].join(' ');
    throw new CtlUsageError(`ctl ${verb} needs ${usage}`);
  }
  return { lead: words.slice(0, names.length) as { [K in keyof Names]: string }, text };
}

function wholeNumber(verb: string, name: string, text: string): number {
  const value = parseWholeNumber(text);
  if (value === null) {
    throw new CtlUsageError(`ctl ${verb}: ${name} takes a whole number, not "${text}"`);
  }
  return value;
}

/** STATUS_UPDATE, status_update and status-update are all the same TYPE. */
function reportType(given: string | undefined): (typeof REPORT_TYPES)[number] {
  const known = REPORT_TYPES.join(', ');
  if (given === undefined)
    throw new CtlUsageError(`ctl report needs a TYPE (${known}) and the TEXT`);
  const normalized = given.toUpperCase().replaceAll('-', '_');
  const found = REPORT_TYPES.find((type) => type === normalized);
  if (found) return found;
  const hint = didYouMean(normalized, REPORT_TYPES);
  throw new CtlUsageError(
    `ctl report: unknown TYPE ${given}${hint ? ` — did you mean ${hint}?` : ''} (use ${known})`,
  );
}

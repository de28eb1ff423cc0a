import { parseArgs } from 'node:util';
import { UserError } from '../util/errors.js';
import type { RequestBody } from './protocol.js';
import type { Env } from './sessionEndpoint.js';

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

export const ctlVerbs: readonly CtlVerb[] = [
  query('workers', 'list the workers and their state'),
  query('tasks', 'list the tasks'),
  query('state', 'print the whole control-room state'),
  onWorker('pause', 'worker.pause', 'pause a worker (SIGSTOP to its process group)'),
  onWorker('resume', 'worker.resume', 'resume a paused worker'),
  onWorker('restart', 'worker.restart', 'restart a worker'),
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
  const flag = options.find((arg) => arg.startsWith('-') && arg !== '-');
  if (flag !== undefined) throw new CtlUsageError(`ctl ${verb}: unknown option ${flag}`);
  const values = end === -1 ? [...args] : [...options, ...args.slice(end + 1)];
  if (values.length !== names.length) {
    const expected = names.length ? names.join(' ') : 'no arguments';
    throw new CtlUsageError(`ctl ${verb} takes ${expected}`);
  }
  return values as { [K in keyof Names]: string };
}

type FlagConfig = Record<string, { type: 'boolean' }>;

/** Flags and positionals of one verb; `--` ends the flags, for text starting with "-". */
export function parse(verb: string, args: readonly string[], flags: FlagConfig) {
  try {
    return parseArgs({ args: [...args], options: flags, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CtlUsageError(`ctl ${verb}: ${(error as Error).message}`);
  }
}

import { UserError, errorMessage } from '../util/errors.js';
import { ControlClientError, sendRequest } from './client.js';
import { type CtlVerb, CtlUsageError, ctlVerbs, findCtlVerb } from './ctlVerbs.js';
import type { Reply, RequestBody } from './protocol.js';
import {
  ENV_SOCKET,
  ENV_TOKEN,
  type Endpoint,
  type Env,
  endpointFromEnv,
  readSessionEndpoint,
} from './sessionEndpoint.js';

export interface TextSink {
  write(text: string): unknown;
}

export interface CtlOptions {
  env: Env;
  stdout: TextSink;
  stderr: TextSink;
  /** The grammar; tests and later issues may pass their own table. */
  verbs?: readonly CtlVerb[];
  /**
   * Where to look when neither --session-dir nor the environment names a
   * control room — e.g. the latest session of the current repository.
   */
  findEndpoint?: () => Promise<Endpoint | null>;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * `multibot-tui ctl COMMAND [ARGS]`: one request to the running control room.
 * Prints the result as JSON on stdout. Exit codes: 0 done, 1 the control room
 * said no (or is not there) — the reason on stderr, 2 a usage error.
 */
export async function runCtl(argv: readonly string[], options: CtlOptions): Promise<number> {
  const verbs = options.verbs ?? ctlVerbs;
  const { stdout, stderr } = options;
  let globals: Globals;
  let body: RequestBody;
  try {
    globals = takeGlobals(argv);
    if (globals.help) {
      stdout.write(ctlHelp(verbs));
      return 0;
    }
    const found = findCtlVerb(verbs, globals.rest);
    if (!found) {
      throw new CtlUsageError(
        globals.rest.length
          ? `unknown ctl command: ${globals.rest.join(' ')}`
          : 'ctl needs a command',
      );
    }
    body = found.verb.build(found.args, { env: options.env });
  } catch (error) {
    if (!(error instanceof CtlUsageError)) throw error;
    stderr.write(`multibot-tui ctl: ${error.message}\n\n${ctlHelp(verbs)}`);
    return 2;
  }

  try {
    const endpoint = await locate(globals.sessionDir, options);
    const reply = await sendRequest({
      socketPath: endpoint.socket,
      request: { token: endpoint.token, ...body },
      timeoutMs: globals.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    return printReply(reply, stdout, stderr);
  } catch (error) {
    if (!(error instanceof UserError || error instanceof ControlClientError)) throw error;
    stderr.write(`multibot-tui ctl: ${describeFailure(error)}\n`);
    return 1;
  }
}

async function locate(sessionDir: string | null, options: CtlOptions): Promise<Endpoint> {
  if (sessionDir !== null) return readSessionEndpoint(sessionDir);
  const endpoint = endpointFromEnv(options.env) ?? (await options.findEndpoint?.()) ?? null;
  if (endpoint) return endpoint;
  throw new UserError(
    `no control room found: run this inside a worker (${ENV_SOCKET} and ${ENV_TOKEN} are set there) or pass --session-dir DIR`,
  );
}

/** The result as JSON; a command the control room refused also goes to stderr. */
function printReply(reply: Reply, stdout: TextSink, stderr: TextSink): number {
  if (!reply.ok) {
    stderr.write(`multibot-tui ctl: ${reply.error.code}: ${reply.error.message}\n`);
    return 1;
  }
  stdout.write(`${JSON.stringify(reply.result, null, 2)}\n`);
  const refused = refusal(reply.result);
  if (refused === null) return 0;
  stderr.write(`multibot-tui ctl: ${refused}\n`);
  return 1;
}

/** A CommandResult `{ ok: false, error }` travels inside a successful reply. */
function refusal(result: unknown): string | null {
  if (typeof result !== 'object' || result === null) return null;
  const { ok, error } = result as { ok?: unknown; error?: unknown };
  return ok === false ? (typeof error === 'string' ? error : 'the command failed') : null;
}

function describeFailure(error: UserError | ControlClientError): string {
  if (error instanceof ControlClientError && error.code === 'not_running') {
    return `${error.message}.\nIs the control room still running? Start it with multibot-tui.`;
  }
  return errorMessage(error);
}

interface Globals {
  help: boolean;
  sessionDir: string | null;
  timeoutMs: number | null;
  rest: string[];
}

/**
 * Options every verb takes, anywhere before `--`; the rest is the verb's.
 * (`--` itself stays, so `ctl input w1 -- --text` still reaches the verb intact.)
 */
function takeGlobals(argv: readonly string[]): Globals {
  const globals: Globals = { help: false, sessionDir: null, timeoutMs: null, rest: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--') {
      globals.rest.push(...argv.slice(index));
      break;
    }
    const [name, inline] = arg.startsWith('--') ? splitOption(arg) : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++index];
      if (next === undefined) throw new CtlUsageError(`${name} needs a value`);
      return next;
    };
    if (name === '-h' || name === '--help') globals.help = true;
    else if (name === '--session-dir') globals.sessionDir = value();
    else if (name === '--timeout') globals.timeoutMs = milliseconds(value());
    else globals.rest.push(arg);
  }
  return globals;
}

function splitOption(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

function milliseconds(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new CtlUsageError(`--timeout takes milliseconds, a positive whole number, not ${text}`);
  }
  return value;
}

/** The widest usage that keeps its summary on the same line. */
const HELP_USAGE_WIDTH = 32;

export function ctlHelp(verbs: readonly CtlVerb[] = ctlVerbs): string {
  const rows = verbs.map((verb) => [`${verb.words.join(' ')} ${verb.args}`.trim(), verb.summary]);
  // One long usage (`task add` and its options) must not push every summary off screen.
  const fits = rows.map(([usage]) => usage!.length).filter((n) => n <= HELP_USAGE_WIDTH);
  const width = Math.max(0, ...fits);
  const lines = rows.map(([usage, summary]) =>
    usage!.length <= width
      ? `  ${usage!.padEnd(width)}  ${summary}`
      : `  ${usage}\n  ${' '.repeat(width)}  ${summary}`,
  );
  return `Usage: multibot-tui ctl [--session-dir DIR] [--timeout MS] COMMAND [ARGS]

Sends one command to the running control room and prints the result as JSON.
Inside a worker the control room is found through ${ENV_SOCKET} and ${ENV_TOKEN};
elsewhere pass --session-dir (the session's folder, holding control.json).

Commands:
${lines.join('\n')}

Exit status: 0 done, 1 refused or no control room, 2 usage error.
`;
}

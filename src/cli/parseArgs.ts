import { parseArgs } from 'node:util';
import type { LayoutMode } from '../engine/commands.js';
import { parseReplayOptions } from '../replay/replayOptions.js';
import type { ReplayOptions } from '../replay/runReplay.js';
import { UserError, errorMessage } from '../util/errors.js';

export interface WorkerArg {
  name: string;
  commandLine: string;
}

/** Where the control room finds its home, repository and config. */
export interface CommonOptions {
  home: string | null;
  repo: string | null;
  config: string | null;
}

export interface RunOptions extends CommonOptions, RecordingOptions {
  kind: 'run';
  workers: WorkerArg[];
  layout: LayoutMode | null;
  base: string | null;
  /** The built-in demo: a scratch repository, three demo agents and a few tasks. */
  demo: boolean;
}

export interface RecordingOptions {
  /** Record what the human types as "i" events too (`--record-input`). */
  recordInput: boolean;
  /** `--budget-usd N`: hold dispatch and warn when the session's cost reaches N. */
  budgetUsd: number | null;
}

export interface ResumeOptions extends CommonOptions, RecordingOptions {
  kind: 'resume';
  /** null: the latest session of this repository. */
  session: string | null;
}

export type CliRequest =
  | RunOptions
  | ResumeOptions
  | ({ kind: 'sessions' } & CommonOptions)
  | ({ kind: 'clean'; force: boolean } & CommonOptions)
  | ({ kind: 'config' } & CommonOptions)
  | ({ kind: 'replay'; session: string | null; options: ReplayOptions } & CommonOptions)
  | ({ kind: 'export'; session: string; worker: string | null; out: string | null } & CommonOptions)
  /** Thin clients: their own argument grammar. */
  | { kind: 'hook'; args: string[] }
  | { kind: 'ctl'; args: string[] }
  | { kind: 'help' }
  | { kind: 'version' };

/** What runs without loading the control room (src/main.ts), and what needs it (src/cli.tsx). */
export type QuickRequest = Extract<CliRequest, { kind: 'help' | 'version' | 'hook' | 'ctl' }>;
export type FullRequest = Exclude<CliRequest, QuickRequest>;

export function isQuickRequest(request: CliRequest): request is QuickRequest {
  return ['help', 'version', 'hook', 'ctl'].includes(request.kind);
}

export const USAGE = `Usage: multibot-tui [options]            start a control room in this repository
       multibot-tui resume [SESSION]       reopen a session (default: the latest here)
       multibot-tui sessions               list sessions
       multibot-tui replay [SESSION]       replay a recorded session (default: the latest)
       multibot-tui export SESSION         write a session as one asciicast v2 file
       multibot-tui clean [--force]        remove worktrees of ended sessions
       multibot-tui config                 print the effective config and its sources
       multibot-tui ctl COMMAND [ARGS]     send a command to the running control room
       multibot-tui hook EVENT             forward an agent hook (reads JSON on stdin)

A terminal control room for coding agents: several workers, each in its own
pseudo-terminal and git worktree, shown side by side as live tiles.

Options:
  -w, --worker NAME=COMMAND   Run COMMAND (through sh -c) as a worker named NAME.
                              Repeat for more workers. Without it, the workers
                              come from the config.
  -l, --layout MODE           grid (default), columns or rows.
      --demo                  The built-in demo: three demo agents (coder, tester,
                              reviewer) in a scratch repository under the home,
                              working through a few tasks. No model needed.
      --base REF              Branch the workers' worktrees from REF
                              (default: the repository's current branch).
      --repo PATH             The git repository (default: the one containing
                              the current directory).
      --home DIR              Where sessions/ and worktrees/ live (default:
                              $MULTIBOT_HOME, else this package's directory when
                              writable, else ~/.multibot).
  -c, --config FILE           Read this config file after the others.
      --record-input          Also record what you type into workers (off by default:
                              it may hold passwords). Every session records each
                              pane's output under sessions/<id>/recordings.
      --budget-usd N          Hold dispatch and warn when the session's agents have
                              spent N dollars (from their transcripts).
      --force                 With clean: also discard worktrees holding changes.
      --speed X               With replay: start at X× (0.25 to 16; + and - change it).
      --from TIME|MARKER      With replay: start at a time (1:30, 90) or at the first
                              marker whose label starts with MARKER.
      --idle-limit S          With replay: play quiet stretches longer than S seconds
                              in S seconds.
  -w, --worker W              With export: only worker W's pane (its own cast).
  -o, --out FILE              With export: write to FILE (default: SESSION.cast).
  -h, --help                  Show this help.
  -v, --version               Show the version.

Keys: press ? in the control room for every key. q quits; i types into the
focused worker; Ctrl-b then Esc comes back.

Examples:
  multibot-tui --demo
  multibot-tui
  multibot-tui -w build='npm run build -- --watch' -w tests='npm test -- --watch'
  multibot-tui resume
  multibot-tui replay --speed 4 --idle-limit 2
  multibot-tui export 20250131-142501-k3xz && asciinema play 20250131-142501-k3xz.cast
`;

const LAYOUTS: readonly LayoutMode[] = ['grid', 'columns', 'rows'];
const WORKER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const SUBCOMMANDS = new Set(['run', 'resume', 'sessions', 'clean', 'config', 'replay', 'export']);

export const usageError = (message: string): UserError =>
  new UserError(`multibot-tui: ${message}\nRun multibot-tui --help for usage.`, 2);

function parseWorker(value: string): WorkerArg {
  const equals = value.indexOf('=');
  if (equals <= 0) throw usageError(`--worker wants NAME=COMMAND, got "${value}"`);
  const name = value.slice(0, equals);
  const commandLine = value.slice(equals + 1).trim();
  if (!WORKER_NAME.test(name)) {
    throw usageError(
      `worker name "${name}" is not valid: use 1–32 letters, digits, "_", "." or "-"`,
    );
  }
  if (!commandLine) throw usageError(`--worker ${name}= needs a command after "="`);
  return { name, commandLine };
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        worker: { type: 'string', short: 'w', multiple: true },
        layout: { type: 'string', short: 'l' },
        config: { type: 'string', short: 'c' },
        base: { type: 'string' },
        repo: { type: 'string' },
        home: { type: 'string' },
        force: { type: 'boolean' },
        demo: { type: 'boolean' },
        'record-input': { type: 'boolean' },
        'budget-usd': { type: 'string' },
        speed: { type: 'string' },
        from: { type: 'string' },
        'idle-limit': { type: 'string' },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw usageError(errorMessage(error));
  }
}

export function parseCli(argv: readonly string[]): CliRequest {
  const [first, ...rest] = argv;
  // The thin clients parse their own arguments: `ctl task add --role x` must not
  // be read as options of the control room.
  if (first === 'hook') return { kind: 'hook', args: rest };
  if (first === 'ctl') return { kind: 'ctl', args: rest };

  const { values, positionals } = parseOptions([...argv]);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command = 'run', ...operands] = positionals;
  if (!SUBCOMMANDS.has(command)) {
    throw usageError(`unknown command "${command}"`);
  }
  const common: CommonOptions = {
    home: values.home ?? null,
    repo: values.repo ?? null,
    config: values.config ?? null,
  };
  const refuse = (option: string, value: unknown) => {
    if (value !== undefined) throw usageError(`${option} does not apply to "${command}"`);
  };
  const maxOperands = command === 'resume' || command === 'replay' || command === 'export' ? 1 : 0;
  if (operands.length > maxOperands) {
    throw usageError(`unexpected argument "${operands[maxOperands]}"`);
  }
  if (command !== 'clean') refuse('--force', values.force);
  if (command !== 'run' && command !== 'resume') {
    refuse('--record-input', values['record-input']);
    refuse('--budget-usd', values['budget-usd']);
  }
  const budgetText = values['budget-usd'];
  const budgetUsd = budgetText === undefined ? null : Number(budgetText);
  if (budgetUsd !== null && !(Number.isFinite(budgetUsd) && budgetUsd > 0)) {
    throw usageError(`--budget-usd wants an amount in dollars above 0, got "${budgetText}"`);
  }
  if (command !== 'replay') {
    refuse('--speed', values.speed);
    refuse('--from', values.from);
    refuse('--idle-limit', values['idle-limit']);
  }
  if (command !== 'export') refuse('--out', values.out);
  if (command !== 'run') {
    refuse('--demo', values.demo);
    if (command !== 'export') refuse('--worker', values.worker);
    refuse('--layout', values.layout);
    refuse('--base', values.base);
  }
  switch (command) {
    case 'resume':
      return {
        kind: 'resume',
        session: operands[0] ?? null,
        recordInput: values['record-input'] ?? false,
        budgetUsd,
        ...common,
      };
    case 'sessions':
      return { kind: 'sessions', ...common };
    case 'clean':
      return { kind: 'clean', force: values.force ?? false, ...common };
    case 'config':
      return { kind: 'config', ...common };
    case 'replay':
      return {
        kind: 'replay',
        session: operands[0] ?? null,
        options: parseReplayOptions({
          speed: values.speed,
          from: values.from,
          idleLimit: values['idle-limit'],
        }),
        ...common,
      };
    case 'export': {
      const session = operands[0];
      if (session === undefined)
        throw usageError('export needs a SESSION (multibot-tui sessions lists them)');
      const workers = values.worker ?? [];
      if (workers.length > 1) throw usageError('export takes one --worker');
      return {
        kind: 'export',
        session,
        worker: workers[0] ?? null,
        out: values.out ?? null,
        ...common,
      };
    }
  }
  const layout = values.layout ?? null;
  if (layout !== null && !LAYOUTS.includes(layout as LayoutMode)) {
    throw usageError(`--layout must be one of ${LAYOUTS.join(', ')}, got "${layout}"`);
  }
  const workers = (values.worker ?? []).map(parseWorker);
  const names = new Set<string>();
  for (const worker of workers) {
    if (names.has(worker.name)) throw usageError(`two workers are named "${worker.name}"`);
    names.add(worker.name);
  }
  return {
    kind: 'run',
    workers,
    layout: layout as LayoutMode | null,
    base: values.base ?? null,
    demo: values.demo ?? false,
    recordInput: values['record-input'] ?? false,
    budgetUsd,
    ...common,
  };
}

import { parseArgs } from 'node:util';
import type { LayoutMode } from '../engine/commands.js';
import { UserError, errorMessage } from '../util/errors.js';

export interface WorkerArg {
  name: string;
  commandLine: string;
}

export interface CliOptions {
  kind: 'run';
  workers: WorkerArg[];
  layout: LayoutMode | null;
  config: string | null;
}

export type CliRequest = CliOptions | { kind: 'help' } | { kind: 'version' };

export const USAGE = `Usage: multibot-tui [options]

A terminal control room for coding agents: several workers, each in its own
pseudo-terminal, shown side by side as live tiles.

Options:
  -w, --worker NAME=COMMAND   Run COMMAND (through sh -c) as a worker named NAME.
                              Repeat for more workers. Without it, the workers
                              come from config/default.json.
  -l, --layout MODE           grid (default), columns or rows.
  -c, --config FILE           Read settings from FILE instead of config/default.json.
  -h, --help                  Show this help.
  -v, --version               Show the version.

Keys: press ? in the control room for every key. q quits; i types into the
focused worker; Ctrl-b then Esc comes back.

Examples:
  multibot-tui
  multibot-tui -w build='npm run build -- --watch' -w tests='npm test -- --watch'
`;

const LAYOUTS: readonly LayoutMode[] = ['grid', 'columns', 'rows'];
const WORKER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

const usageError = (message: string): UserError =>
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

export function parseCli(argv: readonly string[]): CliRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        worker: { type: 'string', short: 'w', multiple: true },
        layout: { type: 'string', short: 'l' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw usageError(errorMessage(error));
  }
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
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
    config: values.config ?? null,
  };
}

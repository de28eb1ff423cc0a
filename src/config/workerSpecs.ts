import type { WorkerArg } from '../cli/parseArgs.js';
import { shellWorkerSpec, type WorkerSpec } from '../engine/workerSpec.js';
import { UserError } from '../util/errors.js';
import { expandEnv } from './loadConfig.js';
import type { Config } from './schema.js';

/** `master` names the master pane in focus targets and commands. */
const RESERVED_NAMES = new Set(['master']);

function checkName(name: string, where: string): void {
  if (RESERVED_NAMES.has(name)) {
    throw new UserError(`${where}: the worker name "${name}" is reserved; choose another name.`);
  }
}

/** Workers from the command line: each a shell command line. */
export function specsFromArgs(workers: readonly WorkerArg[], cwd: string): WorkerSpec[] {
  return workers.map((worker) => {
    checkName(worker.name, '--worker');
    return shellWorkerSpec({
      id: worker.name,
      name: worker.name,
      commandLine: worker.commandLine,
      cwd,
    });
  });
}

/** Workers from the config's `workers` list, each started by its profile. */
export function specsFromConfig(
  config: Config,
  configPath: string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): WorkerSpec[] {
  const seen = new Set<string>();
  return config.workers.map((entry, index) => {
    const where = `${configPath}: workers.${index}`;
    checkName(entry.name, where);
    if (seen.has(entry.name))
      throw new UserError(`${where}: two workers are named "${entry.name}".`);
    seen.add(entry.name);
    const profile = config.profiles[entry.profile];
    if (!profile) {
      const known = Object.keys(config.profiles).join(', ') || 'none';
      throw new UserError(
        `${where}.profile: no profile "${entry.profile}" (profiles defined: ${known}).`,
      );
    }
    const file = expandEnv(profile.command, env);
    const args = profile.args.map((arg) => expandEnv(arg, env));
    return {
      id: entry.name,
      name: entry.name,
      commandLine: [file, ...args].join(' '),
      file,
      args,
      cwd,
      env: profile.env,
      viaShell: false,
      profile: entry.profile,
      worktree: null,
      branch: null,
    };
  });
}

import type { WorkerArg } from '../cli/parseArgs.js';
import { shellWorkerSpec, type WorkerSpec } from '../engine/workerSpec.js';
import { UserError } from '../util/errors.js';
import { expandEnv } from './loadConfig.js';
import { withRolePrompt } from './rolePrompts.js';
import { RESERVED_WORKER_NAMES, type Config } from './schema.js';

/** Workers from the command line: each a shell command line. */
export function specsFromArgs(workers: readonly WorkerArg[], cwd: string): WorkerSpec[] {
  return workers.map((worker) => {
    if (RESERVED_WORKER_NAMES.has(worker.name)) {
      throw new UserError(
        `--worker: the worker name "${worker.name}" is reserved; choose another name.`,
        2,
      );
    }
    return shellWorkerSpec({
      id: worker.name,
      name: worker.name,
      commandLine: worker.commandLine,
      cwd,
    });
  });
}

/**
 * Workers from the config's `workers` list, each started by its profile. The
 * config schema has already checked names and profiles, naming the file.
 */
export function specsFromConfig(
  config: Config,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): WorkerSpec[] {
  return config.workers.map((entry) => {
    const profile = config.profiles[entry.profile];
    if (!profile) throw new Error(`config validation let through unknown profile ${entry.profile}`);
    const file = expandEnv(profile.command, env);
    const args = profile.args.map((arg) => expandEnv(arg, env));
    const spec: WorkerSpec = {
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
      role: entry.role ?? null,
      promptDelivery: profile.promptDelivery,
      allowTools: profile.allowTools,
    };
    return withRolePrompt(spec, profile);
  });
}

/**
 * The arguments that continue an agent's own conversation: the profile's
 * `resumeArgs` with `{agentSessionId}` filled in, or null when the agent
 * cannot resume (no resume arguments, or its session id is unknown).
 */
export function resumeArgsFor(
  config: Config,
  profileName: string | null,
  agentSessionId: string | null,
  env: Readonly<Record<string, string | undefined>>,
): string[] | null {
  const profile = profileName ? config.profiles[profileName] : undefined;
  if (!profile?.resumeArgs || profile.resumeArgs.length === 0) return null;
  const needsId = profile.resumeArgs.some((arg) => arg.includes('{agentSessionId}'));
  if (needsId && !agentSessionId) return null;
  return profile.resumeArgs.map((arg) =>
    expandEnv(arg, env).replaceAll('{agentSessionId}', agentSessionId ?? ''),
  );
}

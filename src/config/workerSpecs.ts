import type { WorkerArg } from '../cli/parseArgs.js';
import { shellWorkerSpec, type WorkerSpec } from '../engine/workerSpec.js';
import { UserError } from '../util/errors.js';
import { expandEnv } from './loadConfig.js';
import { adapterKindFor } from '../agents/registry.js';
import { rolePromptFor } from './rolePrompts.js';
import { RESERVED_WORKER_NAMES, type Config, type Profile } from './schema.js';

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
  rolesDir?: string,
): WorkerSpec[] {
  return config.workers.map((entry) => {
    const profile = config.profiles[entry.profile];
    if (!profile) throw new Error(`config validation let through unknown profile ${entry.profile}`);
    const file = expandEnv(profile.command, env);
    const args = profile.args.map((arg) => expandEnv(arg, env));
    const base: WorkerSpec = {
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
    };
    const settings = profileSettings(base, entry.profile, profile, rolesDir);
    return { ...base, ...settings, args: [...args, ...(settings.agentArgs ?? [])] };
  });
}

/** What a profile decides about a worker beyond its command: the same on a fresh start and a resume. */
export type ProfileSettings = Pick<
  WorkerSpec,
  'promptDelivery' | 'allowTools' | 'trustOwnWorktree' | 'agentArgs' | 'firstPrompt'
>;

/**
 * The profile's settings for one worker. A resumed session takes them from
 * the config as it is now, so an edited profile applies after a resume too.
 * Model and permission mode are Claude Code flags: another agent given them
 * is a config mistake, said with the profile's name.
 */
export function profileSettings(
  spec: Pick<WorkerSpec, 'file' | 'args' | 'role'>,
  profileName: string,
  profile: Profile,
  rolesDir?: string,
): ProfileSettings {
  const agentArgs: string[] = [];
  const role = rolePromptFor(spec, profile, rolesDir);
  if (role && 'args' in role) agentArgs.push(...role.args);
  const claudeOnly = (
    [
      ['model', profile.model],
      ['permissionMode', profile.permissionMode],
    ] as const
  ).filter(([, value]) => value !== undefined);
  if (claudeOnly.length > 0 && adapterKindFor(spec.file, spec.args) !== 'claude') {
    const keys = claudeOnly.map(([key]) => `"${key}"`).join(' and ');
    throw new UserError(
      `profile "${profileName}": ${keys} only apply to Claude Code, and "${spec.file}" is not ` +
        `claude — remove ${claudeOnly.length > 1 ? 'them' : 'it'}, or put the flags in "args".`,
      2,
    );
  }
  if (profile.model !== undefined) agentArgs.push('--model', profile.model);
  if (profile.permissionMode !== undefined) {
    agentArgs.push('--permission-mode', profile.permissionMode);
  }
  return {
    promptDelivery: profile.promptDelivery,
    allowTools: profile.allowTools,
    trustOwnWorktree: profile.trustOwnWorktrees,
    ...(agentArgs.length > 0 ? { agentArgs } : {}),
    ...(role && 'firstPrompt' in role ? { firstPrompt: role.firstPrompt } : {}),
  };
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

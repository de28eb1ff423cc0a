import { specsFromConfig } from '../config/workerSpecs.js';
import type { WorkerSpec } from '../engine/workerSpec.js';
import type { WorktreeService } from '../git/worktreeService.js';
import { UserError } from '../util/errors.js';
import type { SessionContext } from './context.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/**
 * A worker started during a session (`/spawn PROFILE [NAME]`): its spec from
 * the profile, in a new worktree of its own when the session uses worktrees.
 */
export async function prepareSpawn(options: {
  context: SessionContext;
  sessionId: string;
  base: string;
  worktrees: WorktreeService | null;
  profile: string;
  name: string | undefined;
  taken: ReadonlySet<string>;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<WorkerSpec> {
  const { context, profile, taken } = options;
  if (!context.config.profiles[profile]) {
    const known = Object.keys(context.config.profiles).join(', ') || 'none';
    throw new UserError(`no profile "${profile}" (profiles: ${known})`);
  }
  const name = options.name ?? freeName(profile, taken);
  if (!NAME.test(name)) {
    throw new UserError(`"${name}" is not a worker name: use letters, digits, "_", "." or "-"`);
  }
  if (taken.has(name) || name === 'master')
    throw new UserError(`a worker named ${name} exists already`);
  const [spec] = specsFromConfig(
    { ...context.config, workers: [{ name, profile }] },
    context.workDir,
    options.env,
  );
  if (!spec) throw new Error('a profile gave no worker spec');
  if (!options.worktrees) return spec;
  const created = await options.worktrees.create({
    session: options.sessionId,
    worker: name,
    base: options.base,
  });
  return { ...spec, cwd: created.path, worktree: created.path, branch: created.branch };
}

/** coder, coder-2, coder-3, …: the first name not in use. */
function freeName(profile: string, taken: ReadonlySet<string>): string {
  const stem = profile.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 28) || 'worker';
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

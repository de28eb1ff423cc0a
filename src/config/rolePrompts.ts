import { adapterKindFor } from '../agents/registry.js';
import { loadRolePrompt } from '../agents/rolePrompt.js';
import type { WorkerSpec } from '../engine/workerSpec.js';
import type { Profile } from './schema.js';

/** How a worker's role prompt reaches its agent: as arguments, as a first prompt, or not. */
export type RolePromptDelivery = { args: string[] } | { firstPrompt: string } | null;

/**
 * A worker's role prompt, the way its profile says: as `--append-system-prompt`
 * (what Claude Code, and the demo agent, take), or as the first prompt it is
 * sent. Agents that take neither get no role prompt.
 */
export function rolePromptFor(
  spec: Pick<WorkerSpec, 'file' | 'args' | 'role'>,
  profile: Pick<Profile, 'rolePrompt'>,
  rolesDir?: string,
): RolePromptDelivery {
  if (!spec.role) return null;
  const kind = adapterKindFor(spec.file, spec.args);
  const how =
    profile.rolePrompt ?? (kind === 'claude' || kind === 'demo' ? 'append-system-prompt' : 'none');
  if (how === 'none') return null;
  const prompt = loadRolePrompt(spec.role, rolesDir);
  if (!prompt) return null;
  if (how === 'first-prompt') return { firstPrompt: prompt };
  return { args: ['--append-system-prompt', prompt] };
}

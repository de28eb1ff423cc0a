import { adapterKindFor } from '../agents/registry.js';
import { loadRolePrompt } from '../agents/rolePrompt.js';
import type { WorkerSpec } from '../engine/workerSpec.js';
import type { Profile } from './schema.js';

/**
 * Gives a worker's agent its role prompt, the way its profile says: as
 * `--append-system-prompt` (what Claude Code, and the demo agent, take), or as
 * the first prompt it is sent. Agents that take neither get no role prompt.
 */
export function withRolePrompt(
  spec: WorkerSpec,
  profile: Profile,
  rolesDir?: string,
): WorkerSpec & { firstPrompt?: string } {
  if (!spec.role) return spec;
  const kind = adapterKindFor(spec.file, spec.args);
  const how =
    profile.rolePrompt ?? (kind === 'claude' || kind === 'demo' ? 'append-system-prompt' : 'none');
  if (how === 'none') return spec;
  const prompt = loadRolePrompt(spec.role, rolesDir);
  if (!prompt) return spec;
  if (how === 'first-prompt') return { ...spec, firstPrompt: prompt };
  return { ...spec, args: [...spec.args, '--append-system-prompt', prompt] };
}

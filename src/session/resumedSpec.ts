import { profileSettings, resumeArgsFor } from '../config/workerSpecs.js';
import type { Config } from '../config/schema.js';
import type { WorkerSpec } from '../engine/workerSpec.js';

/**
 * How a saved worker starts again. Its profile's `resumeArgs` continue the
 * agent's own conversation when its session id is known; otherwise it starts
 * fresh with its saved arguments. Either way the profile's settings come from
 * the config as it is now, and the arguments those settings add (role prompt,
 * model, permission mode) go with the resume arguments too.
 */
export function resumedSpec(
  saved: WorkerSpec,
  config: Config,
  agentSessionId: string | null,
  env: Readonly<Record<string, string | undefined>>,
): { spec: WorkerSpec; continues: boolean } {
  const profile = saved.profile ? config.profiles[saved.profile] : undefined;
  const settings =
    saved.profile && profile ? profileSettings(saved, saved.profile, profile) : undefined;
  const resumeArgs = resumeArgsFor(config, saved.profile, agentSessionId, env);
  if (resumeArgs) {
    // The conversation goes on: a role prompt sent as its first prompt was sent then.
    const args = [...resumeArgs, ...(settings?.agentArgs ?? [])];
    return { spec: { ...saved, ...settings, firstPrompt: undefined, args }, continues: true };
  }
  const args = saved.args.filter((_, i, all) => !isSessionFlag(all, i));
  return { spec: { ...saved, ...settings, args }, continues: false };
}

/**
 * A Claude Code session id from the last run must not be reused for a fresh
 * start (it would clash with its transcript); without resume arguments the
 * agent starts a new conversation with a new id.
 */
function isSessionFlag(args: readonly string[], index: number): boolean {
  return args[index] === '--session-id' || args[index - 1] === '--session-id';
}

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { hookSettings, shellQuote } from '../agents/claude/launch.js';
import { adapterKindFor } from '../agents/registry.js';
import type { WorkerSpec } from '../engine/workerSpec.js';

/**
 * Where the `multibot-tui` shim for workers lives (see cliShim.ts): under the
 * home's `sessions/`, which every tool ignores — in a checkout the home is the
 * package itself, and its own `bin/` must stay as it is.
 */
export const cliShimPath = (home: string): string => join(home, 'sessions', '.bin', 'multibot-tui');

/**
 * Claude Code workers start with a session id the control room chooses (so
 * its transcript path is known and a resume continues the same conversation)
 * and with `--settings` installing hooks that report to this control room.
 * Other agents are left as their profile starts them.
 */
export function withAgentLaunch(
  spec: WorkerSpec,
  home: string,
  knownSessionId: string | null = null,
): { spec: WorkerSpec; agentSessionId: string | null } {
  if (adapterKindFor(spec.file, spec.args) !== 'claude') {
    return { spec, agentSessionId: knownSessionId };
  }
  const settings = hookSettings(`${shellQuote(cliShimPath(home))} hook`, { timeoutSec: 5 });
  const args = [...spec.args];
  let agentSessionId = knownSessionId;
  if (!args.includes('--resume') && !args.includes('--session-id')) {
    agentSessionId = randomUUID();
    args.push('--session-id', agentSessionId);
  }
  if (!args.includes('--settings')) args.push('--settings', settings);
  return { spec: { ...spec, args }, agentSessionId };
}

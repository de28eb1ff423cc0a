import type { RunOptions } from '../cli/parseArgs.js';
import { demoProfiles, demoTasks, demoWorkers, prepareDemoRepo } from '../agents/demo/demoSetup.js';
import type { Command } from '../engine/commands.js';
import { resolveHomeHere } from '../persistence/home.js';
import { packageRoot } from '../util/packageRoot.js';
import { ensureCliShim } from './cliShim.js';
import { resolveContext, type SessionContext } from './context.js';

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * `--demo`: a scratch repository under the home, three demo agents (coder,
 * tester, reviewer) speaking the same hook protocol as Claude Code, and a
 * handful of tasks with dependencies — the whole loop, no model needed.
 */
export async function demoContext(
  options: RunOptions,
  io: { cwd: string; env: Readonly<Record<string, string | undefined>> },
): Promise<{ context: SessionContext; tasks: Command[] }> {
  const { home } = resolveHomeHere({
    flag: options.home ?? undefined,
    env: io.env,
    cwd: io.cwd,
  });
  const { repoRoot } = await prepareDemoRepo({ home });
  const context = await resolveContext({ ...options, repo: repoRoot }, io);
  const shim = await ensureCliShim(home);
  const profiles = demoProfiles({
    nodePath: process.execPath,
    packageRoot: packageRoot(),
    hookCommand: `${quote(shim.command)} hook`,
  });
  const config = {
    ...context.config,
    profiles: { ...context.config.profiles, ...profiles },
    workers: options.workers.length ? context.config.workers : demoWorkers(),
  };
  const tasks: Command[] = demoTasks().map((task) => ({
    type: 'task.add',
    title: task.title,
    brief: task.brief,
    role: task.role,
    after: task.after,
  }));
  return { context: { ...context, config, label: 'demo' }, tasks };
}

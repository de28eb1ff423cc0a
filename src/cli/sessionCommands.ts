import type { CommonOptions } from '../cli/parseArgs.js';
import { describeConfig } from '../config/describeConfig.js';
import { loadEffectiveConfig } from '../config/layers.js';
import { configPaths } from '../config/paths.js';
import { probeRepository } from '../git/repository.js';
import { listSessions, processIsAlive } from '../persistence/sessionIndex.js';
import { resolveContext, worktreeServiceFor } from '../session/context.js';
import { UserError } from '../util/errors.js';

export interface Output {
  write(text: string): void;
}

interface Environment {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  out: Output;
}

/** `multibot-tui sessions`: every session under the home, newest first. */
export async function listSessionsCommand(
  options: CommonOptions,
  { cwd, env, out }: Environment,
): Promise<number> {
  const context = await resolveContext(options, { cwd, env });
  const sessions = await listSessions(context.home);
  if (sessions.length === 0) {
    out.write(`No sessions in ${context.home.sessionsDir} yet.\n`);
    return 0;
  }
  const rows = sessions.map((entry) => {
    if (entry.kind === 'unreadable')
      return [entry.id, '?', '?', '?', `unreadable: ${entry.problem}`];
    const ended =
      entry.ended === 'running'
        ? entry.pid !== null && processIsAlive(entry.pid)
          ? 'running now'
          : 'did not end cleanly'
        : `${entry.ended}${entry.endedAt ? ` ${formatTime(entry.endedAt)}` : ''}`;
    const here = entry.repoRoot === context.workDir ? ' *' : '';
    return [
      entry.id,
      `${entry.repoName}${here}`,
      formatTime(entry.startedAt),
      String(entry.workers),
      ended,
    ];
  });
  out.write(table(['SESSION', 'REPOSITORY', 'STARTED', 'WORKERS', 'ENDED'], rows));
  out.write(
    `\n* this repository (${context.workDir}). Resume one with multibot-tui resume SESSION.\n`,
  );
  return 0;
}

/**
 * `multibot-tui clean`: removes the worktrees and branches of this
 * repository's ended sessions — only those holding no work, unless --force.
 */
export async function cleanCommand(
  options: CommonOptions & { force: boolean },
  { cwd, env, out }: Environment,
): Promise<number> {
  const context = await resolveContext(options, { cwd, env });
  const worktrees = worktreeServiceFor(context);
  if (!worktrees) {
    out.write('Worktrees are turned off in the config: nothing to clean.\n');
    return 0;
  }
  const sessions = await listSessions(context.home, { repoRoot: context.workDir });
  const ended = sessions.flatMap((entry) =>
    entry.kind === 'session' &&
    !(entry.pid !== null && entry.ended === 'running' && processIsAlive(entry.pid))
      ? [entry.id]
      : [],
  );
  const reports = await worktrees.prune(ended, { force: options.force });
  if (reports.length === 0) {
    out.write('No worktrees of ended sessions to clean.\n');
    return 0;
  }
  let kept = 0;
  for (const report of reports) {
    const where = `${report.session}/${report.worker} (${report.branch})`;
    if (report.removed) out.write(`removed  ${where}\n`);
    else {
      kept++;
      out.write(`kept     ${where}: ${report.reason ?? 'it holds work'}\n`);
    }
  }
  if (kept > 0 && !options.force) {
    out.write(
      `\n${kept} kept because they hold work. Merge it, or run multibot-tui clean --force to discard it.\n`,
    );
  }
  return 0;
}

/** `multibot-tui config`: the effective config and where each value came from. */
export async function configCommand(
  options: CommonOptions,
  { cwd, env, out }: Environment,
): Promise<number> {
  let repoRoot: string | null = null;
  try {
    repoRoot = (await probeRepository(options.repo ?? cwd)).root;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
  }
  const effective = loadEffectiveConfig(
    configPaths({ repoRoot, explicit: options.config, cwd, env }),
  );
  out.write(describeConfig(effective));
  return 0;
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

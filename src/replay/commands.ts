import { basename, resolve } from 'node:path';
import { probeRepository } from '../git/repository.js';
import { paths, resolveHomeHere, type HomePaths } from '../persistence/home.js';
import { UserError } from '../util/errors.js';
import { defaultExportName, exportSession, type ExportResult } from './exportCast.js';
import { findReplaySession } from './replaySession.js';
import { runReplay, type ReplayOptions, type RunReplayOptions } from './runReplay.js';
import { formatClock } from './timeFormat.js';

/** Where sessions are (`--home`), and which repository "the latest session" is of. */
export interface WhereOptions {
  home: string | null;
  repo: string | null;
}

interface Environment {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The home holding `sessions/`, as the control room finds it, and the repository here
 * if there is one: replaying needs neither a repository nor a config.
 */
export async function resolveReplayHome(
  options: WhereOptions,
  { cwd, env }: Environment,
): Promise<{ home: HomePaths; repoRoot: string | null }> {
  const { home } = resolveHomeHere({
    flag: options.home ?? undefined,
    env,
    cwd,
  });
  let repoRoot: string | null = null;
  try {
    repoRoot = (await probeRepository(resolve(cwd, options.repo ?? '.'))).root;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
  }
  return { home: paths(home), repoRoot };
}

/** `multibot-tui replay [SESSION] [--speed X] [--from TIME|MARKER] [--idle-limit S]`. */
export async function replayCommand(
  request: WhereOptions & { session: string | null; options: ReplayOptions },
  io: Environment & Pick<RunReplayOptions, 'stdin' | 'stdout' | 'renderChrome'>,
): Promise<number> {
  const { home, repoRoot } = await resolveReplayHome(request, io);
  const sessionDir = await findReplaySession(home, request.session, repoRoot);
  return runReplay({
    sessionDir,
    stdin: io.stdin,
    stdout: io.stdout,
    options: request.options,
    renderChrome: io.renderChrome,
  });
}

/** `multibot-tui export SESSION [--worker W] [--out FILE]`. */
export async function exportCommand(
  request: WhereOptions & { session: string; worker: string | null; out: string | null },
  io: Environment & { out: { write(text: string): void } },
): Promise<number> {
  const { home } = await resolveReplayHome(request, io);
  const sessionDir = await findReplaySession(home, request.session);
  const file = resolve(
    io.cwd,
    request.out ?? defaultExportName(basename(sessionDir), request.worker),
  );
  const result = await exportSession({ sessionDir, worker: request.worker, out: file });
  io.out.write(exportReport(result, request.worker));
  return 0;
}

/** What was written, how to play it, and what was wrong with the recordings. */
export function exportReport(result: ExportResult, worker: string | null): string {
  const what =
    result.kind === 'pane'
      ? `pane ${worker ?? ''}`.trim()
      : `the whole room at ${result.screen.cols}×${result.screen.rows}`;
  const lines = [
    `Wrote ${result.file}: ${what}, ${formatClock(result.durationMs)} long, ${result.events} events.`,
    `Play it with: asciinema play ${result.file}`,
    ...result.issues.map((issue) => `  ▲ ${issue.file}: ${issue.message}`),
  ];
  return `${lines.join('\n')}\n`;
}

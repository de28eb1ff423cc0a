import { resolve } from 'node:path';
import type { CommonOptions } from '../cli/parseArgs.js';
import { loadEffectiveConfig, type EffectiveConfig } from '../config/layers.js';
import { configPaths } from '../config/paths.js';
import type { Config } from '../config/schema.js';
import { createSimpleGitClient } from '../git/gitClient.js';
import { inspectRepository, probeRepository, type WorkableRepo } from '../git/repository.js';
import { WorktreeService } from '../git/worktreeService.js';
import { paths, resolveHomeHere, type HomePaths } from '../persistence/home.js';
import { UserError } from '../util/errors.js';

/** Where a control room lives and works: its home, its repository, its config. */
export interface SessionContext {
  home: HomePaths;
  /** The repository workers branch from; null when worktrees are off and there is none. */
  repo: WorkableRepo | null;
  /** The repository's root, or the working directory when there is no repository. */
  workDir: string;
  repoName: string;
  effective: EffectiveConfig;
  config: Config;
  /** "demo" for the built-in demo. */
  label?: string;
}

export interface ContextOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export async function resolveContext(
  options: CommonOptions,
  { cwd, env }: ContextOptions,
): Promise<SessionContext> {
  const { home } = resolveHomeHere({
    flag: options.home ?? undefined,
    env,
    cwd,
  });
  const target = resolve(cwd, options.repo ?? '.');
  let repoRoot: string | null = null;
  let noRepo: UserError | null = null;
  try {
    repoRoot = (await probeRepository(target)).root;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    noRepo = error;
  }
  const effective = loadEffectiveConfig(
    configPaths({ repoRoot, explicit: options.config, cwd, env }),
  );
  const config = effective.config;
  if (!config.worktrees) {
    const workDir = repoRoot ?? target;
    return {
      home: paths(home),
      repo: null,
      workDir,
      repoName: workDir.split('/').filter(Boolean).pop() ?? 'workdir',
      effective,
      config,
    };
  }
  if (noRepo) {
    throw new UserError(
      `${noRepo.message}\nEach worker gets its own git worktree; to run workers in the ` +
        `current directory instead, set "worktrees": false in a config file (see multibot-tui config).`,
    );
  }
  const repo = await inspectRepository(target);
  return { home: paths(home), repo, workDir: repo.root, repoName: repo.name, effective, config };
}

/** The worktree service for this context, or null when workers share the work directory. */
export function worktreeServiceFor(context: SessionContext): WorktreeService | null {
  if (!context.repo) return null;
  return new WorktreeService({
    git: createSimpleGitClient(context.repo.root),
    repoRoot: context.repo.root,
    worktreesRoot: context.home.worktreesDir,
    createClient: createSimpleGitClient,
    copyIntoWorktree: context.config.copyIntoWorktree,
  });
}

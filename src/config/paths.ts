import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { packageRoot } from '../util/packageRoot.js';

/** The config files, in the order they are merged; null: that layer is not read. */
export interface ConfigPaths {
  /** The checked-in defaults; must exist. */
  defaultPath: string;
  /** The user's own settings; skipped when absent. */
  userPath: string | null;
  /** The repository's `.multibot.json`; skipped when absent. */
  repoPath: string | null;
  /** `--config FILE`, read last; must exist. */
  explicitPath: string | null;
}

export const defaultConfigPath = (): string => join(packageRoot(), 'config', 'default.json');

/** `$XDG_CONFIG_HOME/multibot-tui/config.json`, else under `~/.config`. */
export function userConfigPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = homedir(),
): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG base directory spec says a relative value is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.config');
  return join(base, 'multibot-tui', 'config.json');
}

export const repoConfigPath = (repoRoot: string): string => join(repoRoot, '.multibot.json');

/** The standard four layers for a repository (null: not in one) and an optional `--config`. */
export function configPaths(options: {
  repoRoot: string | null;
  explicit: string | null;
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  home?: string;
}): ConfigPaths {
  return {
    defaultPath: defaultConfigPath(),
    userPath: userConfigPath(options.env, options.home),
    repoPath: options.repoRoot === null ? null : repoConfigPath(options.repoRoot),
    explicitPath:
      options.explicit === null ? null : resolve(options.cwd ?? process.cwd(), options.explicit),
  };
}

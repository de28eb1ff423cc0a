import { loadEffectiveConfig } from './layers.js';
import type { Config } from './schema.js';

export { defaultConfigPath } from './paths.js';

/**
 * One config file on its own, checked with the full schema and its defaults.
 * Kept for src/cli.tsx until it adopts `loadEffectiveConfig` (layers.ts).
 */
export function loadConfigFile(path: string): Config {
  return loadEffectiveConfig({
    defaultPath: path,
    userPath: null,
    repoPath: null,
    explicitPath: null,
  }).config;
}

/** Expands `$NAME` and `${NAME:-fallback}` the way a shell would, for profile commands. */
export function expandEnv(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (
      _match,
      braced: string | undefined,
      fallback: string | undefined,
      bare: string | undefined,
    ) => {
      const value = env[braced ?? bare ?? ''];
      return value !== undefined && value !== '' ? value : (fallback ?? '');
    },
  );
}

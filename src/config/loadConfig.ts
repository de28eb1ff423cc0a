import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { UserError, errorMessage } from '../util/errors.js';
import { packageRoot } from '../util/packageRoot.js';
import { configSchema, type Config } from './schema.js';

export const defaultConfigPath = (): string => join(packageRoot(), 'config', 'default.json');

const describeIssues = (path: string, error: z.ZodError): string =>
  error.issues
    .map((issue) => {
      const key = issue.path.length ? issue.path.join('.') : '(top level)';
      return `  ${key}: ${issue.message}`;
    })
    .join('\n');

/** Reads and validates one config file; every problem names the file and the key. */
export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read config file ${path}: ${errorMessage(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `Config file ${path} is not valid JSON: ${errorMessage(error)}\nFix the file, or remove it to use the defaults.`,
    );
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    throw new UserError(
      `Config file ${path} has invalid values:\n${describeIssues(path, parsed.error)}`,
    );
  }
  return parsed.data;
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

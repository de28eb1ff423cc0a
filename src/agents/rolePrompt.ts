import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { packageRoot } from '../util/packageRoot.js';

/**
 * Role prompts: `config/roles/<role>.md`, given to a worker's agent (Claude
 * Code: `--append-system-prompt`) so it knows its job and how to report.
 */

const ROLE_FILE_SUFFIX = '.md';
/** A plain file name: no separators, no "..", nothing hidden. */
const ROLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The checked-in roles, beside the code (the same from src/ and from dist/). */
export function defaultRolesDir(): string {
  return join(packageRoot(), 'config', 'roles');
}

/**
 * The prompt for `role`, trimmed; null when there is no such file. A name
 * that is not a plain word is refused, so a role can never read outside
 * `rolesDir` ("../../etc/passwd"). `Coder` finds coder.md.
 */
export function loadRolePrompt(role: string, rolesDir = defaultRolesDir()): string | null {
  if (!ROLE_NAME.test(role)) {
    throw new UserError(
      `role "${role}" is not a plain name: use letters, digits, "-" or "_", like "coder"`,
    );
  }
  const candidates = role === role.toLowerCase() ? [role] : [role, role.toLowerCase()];
  for (const name of candidates) {
    const text = readIfExists(join(rolesDir, `${name}${ROLE_FILE_SUFFIX}`));
    if (text !== null) return text.trim();
  }
  return null;
}

/** The roles `rolesDir` has prompts for, sorted; [] when it does not exist. */
export function listRoles(rolesDir = defaultRolesDir()): string[] {
  let entries: string[];
  try {
    entries = readdirSync(rolesDir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.endsWith(ROLE_FILE_SUFFIX))
    .map((entry) => entry.slice(0, -ROLE_FILE_SUFFIX.length))
    .filter((name) => ROLE_NAME.test(name))
    .sort();
}

function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Missing file, or a missing or non-directory folder on the way: "no such role". */
const isMissing = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

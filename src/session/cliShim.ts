import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cliShimPath } from './agentLaunch.js';
import { packageRoot } from '../util/packageRoot.js';

/**
 * A `multibot-tui` command for the workers: agents are told to run
 * `multibot-tui ctl report …` and hooks call `multibot-tui hook …`, which must
 * work whether or not the package is installed globally. The shim's folder
 * (see cliShimPath) goes first on each worker's PATH.
 */
export async function ensureCliShim(home: string): Promise<{ dir: string; command: string }> {
  const command = cliShimPath(home);
  const dir = dirname(command);
  const cli = join(packageRoot(), 'bin', 'multibot-tui.js');
  const script = `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(cli)} "$@"\n`;
  const current = await readFile(command, 'utf8').catch(() => null);
  if (current !== script) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = `${command}.${process.pid}.tmp`;
    await writeFile(temp, script, { mode: 0o755 });
    await chmod(temp, 0o755);
    await rename(temp, command);
  }
  return { dir, command };
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

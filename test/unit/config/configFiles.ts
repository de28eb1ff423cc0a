import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary directory to write config files into, as text or as JSON. */
export interface ConfigDir {
  root: string;
  write(relativePath: string, content: unknown): string;
  cleanup(): void;
}

export function createConfigDir(): ConfigDir {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'multibot-config-')));
  return {
    root,
    write(relativePath, content) {
      const path = join(root, relativePath);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(
        path,
        typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
      );
      return path;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

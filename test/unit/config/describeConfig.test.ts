import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeConfig } from '../../../src/config/describeConfig.js';
import { loadEffectiveConfig } from '../../../src/config/layers.js';
import { createConfigDir, type ConfigDir } from './configFiles.js';

let dir: ConfigDir;
beforeEach(() => {
  dir = createConfigDir();
});
afterEach(() => dir.cleanup());

describe('describeConfig', () => {
  it('lists the files looked for and each setting with the layer that set it', () => {
    const defaultPath = dir.write('default.json', {
      scrollback: 1000,
      profiles: { claude: { command: 'claude', args: ['-v'], env: { API_TOKEN: 'sekrit' } } },
      workers: [{ name: 'one', profile: 'claude' }],
    });
    const repoPath = dir.write('repo/.multibot.json', { scrollback: 42 });
    const text = describeConfig(
      loadEffectiveConfig({
        defaultPath,
        userPath: `${dir.root}/user/config.json`,
        repoPath,
        explicitPath: null,
      }),
    );
    const lines = text.split('\n');

    expect(lines).toContain(`  default   ${defaultPath}`);
    expect(lines).toContain(`  user      ${dir.root}/user/config.json  (absent)`);
    expect(lines).toContain(`  repo      ${repoPath}`);
    const line = (key: string) => lines.find((l) => l.startsWith(`  ${key} `)) ?? '';
    expect(line('scrollback')).toMatch(/= 42 +\(repo\)$/);
    expect(line('killGraceMs')).toMatch(/= 3000 +\(built-in\)$/);
    expect(line('profiles.claude.args')).toMatch(/= \["-v"\] +\(default\)$/);
    expect(line('workers.0.name')).toMatch(/= "one" +\(default\)$/);
    expect(line('profiles.claude.env.API_TOKEN')).toContain('(hidden)');
    expect(text).not.toContain('sekrit');
    // One column for values, so the sources line up.
    const sourceColumns = new Set(
      lines.filter((l) => l.includes(' = ')).map((l) => l.lastIndexOf('(')),
    );
    expect(sourceColumns.size).toBe(1);
  });
});

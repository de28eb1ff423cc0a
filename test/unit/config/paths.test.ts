import { describe, expect, it } from 'vitest';
import {
  configPaths,
  defaultConfigPath,
  repoConfigPath,
  userConfigPath,
} from '../../../src/config/paths.js';

describe('config paths', () => {
  it('puts the user file under XDG_CONFIG_HOME when it is set', () => {
    expect(userConfigPath({ XDG_CONFIG_HOME: '/xdg' }, '/home/ann')).toBe(
      '/xdg/multibot-tui/config.json',
    );
  });

  it('falls back to ~/.config when XDG_CONFIG_HOME is unset, empty or relative', () => {
    const expected = '/home/ann/.config/multibot-tui/config.json';
    expect(userConfigPath({}, '/home/ann')).toBe(expected);
    expect(userConfigPath({ XDG_CONFIG_HOME: '' }, '/home/ann')).toBe(expected);
    expect(userConfigPath({ XDG_CONFIG_HOME: 'relative/dir' }, '/home/ann')).toBe(expected);
  });

  it('builds the four layers, resolving --config against the working directory', () => {
    expect(
      configPaths({
        repoRoot: '/src/project',
        explicit: 'extra.json',
        cwd: '/src/project/sub',
        env: {},
        home: '/home/ann',
      }),
    ).toEqual({
      defaultPath: defaultConfigPath(),
      userPath: '/home/ann/.config/multibot-tui/config.json',
      repoPath: '/src/project/.multibot.json',
      explicitPath: '/src/project/sub/extra.json',
    });
    expect(configPaths({ repoRoot: null, explicit: null, env: {}, home: '/h' })).toMatchObject({
      repoPath: null,
      explicitPath: null,
    });
    expect(repoConfigPath('/r')).toBe('/r/.multibot.json');
  });
});

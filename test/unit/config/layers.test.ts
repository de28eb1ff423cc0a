import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEffectiveConfig } from '../../../src/config/layers.js';
import { defaultConfigPath, type ConfigPaths } from '../../../src/config/paths.js';
import { UserError } from '../../../src/util/errors.js';
import { createConfigDir, type ConfigDir } from './configFiles.js';

const BASE = {
  $schema: './config.schema.json',
  scrollback: 1000,
  layout: 'grid',
  copyIntoWorktree: ['.env'],
  profiles: {
    claude: {
      command: 'claude',
      args: ['--verbose'],
      resumeArgs: ['--resume', '{agentSessionId}'],
      env: { A: '1', B: '2' },
    },
    shell: { command: 'bash' },
  },
  workers: [{ name: 'one', profile: 'claude' }],
};

let dir: ConfigDir;
beforeEach(() => {
  dir = createConfigDir();
});
afterEach(() => dir.cleanup());

const pathsFor = (overrides: Partial<ConfigPaths> = {}): ConfigPaths => ({
  defaultPath: dir.write('default.json', BASE),
  userPath: `${dir.root}/xdg/multibot-tui/config.json`,
  repoPath: `${dir.root}/repo/.multibot.json`,
  explicitPath: null,
  ...overrides,
});

const errorOf = (paths: ConfigPaths): string => {
  try {
    loadEffectiveConfig(paths);
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  throw new Error('expected a UserError');
};

describe('loadEffectiveConfig', () => {
  it('loads the checked-in defaults on their own', () => {
    const { config, files } = loadEffectiveConfig({
      defaultPath: defaultConfigPath(),
      userPath: null,
      repoPath: null,
      explicitPath: null,
    });
    expect(files).toEqual([defaultConfigPath()]);
    expect(config.worktrees).toBe(true);
    expect(config.copyIntoWorktree).toEqual([]);
    expect(config.profiles.shell?.promptDelivery).toBe('paste');
    expect(config.workers.map((worker) => worker.name)).toEqual(['shell-1', 'shell-2']);
  });

  it('merges default, user, repo and explicit files in that order and records each source', () => {
    const paths = pathsFor();
    dir.write('xdg/multibot-tui/config.json', {
      scrollback: 2000,
      layout: 'rows',
      profiles: { claude: { args: ['--model', 'opus'], env: { B: 'user' } } },
    });
    dir.write('repo/.multibot.json', {
      layout: 'columns',
      copyIntoWorktree: ['.env.local'],
      profiles: { claude: { promptDelivery: 'type' }, extra: { command: 'aider' } },
      workers: [{ name: 'two', profile: 'extra' }],
    });
    const explicit = dir.write('explicit.json', { layout: 'grid', worktrees: false });

    const { config, sources, files, layers } = loadEffectiveConfig({
      ...paths,
      explicitPath: explicit,
    });

    expect(files).toEqual([paths.defaultPath, paths.userPath, paths.repoPath, explicit]);
    expect(layers.map((layer) => [layer.layer, layer.found])).toEqual([
      ['default', true],
      ['user', true],
      ['repo', true],
      ['explicit', true],
    ]);
    expect(config).toMatchObject({
      scrollback: 2000,
      layout: 'grid',
      worktrees: false,
      copyIntoWorktree: ['.env.local'],
      workers: [{ name: 'two', profile: 'extra' }],
    });
    // Profiles merge per name and per field; arrays are replaced whole.
    expect(config.profiles.claude).toEqual({
      command: 'claude',
      args: ['--model', 'opus'],
      resumeArgs: ['--resume', '{agentSessionId}'],
      env: { A: '1', B: 'user' },
      promptDelivery: 'type',
      allowTools: [],
      trustOwnWorktrees: true,
    });
    expect(config.profiles.extra).toEqual({
      command: 'aider',
      args: [],
      env: {},
      promptDelivery: 'paste',
      allowTools: [],
      trustOwnWorktrees: true,
    });
    expect(config).not.toHaveProperty('$schema');

    expect(sources).toMatchObject({
      scrollback: paths.userPath,
      layout: explicit,
      worktrees: explicit,
      copyIntoWorktree: paths.repoPath,
      workers: paths.repoPath,
      'profiles.claude.command': paths.defaultPath,
      'profiles.claude.args': paths.userPath,
      'profiles.claude.env.A': paths.defaultPath,
      'profiles.claude.env.B': paths.userPath,
      'profiles.claude.promptDelivery': paths.repoPath,
      'profiles.extra.command': paths.repoPath,
    });
    expect(sources).not.toHaveProperty('profiles.extra.args');
    expect(sources).not.toHaveProperty('$schema');
  });

  it('skips user and repo files that do not exist, and says so', () => {
    const paths = pathsFor();
    const effective = loadEffectiveConfig(paths);
    expect(effective.files).toEqual([paths.defaultPath]);
    expect(effective.layers).toEqual([
      { layer: 'default', path: paths.defaultPath, found: true },
      { layer: 'user', path: paths.userPath, found: false },
      { layer: 'repo', path: paths.repoPath, found: false },
    ]);
  });

  it('reads a file named twice only once', () => {
    const paths = pathsFor();
    dir.write('repo/.multibot.json', { scrollback: 7 });
    const effective = loadEffectiveConfig({ ...paths, explicitPath: paths.repoPath });
    expect(effective.files).toEqual([paths.defaultPath, paths.repoPath]);
    expect(effective.config.scrollback).toBe(7);
  });

  it('fails when the --config file does not exist', () => {
    const missing = `${dir.root}/nowhere.json`;
    const message = errorOf(pathsFor({ explicitPath: missing }));
    expect(message).toContain(missing);
    expect(message).toContain('does not exist');
    expect(message).toContain('--config');
  });

  it('fails when the defaults are missing', () => {
    const message = errorOf({ ...pathsFor(), defaultPath: `${dir.root}/gone.json` });
    expect(message).toContain(`${dir.root}/gone.json does not exist`);
  });

  it('names the file, the dotted key and the problem for a value of the wrong type', () => {
    const paths = pathsFor();
    dir.write('xdg/multibot-tui/config.json', { profiles: { claude: { args: ['ok', 3] } } });
    const message = errorOf(paths);
    expect(message).toContain(`Config file ${paths.userPath} is invalid`);
    expect(message).toContain('profiles.claude.args.1: expected string, found 3');
  });

  it('lists the known keys for an unknown key, and suggests the close one', () => {
    const paths = pathsFor();
    dir.write('repo/.multibot.json', { profiles: { claude: { argz: [] } }, scrollbak: 5 });
    const message = errorOf(paths);
    expect(message).toContain(paths.repoPath);
    expect(message).toMatch(
      /profiles\.claude\.argz: unknown key — did you mean "args"\? Known keys here: description, command, args, resumeArgs, env, allowTools, rolePrompt, model, permissionMode, trustOwnWorktrees, promptDelivery\./,
    );
    expect(message).toMatch(
      /scrollbak: unknown key — did you mean "scrollback"\? Known keys here: .*prefixKey/,
    );
  });

  it('names the allowed values of an enum', () => {
    const paths = pathsFor();
    dir.write('repo/.multibot.json', { profiles: { claude: { promptDelivery: 'pasted' } } });
    const message = errorOf(paths);
    expect(message).toContain(paths.repoPath);
    expect(message).toContain(
      'profiles.claude.promptDelivery: expected one of "paste", "type", "none" (found "pasted") — did you mean "paste"?',
    );
  });

  it('gives the line and column of malformed JSON', () => {
    const paths = pathsFor();
    dir.write('repo/.multibot.json', '{\n  "layout": "rows",\n  "scrollback" 10\n}\n');
    const message = errorOf(paths);
    expect(message).toContain(
      `${paths.repoPath}:3:16: not valid JSON: expected ":" after the property name`,
    );
    expect(message).toContain('    "scrollback" 10\n                   ^');
  });

  it('reports every broken file at once, each under its own name', () => {
    const paths = pathsFor();
    dir.write('xdg/multibot-tui/config.json', { layout: 'diagonal' });
    dir.write('repo/.multibot.json', { killGraceMs: 'soon' });
    const message = errorOf(paths);
    expect(message).toContain(
      `Config file ${paths.userPath} is invalid:\n  layout: expected one of`,
    );
    expect(message).toContain(
      `Config file ${paths.repoPath} is invalid:\n  killGraceMs: expected number`,
    );
  });

  it('blames the file behind a problem only the merged config shows', () => {
    const paths = pathsFor();
    dir.write('xdg/multibot-tui/config.json', { profiles: { half: { args: ['-x'] } } });
    dir.write('repo/.multibot.json', { workers: [{ name: 'w', profile: 'claud' }] });
    const message = errorOf(paths);
    expect(message).toContain(`${paths.userPath}: profiles.half.command: missing; expected string`);
    dir.write('xdg/multibot-tui/config.json', {});
    expect(errorOf(paths)).toContain(
      `${paths.repoPath}: workers.0.profile: no profile "claud" — did you mean "claude"?`,
    );
  });

  it('rejects duplicate and reserved worker names', () => {
    const paths = pathsFor();
    dir.write('repo/.multibot.json', {
      workers: [
        { name: 'master', profile: 'shell' },
        { name: 'a', profile: 'shell' },
        { name: 'a', profile: 'shell' },
      ],
    });
    const message = errorOf(paths);
    expect(message).toContain('workers.0.name: the name "master" is reserved');
    expect(message).toContain('workers.2.name: two workers are named "a"');
  });

  it('keeps copied paths inside the repository', () => {
    const paths = pathsFor();
    dir.write('repo/.multibot.json', {
      copyIntoWorktree: ['../secrets', '/etc/passwd', 'ok/.env'],
    });
    const message = errorOf(paths);
    expect(message).toContain('copyIntoWorktree.0: use a path relative to the repository root');
    expect(message).toContain('copyIntoWorktree.1: use a path relative to the repository root');
    expect(message).not.toContain('copyIntoWorktree.2');
  });

  it('checks the prefix key in the file that sets it', () => {
    const paths = pathsFor();
    dir.write('repo/.multibot.json', { prefixKey: 'C-m' });
    const message = errorOf(paths);
    expect(message).toContain(paths.repoPath);
    expect(message).toContain('prefixKey: Invalid prefix key "C-m"');
  });

  it('rejects a file whose top level is not an object', () => {
    const paths = pathsFor();
    dir.write('repo/.multibot.json', '[]');
    expect(errorOf(paths)).toContain('(top level): expected object, found an array');
  });
});

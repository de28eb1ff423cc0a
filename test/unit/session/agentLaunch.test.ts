import { describe, expect, it } from 'vitest';
import { cliShimPath, withAgentLaunch } from '../../../src/session/agentLaunch.js';
import type { WorkerSpec } from '../../../src/engine/workerSpec.js';

const spec = (file: string, args: string[] = []): WorkerSpec => ({
  id: 'w',
  name: 'w',
  commandLine: file,
  file,
  args,
  cwd: '/tmp',
  env: {},
  viaShell: false,
  profile: 'claude',
  worktree: null,
  branch: null,
});

describe('withAgentLaunch', () => {
  it('gives Claude Code a session id of ours and hooks that report here', () => {
    const { spec: launched, agentSessionId } = withAgentLaunch(
      spec('claude', ['--model', 'opus']),
      '/home/m',
    );
    expect(agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(launched.args.slice(0, 4)).toEqual(['--model', 'opus', '--session-id', agentSessionId]);
    const settings = JSON.parse(launched.args[launched.args.indexOf('--settings') + 1]!);
    const stop = settings.hooks.Stop[0].hooks[0].command as string;
    expect(stop).toBe(`${cliShimPath('/home/m')} hook Stop`);
    expect(Object.keys(settings.hooks)).toEqual(
      expect.arrayContaining([
        'SessionStart',
        'UserPromptSubmit',
        'PermissionRequest',
        'Notification',
        'SessionEnd',
      ]),
    );
  });

  it('keeps a resume as it is, adding only the hooks', () => {
    const { spec: launched, agentSessionId } = withAgentLaunch(
      spec('/usr/bin/claude', ['--resume', 'abc']),
      '/h',
      'abc',
    );
    expect(agentSessionId).toBe('abc');
    expect(launched.args.slice(0, 2)).toEqual(['--resume', 'abc']);
    expect(launched.args).not.toContain('--session-id');
    expect(launched.args).toContain('--settings');
  });

  it("keeps the shim in the home's sessions/, never in the package's own bin/", () => {
    expect(cliShimPath('/h')).toBe('/h/sessions/.bin/multibot-tui');
  });

  it('leaves other agents alone', () => {
    const bash = spec('/bin/bash', ['-l']);
    expect(withAgentLaunch(bash, '/h')).toEqual({ spec: bash, agentSessionId: null });
  });
});

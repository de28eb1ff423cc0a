import { describe, expect, it } from 'vitest';
import { needsPermission, parseAgentArgs, speedFrom } from '../../../../src/agents/demo/args.js';

describe('parseAgentArgs', () => {
  it('reads the flags, both --flag value and --flag=value', () => {
    expect(
      parseAgentArgs(['--role', 'coder', '--session-id=abc', '--permission-mode', 'acceptEdits']),
    ).toMatchObject({
      role: 'coder',
      sessionId: 'abc',
      resume: null,
      permissionMode: 'acceptEdits',
      prompt: null,
      help: false,
    });
    expect(parseAgentArgs(['--resume', 'u-1', 'do', 'this'])).toMatchObject({
      resume: 'u-1',
      prompt: 'do this',
    });
    expect(parseAgentArgs(['-h'])).toMatchObject({ help: true });
  });

  it('rejects unknown flags, missing values and bad modes', () => {
    expect(parseAgentArgs(['--nope'])).toEqual({ error: 'unknown option --nope' });
    expect(parseAgentArgs(['--role'])).toEqual({ error: '--role needs a value' });
    expect(parseAgentArgs(['--permission-mode', 'yolo'])).toHaveProperty('error');
    expect(parseAgentArgs(['--session-id', 'a', '--resume', 'b'])).toHaveProperty('error');
  });
});

describe('the permission rule', () => {
  it('asks for words starting with permission, deploy or delete, in any case', () => {
    for (const prompt of [
      'Check the permission model',
      'fix PERMISSIONS',
      'Deploy to staging',
      'plan the deployment',
      'delete old logs',
      'remove deleted users',
      'first line\nthen deploy',
    ]) {
      expect(needsPermission(prompt), prompt).toBe(true);
    }
  });

  it('does not ask otherwise, nor outside the default permission mode', () => {
    for (const prompt of ['Add tests', 'undeploy nothing', 'nodelete', 'permit it']) {
      expect(needsPermission(prompt), prompt).toBe(false);
    }
    expect(needsPermission('deploy', 'acceptEdits')).toBe(false);
    expect(needsPermission('deploy', 'bypassPermissions')).toBe(false);
  });
});

describe('speedFrom', () => {
  it('is fast for tests and watchable by default', () => {
    const fast = speedFrom('fast');
    expect(fast.thinkMs() + 4 * fast.stepMs()).toBeLessThanOrEqual(250);
    const normal = speedFrom(undefined);
    expect(normal.name).toBe('normal');
    expect(normal.thinkMs()).toBeGreaterThanOrEqual(1_200);
  });
});

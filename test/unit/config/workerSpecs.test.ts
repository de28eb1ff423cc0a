import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.js';
import { specsFromConfig } from '../../../src/config/workerSpecs.js';
import { UserError } from '../../../src/util/errors.js';

const config = (profile: object, role?: string) =>
  configSchema.parse({
    profiles: { p: { command: 'claude', ...profile } },
    workers: [{ name: 'w1', profile: 'p', ...(role ? { role } : {}) }],
  });

describe('specsFromConfig', () => {
  it("adds a Claude Code profile's model and permission mode to its arguments", () => {
    const [spec] = specsFromConfig(
      config({ args: ['--verbose'], model: 'opus', permissionMode: 'acceptEdits' }),
      '/repo',
      {},
    );
    expect(spec!.args).toEqual([
      '--verbose',
      '--model',
      'opus',
      '--permission-mode',
      'acceptEdits',
    ]);
    // Kept apart as well, so a resume (which replaces args) keeps them.
    expect(spec!.agentArgs).toEqual(['--model', 'opus', '--permission-mode', 'acceptEdits']);
  });

  it('leaves model and permission mode to Claude Code when the profile says nothing', () => {
    const [spec] = specsFromConfig(config({}), '/repo', {});
    expect(spec!.args).toEqual([]);
    expect(spec!.agentArgs).toBeUndefined();
    expect(spec!.trustOwnWorktree).toBe(true);
  });

  it('carries the policy fields: allowed tools, prompt delivery, trusting its own worktree', () => {
    const [spec] = specsFromConfig(
      config({ allowTools: ['Read', 'Grep'], promptDelivery: 'type', trustOwnWorktrees: false }),
      '/repo',
      {},
    );
    expect(spec).toMatchObject({
      allowTools: ['Read', 'Grep'],
      promptDelivery: 'type',
      trustOwnWorktree: false,
    });
  });

  it('says which profile gives Claude Code flags to another program', () => {
    const bad = config({ command: 'aider', model: 'opus', permissionMode: 'plan' });
    expect(() => specsFromConfig(bad, '/repo', {})).toThrow(UserError);
    expect(() => specsFromConfig(bad, '/repo', {})).toThrow(
      /profile "p": "model" and "permissionMode" only apply to Claude Code/,
    );
  });

  it('rejects a permission mode Claude Code does not have, in the config check', () => {
    expect(() => config({ permissionMode: 'yolo' })).toThrow(/permissionMode/);
  });
});

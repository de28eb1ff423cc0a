import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.js';
import type { WorkerSpec } from '../../../src/engine/workerSpec.js';
import { resumedSpec } from '../../../src/session/resumedSpec.js';

const config = (profile: object) =>
  configSchema.parse({
    profiles: {
      claude: { command: 'claude', resumeArgs: ['--resume', '{agentSessionId}'], ...profile },
    },
  });

const saved: WorkerSpec = {
  id: 'w1',
  name: 'w1',
  commandLine: 'claude',
  file: 'claude',
  args: ['--model', 'opus', '--session-id', '11111111-2222-3333-4444-555555555555'],
  cwd: '/wt/w1',
  env: {},
  viaShell: false,
  profile: 'claude',
  worktree: '/wt/w1',
  branch: 'multibot/s/w1',
};

describe('resumedSpec', () => {
  it("continues the agent's conversation and keeps the profile's model with it", () => {
    const { spec, continues } = resumedSpec(saved, config({ model: 'opus' }), 'abc', {});
    expect(continues).toBe(true);
    expect(spec.args).toEqual(['--resume', 'abc', '--model', 'opus']);
  });

  it('takes the profile as the config has it now', () => {
    const { spec } = resumedSpec(
      saved,
      config({ model: 'sonnet', allowTools: ['Read'], trustOwnWorktrees: false }),
      'abc',
      {},
    );
    expect(spec.args).toEqual(['--resume', 'abc', '--model', 'sonnet']);
    expect(spec).toMatchObject({ allowTools: ['Read'], trustOwnWorktree: false });
  });

  it('starts fresh without the old session id when the agent cannot resume', () => {
    const { spec, continues } = resumedSpec(saved, config({ model: 'opus' }), null, {});
    expect(continues).toBe(false);
    expect(spec.args).toEqual(['--model', 'opus']);
  });

  it('keeps a worker whose profile is gone as it was saved', () => {
    const { spec } = resumedSpec({ ...saved, profile: 'gone' }, config({}), 'abc', {});
    expect(spec.args).toEqual(['--model', 'opus']);
  });
});

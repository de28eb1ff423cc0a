import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withRolePrompt } from '../../../src/config/rolePrompts.js';
import { profileSchema } from '../../../src/config/schema.js';
import type { WorkerSpec } from '../../../src/engine/workerSpec.js';

const roles = mkdtempSync(join(tmpdir(), 'multibot-roles-'));
writeFileSync(join(roles, 'tester.md'), 'You are the tester.\n');

const spec = (file: string, role: string | null): WorkerSpec => ({
  id: 'w',
  name: 'w',
  commandLine: file,
  file,
  args: ['--x'],
  cwd: '/tmp',
  env: {},
  viaShell: false,
  profile: 'p',
  worktree: null,
  branch: null,
  role,
});
const profile = (extra: object = {}) => profileSchema.parse({ command: 'x', ...extra });

describe('withRolePrompt', () => {
  it('gives Claude Code its role as --append-system-prompt', () => {
    expect(withRolePrompt(spec('claude', 'tester'), profile(), roles).args).toEqual([
      '--x',
      '--append-system-prompt',
      'You are the tester.',
    ]);
  });

  it('sends it as the first prompt when the profile says so, and not at all to a shell', () => {
    const first = withRolePrompt(
      spec('aider', 'tester'),
      profile({ rolePrompt: 'first-prompt' }),
      roles,
    );
    expect(first.firstPrompt).toBe('You are the tester.');
    expect(first.args).toEqual(['--x']);
    expect(withRolePrompt(spec('/bin/bash', 'tester'), profile(), roles)).toEqual(
      spec('/bin/bash', 'tester'),
    );
  });

  it('leaves workers without a role, or with a role that has no prompt, as they are', () => {
    expect(withRolePrompt(spec('claude', null), profile(), roles).args).toEqual(['--x']);
    expect(withRolePrompt(spec('claude', 'astronaut'), profile(), roles).args).toEqual(['--x']);
  });
});

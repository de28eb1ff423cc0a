import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rolePromptFor } from '../../../src/config/rolePrompts.js';
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

describe('rolePromptFor', () => {
  it('gives Claude Code its role as --append-system-prompt', () => {
    expect(rolePromptFor(spec('claude', 'tester'), profile(), roles)).toEqual({
      args: ['--append-system-prompt', 'You are the tester.'],
    });
  });

  it('sends it as the first prompt when the profile says so, and not at all to a shell', () => {
    expect(
      rolePromptFor(spec('aider', 'tester'), profile({ rolePrompt: 'first-prompt' }), roles),
    ).toEqual({ firstPrompt: 'You are the tester.' });
    expect(rolePromptFor(spec('/bin/bash', 'tester'), profile(), roles)).toBeNull();
  });

  it('gives nothing to workers without a role, or with a role that has no prompt', () => {
    expect(rolePromptFor(spec('claude', null), profile(), roles)).toBeNull();
    expect(rolePromptFor(spec('claude', 'astronaut'), profile(), roles)).toBeNull();
  });
});

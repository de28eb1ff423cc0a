import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRolesDir, listRoles, loadRolePrompt } from '../../../src/agents/rolePrompt.js';
import { UserError } from '../../../src/util/errors.js';

const ROLES = ['architect', 'coder', 'documenter', 'reviewer', 'security', 'tester'];

describe('the checked-in role prompts', () => {
  it('has all six roles', () => {
    expect(listRoles()).toEqual(expect.arrayContaining(ROLES));
  });

  it.each(ROLES)('%s is short and says how to report', (role) => {
    const prompt = loadRolePrompt(role);
    expect(prompt).not.toBeNull();
    expect(prompt!.split('\n').length).toBeLessThanOrEqual(30);
    expect(prompt).toContain('multibot-tui ctl report');
    for (const type of ['STATUS_UPDATE', 'QUESTION', 'TASK_COMPLETE', 'ERROR']) {
      expect(prompt).toContain(`ctl report ${type}`);
    }
    expect(prompt).toMatch(/--task T\d/);
    expect(prompt).toMatch(/worktree/);
    expect(prompt).toMatch(/never push/);
  });

  it('lives under the package root', () => {
    expect(defaultRolesDir()).toMatch(/config[/\\]roles$/);
  });
});

describe('loadRolePrompt and listRoles', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'roles-'));
    writeFileSync(join(dir, 'coder.md'), '\n# Coder\n\nWrite code.\n\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a role');
    mkdirSync(join(dir, 'nested'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads <role>.md, trimmed, and finds it in any case', () => {
    expect(loadRolePrompt('coder', dir)).toBe('# Coder\n\nWrite code.');
    expect(loadRolePrompt('Coder', dir)).toBe('# Coder\n\nWrite code.');
  });

  it('is null for a role without a prompt, or a folder that is not there', () => {
    expect(loadRolePrompt('tester', dir)).toBeNull();
    expect(loadRolePrompt('coder', join(dir, 'missing'))).toBeNull();
    expect(loadRolePrompt('coder', join(dir, 'notes.txt'))).toBeNull();
  });

  it('refuses names that could reach outside the folder', () => {
    for (const name of ['../coder', 'nested/coder', 'a\\b', '..', '.hidden', '', 'co der']) {
      expect(() => loadRolePrompt(name, dir)).toThrow(UserError);
    }
  });

  it('lists the roles it has prompts for', () => {
    writeFileSync(join(dir, 'tester.md'), 'Test.');
    expect(listRoles(dir)).toEqual(['coder', 'tester']);
    expect(listRoles(join(dir, 'missing'))).toEqual([]);
  });
});

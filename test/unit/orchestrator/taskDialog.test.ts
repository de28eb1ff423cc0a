import { describe, expect, it } from 'vitest';
import { parseTaskDialog } from '../../../src/orchestrator/taskDialog.js';

function parsed(text: string) {
  const result = parseTaskDialog(text);
  if (!result.ok) throw new Error(result.error);
  return result.command;
}

describe('parseTaskDialog', () => {
  it('takes the first non-empty line as the title', () => {
    expect(parsed('\n\n  Fix the login bug  \n')).toEqual({
      type: 'task.add',
      title: 'Fix the login bug',
    });
  });

  it('reads role, after and priority lines anywhere, in any case', () => {
    const text = [
      'Fix the login bug',
      'Role: coder',
      'Users with a "+" in their email cannot log in.',
      'AFTER: t1, T2',
      '  priority :  -2',
      'Add a test for it.',
    ].join('\n');
    expect(parsed(text)).toEqual({
      type: 'task.add',
      title: 'Fix the login bug',
      brief: 'Users with a "+" in their email cannot log in.\nAdd a test for it.',
      role: 'coder',
      after: ['T1', 'T2'],
      priority: -2,
    });
  });

  it('finds the title after leading field lines', () => {
    expect(parsed('role: tester\n\nWrite tests\nfor the parser')).toEqual({
      type: 'task.add',
      title: 'Write tests',
      brief: 'for the parser',
      role: 'tester',
    });
  });

  it('keeps the brief verbatim, trimmed only at its ends', () => {
    const text = 'Refactor\n\n\n  indented first line\n\n    code block\nlast line   \n\n\n';
    expect(parsed(text).brief).toBe('  indented first line\n\n    code block\nlast line');
    expect(parsed('Title\r\nline one\r\nline two').brief).toBe('line one\nline two');
  });

  it('merges repeated after lines and drops repeats; an empty role is no role', () => {
    expect(parsed('T\nafter: T1\nafter: T2 T1\nrole:')).toEqual({
      type: 'task.add',
      title: 'T',
      after: ['T1', 'T2'],
    });
  });

  it('refuses an empty title', () => {
    expect(parseTaskDialog('')).toEqual({
      ok: false,
      error: 'a task needs a title: type it on the first line',
    });
    expect(parseTaskDialog('  \n\t\nrole: coder\npriority: 1')).toMatchObject({ ok: false });
  });

  it('refuses bad field values instead of hiding them in the brief', () => {
    expect(parseTaskDialog('T\npriority: hihg')).toEqual({
      ok: false,
      error: 'priority must be a whole number, like "priority: 5" — not "hihg"',
    });
    expect(parseTaskDialog('T\npriority: 1.5')).toMatchObject({ ok: false });
    expect(parseTaskDialog('T\nrole: senior coder')).toEqual({
      ok: false,
      error: 'role is one word, like "role: tester" — not "senior coder"',
    });
  });

  it('leaves other lines with colons in the brief', () => {
    expect(parsed('T\nNote: keep the API\nroles: many').brief).toBe(
      'Note: keep the API\nroles: many',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { isQuickRequest, parseCli } from '../../../src/cli/parseArgs.js';
import { UserError } from '../../../src/util/errors.js';

const usageErrorOf = (argv: string[]): UserError => {
  try {
    parseCli(argv);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
};

describe('parseCli', () => {
  it('reads workers, layout and common options for a run', () => {
    expect(
      parseCli(['-w', 'a=echo hi', '--worker', 'b=npm test', '-l', 'rows', '--base', 'dev']),
    ).toEqual({
      kind: 'run',
      workers: [
        { name: 'a', commandLine: 'echo hi' },
        { name: 'b', commandLine: 'npm test' },
      ],
      layout: 'rows',
      base: 'dev',
      demo: false,
      recordInput: false,
      budgetUsd: null,
      home: null,
      repo: null,
      config: null,
    });
  });

  it('reads --record-input for run and resume only', () => {
    expect(parseCli(['--record-input'])).toMatchObject({ kind: 'run', recordInput: true });
    expect(parseCli(['resume', '--record-input'])).toMatchObject({
      kind: 'resume',
      recordInput: true,
    });
    expect(usageErrorOf(['clean', '--record-input']).message).toContain('does not apply');
  });

  it('reads --budget-usd as dollars above 0', () => {
    expect(parseCli(['--budget-usd', '2.5'])).toMatchObject({ kind: 'run', budgetUsd: 2.5 });
    expect(usageErrorOf(['--budget-usd', 'lots']).message).toContain('--budget-usd wants');
    expect(usageErrorOf(['sessions', '--budget-usd', '1']).message).toContain('does not apply');
  });

  it('reads replay and export', () => {
    expect(parseCli(['replay', '--speed', '4', '--idle-limit', '2'])).toMatchObject({
      kind: 'replay',
      session: null,
    });
    expect(parseCli(['export', 'S1', '-w', 'coder', '-o', 'room.cast'])).toMatchObject({
      kind: 'export',
      session: 'S1',
      worker: 'coder',
      out: 'room.cast',
    });
    expect(usageErrorOf(['export']).message).toContain('export needs a SESSION');
    expect(usageErrorOf(['run', '--speed', '2']).message).toContain('--speed does not apply');
  });

  it('reads --demo for a run only', () => {
    expect(parseCli(['--demo'])).toMatchObject({ kind: 'run', demo: true, workers: [] });
    expect(usageErrorOf(['sessions', '--demo']).message).toContain('--demo does not apply');
  });

  it('keeps "=" inside the command', () => {
    const request = parseCli(['-w', 'env=FOO=1 env']);
    expect(request).toMatchObject({ workers: [{ name: 'env', commandLine: 'FOO=1 env' }] });
  });

  it('reads subcommands', () => {
    expect(parseCli(['resume'])).toMatchObject({ kind: 'resume', session: null });
    expect(parseCli(['resume', '20261121-101010-abcd', '--home', '/h'])).toMatchObject({
      kind: 'resume',
      session: '20261121-101010-abcd',
      home: '/h',
    });
    expect(parseCli(['sessions'])).toMatchObject({ kind: 'sessions' });
    expect(parseCli(['clean', '--force'])).toMatchObject({ kind: 'clean', force: true });
    expect(parseCli(['config', '--repo', '/r'])).toMatchObject({ kind: 'config', repo: '/r' });
  });

  it('hands hook and ctl arguments over untouched', () => {
    expect(parseCli(['ctl', 'task', 'add', '--role', 'x'])).toEqual({
      kind: 'ctl',
      args: ['task', 'add', '--role', 'x'],
    });
    expect(parseCli(['hook', 'Stop'])).toEqual({ kind: 'hook', args: ['Stop'] });
  });

  it.each([
    [['--frobnicate'], '--frobnicate'],
    [['-w', 'noequals'], 'NAME=COMMAND'],
    [['-w', 'a='], 'needs a command'],
    [['-w', 'bad name=ls'], 'not valid'],
    [['-w', 'a=ls', '-w', 'a=pwd'], 'two workers are named "a"'],
    [['--layout', 'spiral'], 'grid, columns, rows'],
    [['launch'], 'unknown command "launch"'],
    [['sessions', '-w', 'a=ls'], '--worker does not apply'],
    [['run', '--force'], '--force does not apply'],
    [['resume', 'a', 'b'], 'unexpected argument "b"'],
  ])('rejects %j with a usage error naming the problem', (argv, text) => {
    const error = usageErrorOf(argv);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(text);
    expect(error.message).toContain('--help');
  });
});

describe('isQuickRequest', () => {
  it('sends hook, ctl, help and version past the control room, and nothing else', () => {
    const quick = (argv: string[]) => isQuickRequest(parseCli(argv));
    expect(quick(['hook', 'Stop'])).toBe(true);
    expect(quick(['ctl', 'workers'])).toBe(true);
    expect(quick(['--help'])).toBe(true);
    expect(quick(['--version'])).toBe(true);
    expect(quick([])).toBe(false);
    expect(quick(['resume'])).toBe(false);
    expect(quick(['sessions'])).toBe(false);
    expect(quick(['replay'])).toBe(false);
  });
});

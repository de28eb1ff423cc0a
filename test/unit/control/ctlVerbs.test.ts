import { describe, expect, it } from 'vitest';
import {
  createCommandValidator,
  engineCommandSchemas,
} from '../../../src/control/commandValidator.js';
import { ctlHelp } from '../../../src/control/ctlClient.js';
import { CtlUsageError, ctlVerbs, findCtlVerb } from '../../../src/control/ctlVerbs.js';
import type { Env } from '../../../src/control/sessionEndpoint.js';

const validate = createCommandValidator(engineCommandSchemas);

/** The request a command line turns into; commands must pass the server's validator too. */
function build(argv: string[], env: Env = {}): unknown {
  const found = findCtlVerb(ctlVerbs, argv);
  if (!found) throw new Error(`no verb for ${argv.join(' ')}`);
  const body = found.verb.build(found.args, { env });
  if (body.kind === 'command') expect(validate(body.command)).toMatchObject({ ok: true });
  return body;
}

const command = (argv: string[], env?: Env) => (build(argv, env) as { command: unknown }).command;

function usageError(argv: string[], env: Env = {}): string {
  try {
    build(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(CtlUsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('ctl task verbs', () => {
  it('task add: the title is every word, options anywhere', () => {
    expect(command(['task', 'add', 'Fix', 'the', 'login', 'bug'])).toEqual({
      type: 'task.add',
      title: 'Fix the login bug',
    });
    expect(
      command([
        'task',
        'add',
        '--role',
        'coder',
        'Fix login',
        '--after',
        't1,T2',
        '--after',
        'T4',
        '--priority',
        '3',
        '--brief',
        'Users with "+" cannot log in.',
      ]),
    ).toEqual({
      type: 'task.add',
      title: 'Fix login',
      role: 'coder',
      after: ['T1', 'T2', 'T4'],
      priority: 3,
      brief: 'Users with "+" cannot log in.',
    });
    expect(command(['task', 'add', 'Later', '--priority=-1'])).toMatchObject({ priority: -1 });
  });

  it('task add: usage errors', () => {
    expect(usageError(['task', 'add'])).toMatch(/needs a TITLE/);
    expect(usageError(['task', 'add', '--role', 'coder'])).toMatch(/needs a TITLE/);
    expect(usageError(['task', 'add', 'T', '--priority', 'high'])).toBe(
      'ctl task add: --priority takes a whole number, not "high"',
    );
    expect(usageError(['task', 'add', 'T', '--owner', 'me'])).toMatch(/--owner/);
    expect(usageError(['task', 'add', 'T', '--role'])).toMatch(/--role/);
  });

  it('task assign / reassign T W', () => {
    expect(command(['task', 'assign', 't3', 'w2'])).toEqual({
      type: 'task.assign',
      task: 'T3',
      worker: 'w2',
    });
    expect(command(['task', 'reassign', 'T3', 'coder'])).toEqual({
      type: 'task.reassign',
      task: 'T3',
      worker: 'coder',
    });
    expect(usageError(['task', 'assign', 'T3'])).toMatch(/TASK WORKER/);
    expect(usageError(['task', 'reassign', 'T3', 'a', 'b'])).toMatch(/TASK WORKER/);
  });

  it('task cancel / retry T', () => {
    expect(command(['task', 'cancel', 'T1'])).toEqual({ type: 'task.cancel', task: 'T1' });
    expect(command(['task', 'retry', 't1'])).toEqual({ type: 'task.retry', task: 'T1' });
    expect(usageError(['task', 'cancel'])).toMatch(/TASK/);
    expect(usageError(['task', 'retry', 'T1', 'T2'])).toMatch(/TASK/);
  });

  it('task priority T N, negative numbers included', () => {
    expect(command(['task', 'priority', 'T1', '5'])).toEqual({
      type: 'task.priority',
      task: 'T1',
      priority: 5,
    });
    expect(command(['task', 'priority', 'T1', '-2'])).toMatchObject({ priority: -2 });
    expect(usageError(['task', 'priority', 'T1', 'x'])).toMatch(/N takes a whole number/);
    expect(usageError(['task', 'priority', 'T1'])).toMatch(/TASK N/);
  });

  it('task done / fail T [TEXT…]', () => {
    expect(command(['task', 'done', 'T1'])).toEqual({ type: 'task.done', task: 'T1' });
    expect(command(['task', 'done', 'T1', 'merged', 'by', 'hand'])).toEqual({
      type: 'task.done',
      task: 'T1',
      summary: 'merged by hand',
    });
    expect(command(['task', 'fail', 'T2'])).toEqual({ type: 'task.fail', task: 'T2' });
    expect(command(['task', 'fail', 'T2', 'tests are red'])).toEqual({
      type: 'task.fail',
      task: 'T2',
      reason: 'tests are red',
    });
    expect(command(['task', 'fail', 'T2', '--', '--force broke it'])).toMatchObject({
      reason: '--force broke it',
    });
    expect(usageError(['task', 'done'])).toBe('ctl task done needs TASK [SUMMARY…]');
    expect(usageError(['task', 'fail'])).toBe('ctl task fail needs TASK [REASON…]');
  });

  it('leaves `ctl task` alone unknown, and `ctl tasks` a query', () => {
    expect(findCtlVerb(ctlVerbs, ['task'])).toBeNull();
    expect(build(['tasks'])).toEqual({ kind: 'query', what: 'tasks' });
  });
});

describe('ctl dispatch and worker verbs', () => {
  it('hold / release', () => {
    expect(command(['hold'])).toEqual({ type: 'dispatch.hold' });
    expect(command(['release'])).toEqual({ type: 'dispatch.release' });
    expect(usageError(['hold', 'now'])).toMatch(/no arguments/);
  });

  it('say W TEXT…', () => {
    expect(command(['say', 'w1', 'run', 'the', 'tests'])).toEqual({
      type: 'worker.say',
      id: 'w1',
      text: 'run the tests',
    });
    expect(command(['say', 'w1', '--', '-v is broken'])).toMatchObject({ text: '-v is broken' });
    expect(usageError(['say', 'w1'])).toBe('ctl say needs WORKER TEXT…');
    expect(usageError(['say'])).toBe('ctl say needs WORKER TEXT…');
    expect(usageError(['say', 'w1', ' '])).toBe('ctl say needs WORKER TEXT…');
  });

  it('broadcast TEXT…', () => {
    expect(command(['broadcast', 'commit', 'now'])).toEqual({
      type: 'worker.broadcast',
      text: 'commit now',
    });
    expect(usageError(['broadcast'])).toBe('ctl broadcast needs TEXT…');
  });

  it('answer W TEXT…', () => {
    expect(command(['answer', 'w2', 'yes, go ahead'])).toEqual({
      type: 'worker.answer',
      id: 'w2',
      text: 'yes, go ahead',
    });
    expect(usageError(['answer', 'w2'])).toBe('ctl answer needs WORKER TEXT…');
  });

  it('spawn PROFILE [NAME]', () => {
    expect(command(['spawn', 'demo'])).toEqual({ type: 'worker.spawn', profile: 'demo' });
    expect(command(['spawn', 'demo', 'helper'])).toEqual({
      type: 'worker.spawn',
      profile: 'demo',
      name: 'helper',
    });
    expect(usageError(['spawn'])).toBe('ctl spawn takes PROFILE [NAME]');
    expect(usageError(['spawn', 'a', 'b', 'c'])).toBe('ctl spawn takes PROFILE [NAME]');
  });

  it('reinstate W', () => {
    expect(command(['reinstate', 'w1'])).toEqual({ type: 'worker.reinstate', id: 'w1' });
    expect(usageError(['reinstate'])).toMatch(/WORKER/);
  });
});

describe('ctl report', () => {
  const inWorker: Env = { MULTIBOT_WORKER: 'w2' };

  it('reports for the worker named by MULTIBOT_WORKER', () => {
    expect(command(['report', 'STATUS_UPDATE', 'tests', 'written'], inWorker)).toEqual({
      type: 'worker.report',
      id: 'w2',
      report: 'STATUS_UPDATE',
      text: 'tests written',
    });
    expect(command(['report', 'QUESTION', 'Keep the old API?'], inWorker)).toMatchObject({
      report: 'QUESTION',
      text: 'Keep the old API?',
    });
    expect(command(['report', 'ERROR', 'npm test fails'], inWorker)).toMatchObject({
      report: 'ERROR',
    });
  });

  it('takes the TYPE in any case and --task anywhere', () => {
    expect(command(['report', 'task_complete', 'Fixed', 'it', '--task', 't3'], inWorker)).toEqual({
      type: 'worker.report',
      id: 'w2',
      report: 'TASK_COMPLETE',
      text: 'Fixed it',
      task: 'T3',
    });
    expect(command(['report', '--task=T1', 'Task-Complete', 'done'], inWorker)).toMatchObject({
      report: 'TASK_COMPLETE',
      task: 'T1',
    });
  });

  it('is only for agents inside a worker', () => {
    expect(usageError(['report', 'STATUS_UPDATE', 'hi'])).toBe(
      'report is for agents inside a worker; MULTIBOT_WORKER is not set',
    );
    expect(usageError(['report', 'STATUS_UPDATE', 'hi'], { MULTIBOT_WORKER: '' })).toMatch(
      /MULTIBOT_WORKER is not set/,
    );
  });

  it('explains a bad TYPE or missing TEXT', () => {
    expect(usageError(['report'], inWorker)).toMatch(/needs a TYPE \(STATUS_UPDATE, QUESTION/);
    expect(usageError(['report', 'QUESTON', 'why?'], inWorker)).toBe(
      'ctl report: unknown TYPE QUESTON — did you mean QUESTION? (use STATUS_UPDATE, QUESTION, TASK_COMPLETE, ERROR)',
    );
    expect(usageError(['report', 'TASK_ASSIGNMENT', 'x'], inWorker)).toMatch(/unknown TYPE/);
    expect(usageError(['report', 'QUESTION'], inWorker)).toBe(
      'ctl report QUESTION needs the TEXT: ctl report QUESTION "…"',
    );
    expect(usageError(['report', 'ERROR', 'x', '--task'], inWorker)).toMatch(/--task/);
  });
});

describe('ctl help', () => {
  it('lists the new verbs', () => {
    const help = ctlHelp();
    for (const usage of [
      'task add TITLE… [--role R] [--after T1,T2] [--priority N] [--brief TEXT]',
      'task assign TASK WORKER',
      'task done TASK [SUMMARY…]',
      'hold',
      'spawn PROFILE [NAME]',
      'say WORKER TEXT…',
      'report TYPE TEXT… [--task T]',
    ]) {
      expect(help).toContain(usage);
    }
  });
});

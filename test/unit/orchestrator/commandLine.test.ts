import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/engine/commands.js';
import {
  COMMAND_WORDS,
  type CommandLineNames,
  commandArgumentKinds,
  commandUsage,
  lexArguments,
  parseCommandLine,
} from '../../../src/orchestrator/commandLine.js';

const names: CommandLineNames = {
  workers: [
    { id: 'w1', name: 'coder' },
    { id: 'w2', name: 'tester' },
  ],
  tasks: ['T1', 'T2', 'T3'],
  profiles: ['claude', 'demo'],
};

function command(line: string, with_: CommandLineNames = names): Command {
  const result = parseCommandLine(line, with_);
  if (!result.ok) throw new Error(`${line}: ${result.error}`);
  return result.command;
}

function error(line: string, with_: CommandLineNames = names): string {
  const result = parseCommandLine(line, with_);
  if (result.ok) throw new Error(`${line} parsed as ${JSON.stringify(result.command)}`);
  return result.error;
}

describe('parseCommandLine: every command', () => {
  it.each<[string, Command]>([
    ['/task Fix the login bug', { type: 'task.add', title: 'Fix the login bug' }],
    ['/assign T3 w2', { type: 'task.assign', task: 'T3', worker: 'w2' }],
    ['/reassign T3 coder', { type: 'task.reassign', task: 'T3', worker: 'w1' }],
    ['/cancel T1', { type: 'task.cancel', task: 'T1' }],
    ['/retry T2', { type: 'task.retry', task: 'T2' }],
    ['/priority T3 5', { type: 'task.priority', task: 'T3', priority: 5 }],
    ['/priority T3 -2', { type: 'task.priority', task: 'T3', priority: -2 }],
    ['/priority T3 +1', { type: 'task.priority', task: 'T3', priority: 1 }],
    ['/hold', { type: 'dispatch.hold' }],
    ['/release', { type: 'dispatch.release' }],
    ['/spawn claude', { type: 'worker.spawn', profile: 'claude' }],
    ['/spawn demo helper', { type: 'worker.spawn', profile: 'demo', name: 'helper' }],
    ['/pause coder', { type: 'worker.pause', id: 'w1' }],
    ['/resume w1', { type: 'worker.resume', id: 'w1' }],
    ['/kill tester', { type: 'worker.kill', id: 'w2' }],
    ['/restart tester', { type: 'worker.restart', id: 'w2' }],
    ['/say coder run the tests', { type: 'worker.say', id: 'w1', text: 'run the tests' }],
    ['/broadcast commit now', { type: 'worker.broadcast', text: 'commit now' }],
    ['/done T1', { type: 'task.done', task: 'T1' }],
    ['/done T1 merged by hand', { type: 'task.done', task: 'T1', summary: 'merged by hand' }],
    ['/fail T2', { type: 'task.fail', task: 'T2' }],
    ['/fail T2 tests are red', { type: 'task.fail', task: 'T2', reason: 'tests are red' }],
    ['/answer tester yes, go ahead', { type: 'worker.answer', id: 'w2', text: 'yes, go ahead' }],
    ['/reinstate coder', { type: 'worker.reinstate', id: 'w1' }],
    ['/remove coder', { type: 'worker.remove', id: 'w1' }],
    ['/focus tester', { type: 'focus.set', target: 'w2' }],
    ['/focus master', { type: 'focus.set', target: 'master' }],
    ['/zoom', { type: 'layout.zoom' }],
    ['/help', { type: 'help.toggle' }],
    ['/quit', { type: 'app.quit' }],
  ])('%s', (line, expected) => {
    expect(command(line)).toEqual(expected);
  });

  it('covers every command word', () => {
    const tested = new Set(
      [
        'task assign reassign cancel retry priority hold release spawn pause resume kill',
        'restart say broadcast done fail answer remove reinstate focus zoom help quit',
      ]
        .join(' ')
        .split(' '),
    );
    expect(new Set(COMMAND_WORDS)).toEqual(tested);
  });

  it('never confirms a kill or a quit: the engine asks the human', () => {
    expect(command('/kill coder')).not.toHaveProperty('confirmed');
    expect(command('/quit')).not.toHaveProperty('confirmed');
  });
});

describe('parseCommandLine: /task', () => {
  it('takes options anywhere, in either form', () => {
    expect(command('/task Fix the login bug --role coder --after T1,T2 --priority 3')).toEqual({
      type: 'task.add',
      title: 'Fix the login bug',
      role: 'coder',
      after: ['T1', 'T2'],
      priority: 3,
    });
    expect(command('/task --priority=-1 --role=tester Write tests')).toEqual({
      type: 'task.add',
      title: 'Write tests',
      role: 'tester',
      priority: -1,
    });
  });

  it('reads --after lists typed with spaces, in any case, without repeats', () => {
    expect(command('/task Ship it --after t1, t2 --after T1')).toMatchObject({
      title: 'Ship it',
      after: ['T1', 'T2'],
    });
  });

  it('keeps the title as typed, and a quoted title whole', () => {
    expect(command("/task Fix the user's profile page")).toMatchObject({
      title: "Fix the user's profile page",
    });
    expect(command('/task "Document the --role option" --role documenter')).toEqual({
      type: 'task.add',
      title: 'Document the --role option',
      role: 'documenter',
    });
    expect(command("/task 'Fix login' --priority 2")).toMatchObject({ title: 'Fix login' });
    expect(command('/task Fix login -- urgent')).toMatchObject({ title: 'Fix login -- urgent' });
  });

  it('explains what is wrong', () => {
    expect(error('/task')).toBe('/task needs a title: /task Fix the login bug --role coder');
    expect(error('/task --role coder')).toMatch(/^\/task needs a title/);
    expect(error('/task Fix it --verbose')).toMatch(/unknown option --verbose.*quote a title/);
    expect(error('/task Fix it --role')).toBe('/task: --role needs a value, like --role tester');
    expect(error('/task Fix it --role --after T1')).toMatch(/--role needs a value/);
    expect(error('/task Fix it --after')).toMatch(/--after needs a value, like --after T1,T2/);
    expect(error('/task Fix it --priority high')).toBe(
      'priority must be a whole number, like --priority 5 — not "high"',
    );
    expect(error('/task Fix it --after T9')).toBe('no task T9 (tasks: T1, T2, T3)');
  });
});

describe('parseCommandLine: names', () => {
  it('takes a worker by id or by name, in any case', () => {
    expect(command('/pause w2')).toEqual({ type: 'worker.pause', id: 'w2' });
    expect(command('/pause tester')).toEqual({ type: 'worker.pause', id: 'w2' });
    expect(command('/pause TESTER')).toEqual({ type: 'worker.pause', id: 'w2' });
    expect(command('/focus Master')).toEqual({ type: 'focus.set', target: 'master' });
  });

  it('prefers an exact id over a name', () => {
    const tricky = { ...names, workers: [...names.workers, { id: 'w3', name: 'w1' }] };
    expect(command('/pause w1', tricky)).toEqual({ type: 'worker.pause', id: 'w1' });
  });

  it('takes task ids in any case', () => {
    expect(command('/cancel t3')).toEqual({ type: 'task.cancel', task: 'T3' });
    expect(command('/assign t1 CODER')).toEqual({ type: 'task.assign', task: 'T1', worker: 'w1' });
  });

  it('is case-insensitive about the command word', () => {
    expect(command('/HOLD')).toEqual({ type: 'dispatch.hold' });
    expect(command('  /zoom  ')).toEqual({ type: 'layout.zoom' });
  });
});

describe('parseCommandLine: quoting and free text', () => {
  it('keeps text as typed, unquoting one quoted argument', () => {
    expect(command('/say coder "run the tests"')).toMatchObject({ text: 'run the tests' });
    expect(command("/say coder 'run the tests'")).toMatchObject({ text: 'run the tests' });
    expect(command('/say coder run "npm test" now')).toMatchObject({
      text: 'run "npm test" now',
    });
    expect(command("/broadcast don't push")).toMatchObject({ text: "don't push" });
    expect(command('/say coder   spaced    out  ')).toMatchObject({ text: 'spaced    out' });
    expect(command('/done T1 "merged, by hand"')).toMatchObject({ summary: 'merged, by hand' });
  });

  it('lets a quoted argument hold spaces', () => {
    const spaced = { ...names, workers: [{ id: 'w9', name: 'big worker' }] };
    expect(command('/pause "big worker"', spaced)).toEqual({ type: 'worker.pause', id: 'w9' });
    expect(command("/spawn demo 'helper'")).toMatchObject({ name: 'helper' });
  });

  it('splits words the way the header says', () => {
    const values = (text: string) => lexArguments(text).map((token) => token.value);
    expect(values('a "b c" d')).toEqual(['a', 'b c', 'd']);
    expect(values("it's fine")).toEqual(["it's", 'fine']);
    expect(values('"unclosed quote')).toEqual(['"unclosed', 'quote']);
    expect(values('"a"b c"')).toEqual(['a"b c']);
    expect(values('""')).toEqual(['']);
  });
});

describe('parseCommandLine: errors', () => {
  it('needs a leading slash and a command', () => {
    expect(error('assign T1 w1')).toMatch(/^commands start with "\/".*type \/help/);
    expect(error('')).toMatch(/commands start with/);
    expect(error('/')).toBe('type a command after "/" (type /help)');
  });

  it('names an unknown command, with a near miss', () => {
    expect(error('/asign T3 w2')).toBe(
      'unknown command /asign — did you mean /assign? (type /help)',
    );
    expect(error('/frobnicate')).toBe('unknown command /frobnicate (type /help)');
    expect(error('/toString')).toMatch(/unknown command/);
  });

  it('says what a command needs, with an example', () => {
    expect(error('/assign')).toBe('/assign needs a task and a worker: /assign T3 coder');
    expect(error('/assign T3')).toBe('/assign needs a task and a worker: /assign T3 coder');
    expect(error('/pause')).toBe('/pause needs a worker: /pause coder');
    expect(error('/cancel')).toBe('/cancel needs a task: /cancel T3');
    expect(error('/priority T3')).toBe('/priority needs a task and a number: /priority T3 5');
    expect(error('/spawn')).toBe('/spawn needs a profile: /spawn claude helper');
    expect(error('/say coder')).toBe('/say needs a worker and the text: /say coder run the tests');
    expect(error('/say coder ""')).toMatch(/^\/say needs a worker and the text/);
    expect(error('/broadcast')).toMatch(/^\/broadcast needs the text/);
    expect(error('/answer tester')).toMatch(/^\/answer needs a worker and the text/);
    expect(error('/done')).toBe('/done needs a task: /done T3 merged by hand');
    expect(error('/fail')).toMatch(/^\/fail needs a task/);
  });

  it('refuses extra arguments', () => {
    expect(error('/hold now')).toBe('/hold takes no arguments');
    expect(error('/pause coder tester')).toBe(
      'too many arguments: /pause takes a worker, like /pause coder',
    );
    expect(error('/spawn demo a b')).toMatch(/too many arguments: \/spawn/);
  });

  it('names unknown workers, tasks and profiles, and lists the known ones', () => {
    expect(error('/pause w9')).toBe('no worker w9 (workers: coder, tester)');
    expect(error('/pause codr')).toBe(
      'no worker codr — did you mean coder? (workers: coder, tester)',
    );
    expect(error('/pause w1', { ...names, workers: [] })).toBe(
      'no worker w1 (no workers yet: /spawn PROFILE)',
    );
    expect(error('/cancel T9')).toBe('no task T9 (tasks: T1, T2, T3)');
    expect(error('/cancel T1', { ...names, tasks: [] })).toBe(
      'no task T1 (no tasks yet: /task TITLE)',
    );
    expect(error('/spawn claud')).toBe(
      'no profile claud — did you mean claude? (profiles: claude, demo)',
    );
    expect(error('/spawn x', { ...names, profiles: [] })).toBe(
      'no profile x (no profiles are defined)',
    );
  });

  it('keeps long lists short', () => {
    const many = { ...names, tasks: Array.from({ length: 20 }, (_, i) => `T${i + 1}`) };
    expect(error('/cancel T99', many)).toBe(
      'no task T99 (tasks: T1, T2, T3, T4, T5, T6, T7, T8 and 12 more)',
    );
  });

  it('wants whole numbers', () => {
    expect(error('/priority T3 high')).toBe(
      'priority must be a whole number, like /priority T3 5 — not "high"',
    );
    expect(error('/priority T3 1.5')).toMatch(/whole number/);
    expect(error('/priority T3 99999999999999999999')).toMatch(/whole number/);
  });
});

describe('help and completion tables', () => {
  it('has one usage line per command', () => {
    expect(Object.keys(commandUsage)).toEqual([...COMMAND_WORDS]);
    expect(commandUsage.assign).toMatch(/^\/assign T W — /);
    expect(commandUsage.hold).toMatch(/^\/hold — /);
    for (const usage of Object.values(commandUsage)) expect(usage).not.toContain('\n');
  });

  it('says what to complete at each argument', () => {
    expect(commandArgumentKinds.assign).toEqual(['task', 'worker']);
    expect(commandArgumentKinds.spawn).toEqual(['profile', 'name']);
    expect(commandArgumentKinds.say).toEqual(['worker', 'text']);
    expect(commandArgumentKinds.zoom).toEqual([]);
  });
});

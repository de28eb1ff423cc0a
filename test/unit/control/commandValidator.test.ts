import { describe, expect, it } from 'vitest';
import {
  REPORT_TYPES,
  createCommandValidator,
  engineCommandSchemas,
} from '../../../src/control/commandValidator.js';
import type { Command, CommandType } from '../../../src/engine/commands.js';

const validate = createCommandValidator(engineCommandSchemas);

describe('command validator', () => {
  it('accepts commands of the vocabulary', () => {
    expect(validate({ type: 'worker.kill', id: 'w1', confirmed: true })).toEqual({
      ok: true,
      command: { type: 'worker.kill', id: 'w1', confirmed: true },
    });
    expect(validate({ type: 'focus.cycle', delta: -1 })).toMatchObject({ ok: true });
  });

  it('calls an unknown type unknown_command', () => {
    expect(validate({ type: 'toString' })).toMatchObject({ ok: false, code: 'unknown_command' });
    expect(validate({ type: 'task.explode' })).toMatchObject({
      ok: false,
      code: 'unknown_command',
    });
  });

  it('calls bad or misspelt fields bad_request', () => {
    expect(validate({ type: 'focus.index', index: 0 })).toMatchObject({ code: 'bad_request' });
    expect(validate({ type: 'worker.kill', id: 'w1', confirm: true })).toMatchObject({
      code: 'bad_request',
    });
  });

  it('takes whatever table it is given', () => {
    const zoomOnly = createCommandValidator({ 'layout.zoom': engineCommandSchemas['layout.zoom'] });
    expect(zoomOnly({ type: 'layout.zoom' })).toMatchObject({ ok: true });
    expect(zoomOnly({ type: 'app.quit' })).toMatchObject({ code: 'unknown_command' });
  });
});

/** For each command of the master pane's vocabulary: one it takes, one it refuses. */
const examples: Partial<Record<CommandType, { valid: Command; invalid: unknown }>> = {
  'task.add': {
    valid: {
      type: 'task.add',
      title: 'Fix the login bug',
      brief: 'Users with "+" in their email cannot log in.',
      role: 'coder',
      after: ['T1', 'T2'],
      priority: 2,
    },
    invalid: { type: 'task.add', title: '   ' },
  },
  'task.assign': {
    valid: { type: 'task.assign', task: 'T3', worker: 'w2' },
    invalid: { type: 'task.assign', task: 'T3' },
  },
  'task.reassign': {
    valid: { type: 'task.reassign', task: 'T3', worker: 'w1' },
    invalid: { type: 'task.reassign', task: 'T3', worker: '' },
  },
  'task.cancel': {
    valid: { type: 'task.cancel', task: 'T1' },
    invalid: { type: 'task.cancel', id: 'T1' },
  },
  'task.retry': {
    valid: { type: 'task.retry', task: 'T1' },
    invalid: { type: 'task.retry', task: 1 },
  },
  'task.priority': {
    valid: { type: 'task.priority', task: 'T1', priority: -3 },
    invalid: { type: 'task.priority', task: 'T1', priority: 1.5 },
  },
  'task.done': {
    valid: { type: 'task.done', task: 'T1', summary: 'merged' },
    invalid: { type: 'task.done', task: 'T1', result: 'merged' },
  },
  'task.fail': {
    valid: { type: 'task.fail', task: 'T1' },
    invalid: { type: 'task.fail', task: 'T1', reason: 42 },
  },
  'dispatch.hold': {
    valid: { type: 'dispatch.hold' },
    invalid: { type: 'dispatch.hold', until: 5 },
  },
  'dispatch.release': {
    valid: { type: 'dispatch.release' },
    invalid: { type: 'dispatch.release', now: true },
  },
  'worker.spawn': {
    valid: { type: 'worker.spawn', profile: 'demo', name: 'helper' },
    invalid: { type: 'worker.spawn', name: 'helper' },
  },
  'worker.say': {
    valid: { type: 'worker.say', id: 'w1', text: 'run the tests' },
    invalid: { type: 'worker.say', id: 'w1', text: '  ' },
  },
  'worker.broadcast': {
    valid: { type: 'worker.broadcast', text: 'commit now' },
    invalid: { type: 'worker.broadcast' },
  },
  'worker.report': {
    valid: { type: 'worker.report', id: 'w1', report: 'TASK_COMPLETE', text: 'done', task: 'T1' },
    invalid: { type: 'worker.report', id: 'w1', report: 'TASK_ASSIGNMENT', text: 'x' },
  },
  'worker.answer': {
    valid: { type: 'worker.answer', id: 'w1', text: 'yes' },
    invalid: { type: 'worker.answer', id: 'w1' },
  },
  'permission.answer': {
    valid: { type: 'permission.answer', allow: true },
    invalid: { type: 'permission.answer', allow: 'yes' },
  },
  'worker.remove': {
    valid: { type: 'worker.remove', id: 'w1', force: true },
    invalid: { type: 'worker.remove', id: 'w1', force: 'yes' },
  },
  'worker.reinstate': {
    valid: { type: 'worker.reinstate', id: 'w1' },
    invalid: { type: 'worker.reinstate', id: 'x'.repeat(129) },
  },
  'focus.nextWaiting': {
    valid: { type: 'focus.nextWaiting' },
    invalid: { type: 'focus.nextWaiting', delta: 1 },
  },
  'commandLine.set': {
    valid: { type: 'commandLine.set', text: '/assign T1 w2', cursor: 13 },
    invalid: { type: 'commandLine.set', text: '/hold', cursor: 6 },
  },
  'commandLine.submit': {
    valid: { type: 'commandLine.submit' },
    invalid: { type: 'commandLine.submit', text: '/hold' },
  },
  'taskDialog.open': {
    valid: { type: 'taskDialog.open' },
    invalid: { type: 'taskDialog.open', text: '' },
  },
  'taskDialog.set': {
    valid: { type: 'taskDialog.set', text: 'Title\nbrief', cursor: 0 },
    invalid: { type: 'taskDialog.set', text: 'Title', cursor: -1 },
  },
  'taskDialog.submit': {
    valid: { type: 'taskDialog.submit' },
    invalid: { type: 'taskDialog.submit', confirmed: true },
  },
};

describe('command validator: tasks, dispatch, reports and the master pane', () => {
  it.each(Object.entries(examples))('%s', (_type, example) => {
    expect(validate(example!.valid)).toEqual({ ok: true, command: example!.valid });
    expect(validate(example!.invalid)).toMatchObject({ ok: false, code: 'bad_request' });
  });

  it('has an example for every command beyond focus, layout, mode and the pane basics', () => {
    // tsc makes the table cover the whole vocabulary; this makes the examples keep up.
    const basics = new Set(Object.keys(engineCommandSchemas).slice(0, 22));
    const rest = Object.keys(engineCommandSchemas).filter((type) => !basics.has(type));
    expect(rest.sort()).toEqual(Object.keys(examples).sort());
    expect([...basics].at(-1)).toBe('screen.resize');
  });

  it('counts the cursor in code points', () => {
    expect(validate({ type: 'commandLine.set', text: '/say w1 🚀', cursor: 9 })).toMatchObject({
      ok: true,
    });
    expect(validate({ type: 'commandLine.set', text: '/say w1 🚀', cursor: 10 })).toMatchObject({
      ok: false,
    });
  });

  it('takes every report type and a null role', () => {
    for (const report of REPORT_TYPES) {
      expect(validate({ type: 'worker.report', id: 'w1', report, text: 'x' })).toMatchObject({
        ok: true,
      });
    }
    expect(validate({ type: 'task.add', title: 'T', role: null })).toMatchObject({ ok: true });
  });
});

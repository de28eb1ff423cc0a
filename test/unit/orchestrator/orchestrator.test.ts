import { describe, expect, it } from 'vitest';
import { Orchestrator, type WorkerPort } from '../../../src/orchestrator/orchestrator.js';
import { createAppStore } from '../../../src/store/store.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import { makeWorker } from '../../ui/support.js';

const SETTINGS = {
  tickMs: 100,
  confirmTimeoutMs: 1_000,
  typingGraceMs: 500,
  breakerThreshold: 2,
  maxAttempts: 2,
  // Retries at once: backoff is tested with the retry rules themselves.
  backoffBaseMs: 0,
  backoffMaxMs: 0,
};

function setup(workers: { id: string; role?: string }[]) {
  const store = createAppStore();
  const clock = new FakeClock();
  const sent: { id: string; text: string }[] = [];
  const screens = new Map<string, string>();
  const verdicts = new Map<string, { state: 'working' | 'waiting' | 'idle'; reason: string }>();
  const port: WorkerPort = {
    sendPrompt: (id, text) => sent.push({ id, text }),
    typeAnswer: (id, text) => sent.push({ id, text }),
    detect: (id) => verdicts.get(id) ?? null,
    echoed: (id, text) => (screens.get(id) ?? '').includes(text.split('\n')[0]!),
  };
  const orchestrator = new Orchestrator(store, port, {
    settings: SETTINGS,
    clock,
    now: () => clock.now(),
  });
  for (const worker of workers) {
    store.getState().addWorker(
      makeWorker({
        id: worker.id,
        name: worker.id,
        role: worker.role ?? null,
        process: 'running',
      }),
    );
    orchestrator.workerAdded(worker.id);
  }
  const state = () => store.getState();
  const task = (id: string) => state().tasks.find((t) => t.id === id)!;
  const idle = (id: string) => orchestrator.hook(id, 'Stop', {});
  return { store, clock, sent, screens, verdicts, orchestrator, state, task, idle };
}

describe('Orchestrator', () => {
  it('assigns a ready task to an idle worker, delivers it once, runs and completes it', () => {
    const { orchestrator, sent, state, task, idle } = setup([{ id: 'w1' }]);
    expect(orchestrator.execute({ type: 'task.add', title: 'Add subtract' })).toEqual({
      ok: true,
      message: 'T1',
    });
    // Not ready yet: nothing is sent to a worker still starting.
    expect(sent).toEqual([]);
    idle('w1');
    expect(task('T1')).toMatchObject({ status: 'assigned', assignee: 'w1', attempts: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/^Add subtract \(task T1\)/);
    expect(state().workers.w1!.currentTask).toBe('T1');
    orchestrator.hook('w1', 'UserPromptSubmit', { prompt: sent[0]!.text });
    expect(task('T1').status).toBe('running');
    expect(state().workers.w1!.status).toMatchObject({ state: 'working', signal: 'hook' });
    orchestrator.hook('w1', 'Stop', { last_assistant_message: 'Done: added subtract' });
    expect(task('T1')).toMatchObject({ status: 'done', result: 'Done: added subtract' });
    expect(state().workers.w1!.currentTask).toBeNull();
    expect(sent).toHaveLength(1);
    const kinds = state()
      .log.map((entry) => entry.message)
      .filter(Boolean);
    expect(kinds).toEqual(['TASK_ASSIGNMENT', 'TASK_COMPLETE']);
    expect(
      state().log.some((entry) => entry.kind === 'decision' && entry.text.includes('T1 → w1')),
    ).toBe(true);
  });

  it('respects dependencies and roles', () => {
    const { orchestrator, task, idle } = setup([
      { id: 'coder', role: 'coder' },
      { id: 'tester', role: 'tester' },
    ]);
    orchestrator.execute({ type: 'task.add', title: 'code', role: 'coder' });
    orchestrator.execute({ type: 'task.add', title: 'test', role: 'tester', after: ['T1'] });
    idle('coder');
    idle('tester');
    expect(task('T1').assignee).toBe('coder');
    expect(task('T2').status).toBe('pending');
    orchestrator.hook('coder', 'UserPromptSubmit', {});
    orchestrator.hook('coder', 'Stop', { last_assistant_message: 'coded' });
    expect(task('T2')).toMatchObject({ status: 'assigned', assignee: 'tester' });
  });

  it('holds prompts while the human types into the worker, and says so', () => {
    const { orchestrator, sent, state, clock, idle } = setup([{ id: 'w1' }]);
    idle('w1');
    orchestrator.humanTyped('w1');
    orchestrator.execute({ type: 'task.add', title: 'wait for me' });
    expect(sent).toEqual([]);
    expect(state().workers.w1!.waitingForHuman).toBe(true);
    clock.advance(600);
    orchestrator.tick();
    expect(sent).toHaveLength(1);
    expect(state().workers.w1!.waitingForHuman).toBe(false);
  });

  it('confirms by screen echo, retries an unconfirmed prompt once, then fails the attempt', () => {
    const { orchestrator, sent, screens, task, clock, idle } = setup([{ id: 'w1' }]);
    idle('w1');
    orchestrator.execute({ type: 'task.add', title: 'echo me' });
    screens.set('w1', '> echo me (task T1)');
    orchestrator.tick();
    expect(task('T1').status).toBe('running');

    orchestrator.execute({ type: 'task.add', title: 'lost prompt' });
    orchestrator.hook('w1', 'Stop', { last_assistant_message: 'first done' });
    expect(sent.filter((s) => s.text.startsWith('lost prompt'))).toHaveLength(1);
    clock.advance(1_000);
    orchestrator.tick();
    expect(sent.filter((s) => s.text.startsWith('lost prompt'))).toHaveLength(2);
    clock.advance(1_000);
    orchestrator.tick();
    expect(sent.filter((s) => s.text.startsWith('lost prompt'))).toHaveLength(2);
    expect(task('T2').attempts).toBeGreaterThanOrEqual(1);
    expect(task('T2').failedOn).toContain('w1');
  });

  it('retries a failed task with backoff, preferring another worker', () => {
    const { orchestrator, task, idle } = setup([{ id: 'a' }, { id: 'b' }]);
    idle('a');
    orchestrator.execute({ type: 'task.add', title: 'flaky' });
    expect(task('T1').assignee).toBe('a');
    orchestrator.hook('a', 'UserPromptSubmit', {});
    orchestrator.hook('a', 'Stop', { last_assistant_message: 'failed: tests broke' });
    // a is idle again, but the retry waits for b, the worker it has not failed on.
    expect(task('T1')).toMatchObject({ status: 'pending', failedOn: ['a'], attempts: 1 });
    idle('b');
    expect(task('T1')).toMatchObject({ status: 'assigned', assignee: 'b', attempts: 2 });
  });

  it('takes a worker out of dispatch after K failures in a row until the human reinstates it', () => {
    const { orchestrator, task, state, idle } = setup([{ id: 'a' }]);
    idle('a');
    for (const title of ['one', 'two']) {
      orchestrator.execute({ type: 'task.add', title });
      orchestrator.hook('a', 'UserPromptSubmit', {});
      orchestrator.hook('a', 'Stop', { last_assistant_message: 'failed: nope' });
    }
    expect(state().workers.a!.dispatchable).toBe(false);
    expect(
      state().log.some((e) => e.kind === 'decision' && e.text.includes('out of dispatch')),
    ).toBe(true);
    orchestrator.execute({ type: 'task.add', title: 'three' });
    expect(task('T3').status).toBe('pending');
    expect(state().workers.a!.currentTask).toBeNull();
    orchestrator.execute({ type: 'worker.reinstate', id: 'a' });
    expect(state().workers.a!.dispatchable).toBe(true);
    // T1 was retried on a (no other worker) and failed for good: two failures in a row.
    expect(task('T1').status).toBe('failed');
    // Back in dispatch: the oldest waiting task goes to it.
    expect(state().workers.a!.currentTask).toBe('T2');
  });

  it('logs a reassignment as an override and moves the prompt', () => {
    const { orchestrator, sent, task, state, idle } = setup([{ id: 'a' }, { id: 'b' }]);
    orchestrator.execute({ type: 'dispatch.hold' });
    orchestrator.execute({ type: 'task.add', title: 'move me' });
    idle('a');
    idle('b');
    expect(task('T1').status).toBe('pending');
    orchestrator.execute({ type: 'task.assign', task: 'T1', worker: 'a' });
    expect(task('T1').assignee).toBe('a');
    orchestrator.execute({ type: 'task.reassign', task: 't1', worker: 'b' });
    expect(task('T1').assignee).toBe('b');
    expect(state().workers.a!.currentTask).toBeNull();
    expect(sent.map((s) => s.id)).toEqual(['a', 'b']);
    const overrides = state()
      .log.filter((e) => e.kind === 'override')
      .map((e) => e.text);
    expect(overrides.some((text) => text.includes('T1 → b from a by hand'))).toBe(true);
  });

  it('makes a worker wait on a QUESTION and types the answer into it', () => {
    const { orchestrator, sent, state, clock } = setup([{ id: 'w1' }]);
    const bells: string[] = [];
    orchestrator.onBell((id) => bells.push(id));
    orchestrator.execute({
      type: 'worker.report',
      id: 'w1',
      report: 'QUESTION',
      text: 'Which port?',
    });
    expect(state().workers.w1!.question).toBe('Which port?');
    expect(state().workers.w1!.status.state).toBe('waiting');
    expect(bells).toEqual(['w1']);
    clock.advance(10);
    orchestrator.execute({ type: 'worker.answer', id: 'w1', text: '8080' });
    expect(sent).toEqual([{ id: 'w1', text: '8080' }]);
    expect(state().workers.w1!.question).toBeNull();
  });

  it('fails the task of a worker that exits', () => {
    const { orchestrator, task, idle } = setup([{ id: 'w1' }]);
    idle('w1');
    orchestrator.execute({ type: 'task.add', title: 'doomed' });
    orchestrator.processChanged('w1', 'exited', 1);
    expect(task('T1').status).toBe('pending');
    expect(task('T1').failedOn).toEqual(['w1']);
  });
});

describe('Orchestrator and failed turns', () => {
  it('fails the running task when the turn ends on an API error (StopFailure)', () => {
    const { orchestrator, sent, task, idle, state } = setup([{ id: 'w1' }, { id: 'w2' }]);
    orchestrator.execute({ type: 'task.add', title: 'Add subtract' });
    idle('w1');
    orchestrator.hook('w1', 'UserPromptSubmit', { prompt: sent[0]!.text });
    expect(task('T1').status).toBe('running');
    orchestrator.hook('w1', 'StopFailure', {
      error: 'rate_limit',
      last_assistant_message: 'API Error: 429 rate limited',
    });
    expect(state().workers.w1!.currentTask).toBeNull();
    expect(state().workers.w1!.status).toMatchObject({ state: 'waiting' });
    // Retried by the policy, on another worker when there is one.
    expect(task('T1').failedOn).toEqual(['w1']);
    expect(task('T1').error ?? '').toContain('turn failed: API Error: 429 rate limited');
  });
});

describe('Orchestrator permissions inbox', () => {
  it('does not list a dialog still on screen after its answer, but lists the next one', () => {
    // An agent without hooks: the inbox learns of its dialogs from the screen alone.
    const { orchestrator, verdicts, state, clock } = setup([{ id: 'w1' }]);
    verdicts.set('w1', { state: 'waiting', reason: 'permission: "Bash command"' });
    orchestrator.tick();
    expect(state().workers.w1!.permission).toMatchObject({ tool: '"Bash command"' });
    // The screen keeps showing the dialog a moment after the keys went in.
    orchestrator.permissionAnswered('w1');
    clock.advance(100);
    orchestrator.tick();
    expect(state().workers.w1!.permission).toBeNull();
    // The agent works, then asks again: that is a new request.
    verdicts.set('w1', { state: 'working', reason: 'thinking' });
    clock.advance(100);
    orchestrator.tick();
    verdicts.set('w1', { state: 'waiting', reason: 'permission: "Bash command"' });
    clock.advance(100);
    orchestrator.tick();
    expect(state().workers.w1!.permission).toMatchObject({ tool: '"Bash command"' });
  });
});

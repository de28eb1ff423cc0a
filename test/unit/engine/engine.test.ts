import { describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from '../../../src/engine/engine.js';
import { shellWorkerSpec, type WorkerSpec } from '../../../src/engine/workerSpec.js';
import { createAppStore } from '../../../src/store/store.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import { FakePtyBackend } from '../../helpers/fakePty.js';
import { FakeScreen } from '../../helpers/fakeScreen.js';
import { callLine } from './transcript.js';

const GRACE_MS = 3000;
const DEBOUNCE_MS = 40;

function setupWithReader(reader: NonNullable<ReturnType<NonNullable<EngineOptions['readerFor']>>>) {
  return setup({ readerFor: () => reader });
}

function setup(
  options: {
    missing?: string[];
    removeWorktree?: EngineOptions['removeWorktree'];
    readerFor?: EngineOptions['readerFor'];
  } = {},
) {
  const clock = new FakeClock();
  const backend = new FakePtyBackend();
  const store = createAppStore();
  store.getState().setLayout({ screen: { cols: 120, rows: 40 } });
  const screens: FakeScreen[] = [];
  const engine = new Engine({
    store,
    backend,
    clock,
    createScreen: ({ cols, rows }) => {
      const screen = new FakeScreen(cols, rows);
      screens.push(screen);
      return screen;
    },
    resolveExecutable: (file) => (options.missing?.includes(file) ? null : `/usr/bin/${file}`),
    settings: { scrollback: 100, killGraceMs: GRACE_MS, resizeDebounceMs: DEBOUNCE_MS },
    baseEnv: { PATH: '/usr/bin', SECRET_FROM_PARENT: 'kept' },
    ...(options.removeWorktree ? { removeWorktree: options.removeWorktree } : {}),
    ...(options.readerFor ? { readerFor: options.readerFor } : {}),
  });
  const spec = (name: string, extra: Partial<WorkerSpec> = {}): WorkerSpec => ({
    ...shellWorkerSpec({ id: name, name, commandLine: `echo ${name}`, cwd: '/tmp' }),
    ...extra,
  });
  const state = () => store.getState();
  return { clock, backend, store, engine, screens, spec, state };
}

describe('Engine workers', () => {
  it('spawns each worker at its tile interior size with its cwd and env', () => {
    const { engine, backend, spec, state } = setup();
    engine.addWorker(spec('a', { env: { ROLE: 'coder' } }));
    engine.addWorker(spec('b'));
    const [a, b] = backend.spawned;
    expect(a!.options).toMatchObject({ file: '/usr/bin//bin/sh', cwd: '/tmp' });
    expect(a!.options.env).toMatchObject({ ROLE: 'coder', SECRET_FROM_PARENT: 'kept' });
    expect(state().workers.a).toMatchObject({ process: 'running', pid: a!.pid });
    // Two workers side by side: the second one's arrival halves the first one's tile.
    const layout = engine.layout();
    if (layout.kind !== 'tiled') throw new Error('expected a tiled layout');
    const interiorB = layout.panes[1]!.interior;
    expect(b!.size).toEqual({ cols: interiorB.width, rows: interiorB.height });
  });

  it('resizes pty and screen together once the layout settles (debounced)', () => {
    const { engine, backend, spec, clock, screens, state } = setup();
    engine.addWorker(spec('a'));
    const pty = backend.last();
    engine.execute({ type: 'screen.resize', cols: 100, rows: 30 });
    engine.execute({ type: 'screen.resize', cols: 90, rows: 30 });
    const before = { ...pty.size };
    clock.advance(DEBOUNCE_MS - 1);
    expect(pty.size).toEqual(before);
    clock.advance(1);
    const layout = engine.layout();
    if (layout.kind !== 'tiled') throw new Error('expected a tiled layout');
    const interior = layout.panes[0]!.interior;
    expect(pty.size).toEqual({ cols: interior.width, rows: interior.height });
    expect(screens[0]!.cols).toBe(interior.width);
    expect(state().workers.a).toMatchObject({ cols: interior.width, rows: interior.height });
  });

  it('feeds output to the screen and the emulator replies back to the pty', () => {
    const { engine, backend, spec, screens } = setup();
    engine.addWorker(spec('a'));
    backend.last().emit('hello');
    expect(screens[0]!.written).toBe('hello');
    screens[0]!.reply('\x1b[?1;2c');
    expect(backend.last().written).toEqual(['\x1b[?1;2c']);
  });

  it('says "command not found" without spawning when the executable is missing', () => {
    const { engine, backend, spec, state, screens } = setup({ missing: ['nope'] });
    engine.addWorker(spec('a', { file: 'nope', viaShell: false }));
    expect(backend.spawned).toHaveLength(0);
    expect(state().workers.a).toMatchObject({
      process: 'exited',
      exitCode: 127,
      exitReason: 'command not found',
    });
    expect(screens[0]!.written).toContain('command not found: nope');
  });

  it('reads exit 127 of a shell command as "command not found"', () => {
    const { engine, backend, spec, state } = setup();
    engine.addWorker(spec('a'));
    backend.last().end(127);
    expect(state().workers.a).toMatchObject({
      process: 'exited',
      exitCode: 127,
      exitReason: 'command not found',
    });
  });

  it('pauses and resumes the process group', () => {
    const { engine, backend, spec, state } = setup();
    engine.addWorker(spec('a'));
    engine.execute({ type: 'worker.togglePause', id: 'a' });
    expect(backend.last().signals).toEqual(['SIGSTOP']);
    expect(state().workers.a!.process).toBe('paused');
    engine.execute({ type: 'worker.togglePause', id: 'a' });
    expect(backend.last().signals).toEqual(['SIGSTOP', 'SIGCONT']);
    expect(state().workers.a!.process).toBe('running');
  });

  it('kills only after confirmation, then SIGKILLs after the grace period', () => {
    const { engine, backend, spec, state, clock } = setup();
    engine.addWorker(spec('a'));
    const pty = backend.last();
    engine.execute({ type: 'worker.kill', id: 'a' });
    expect(state().ui.overlay).toMatchObject({ kind: 'confirm', title: 'Kill a?' });
    expect(pty.signals).toEqual([]);
    engine.execute({ type: 'dialog.confirm' });
    expect(state().ui.overlay).toBeNull();
    expect(pty.signals).toEqual(['SIGHUP', 'SIGTERM', 'SIGCONT']);
    clock.advance(GRACE_MS);
    expect(pty.signals.at(-1)).toBe('SIGKILL');
    pty.end(0, 9);
    expect(state().workers.a).toMatchObject({ process: 'exited', exitSignal: 'SIGKILL' });
  });

  it('cancelling the confirmation kills nothing', () => {
    const { engine, backend, spec } = setup();
    engine.addWorker(spec('a'));
    engine.execute({ type: 'worker.kill', id: 'a' });
    engine.execute({ type: 'dialog.cancel' });
    expect(backend.last().signals).toEqual([]);
  });

  it('restarts an exited worker on a fresh screen, and refuses while it runs', () => {
    const { engine, backend, spec, state, screens } = setup();
    engine.addWorker(spec('a'));
    expect(engine.execute({ type: 'worker.restart', id: 'a' }).ok).toBe(false);
    backend.last().end(0);
    expect(engine.execute({ type: 'worker.restart', id: 'a' }).ok).toBe(true);
    expect(backend.spawned).toHaveLength(2);
    expect(screens[0]!.disposed).toBe(true);
    expect(engine.screenOf('a')).toBe(screens[1]);
    expect(state().workers.a).toMatchObject({ process: 'running', restarts: 1 });
  });

  it('sends input only to the addressed worker', () => {
    const { engine, backend, spec } = setup();
    engine.addWorker(spec('a'));
    engine.addWorker(spec('b'));
    engine.execute({ type: 'worker.input', id: 'b', data: 'ls\r' });
    expect(backend.spawned[0]!.written).toEqual([]);
    expect(backend.spawned[1]!.written).toEqual(['ls\r']);
  });
});

describe('Engine focus, modes and quitting', () => {
  it('moves focus by index, by cycling and by direction', () => {
    const { engine, spec, state } = setup();
    engine.addWorker(spec('a'));
    engine.addWorker(spec('b'));
    expect(state().layout.focus).toBe('a');
    engine.execute({ type: 'focus.index', index: 2 });
    expect(state().layout.focus).toBe('b');
    engine.execute({ type: 'focus.cycle', delta: 1 });
    expect(state().layout.focus).toBe('master');
    engine.execute({ type: 'focus.cycle', delta: 1 });
    expect(state().layout.focus).toBe('a');
    engine.execute({ type: 'focus.move', direction: 'right' });
    expect(state().layout.focus).toBe('b');
    engine.execute({ type: 'focus.move', direction: 'down' });
    expect(state().layout.focus).toBe('master');
    expect(engine.execute({ type: 'focus.index', index: 7 }).ok).toBe(false);
  });

  it('enters INSERT only on a running worker and leaves it when the master is focused', () => {
    const { engine, backend, spec, state } = setup();
    engine.addWorker(spec('a'));
    expect(engine.execute({ type: 'mode.set', mode: 'insert' }).ok).toBe(true);
    expect(engine.cursorPane()).toBe('a');
    engine.execute({ type: 'focus.set', target: 'master' });
    expect(state().ui.inputMode).toBe('navigate');
    // On the master pane INSERT types into its command line; no cursor in a pane.
    expect(engine.execute({ type: 'mode.set', mode: 'insert' }).ok).toBe(true);
    expect(engine.cursorPane()).toBeNull();
    engine.execute({ type: 'focus.set', target: 'a' });
    backend.last().end(1);
    expect(engine.execute({ type: 'mode.set', mode: 'insert' }).ok).toBe(false);
    expect(state().ui.notice?.text).toContain('r restarts');
  });

  it('zoom shows the focused pane alone', () => {
    const { engine, spec } = setup();
    engine.addWorker(spec('a'));
    engine.addWorker(spec('b'));
    engine.execute({ type: 'layout.zoom' });
    const layout = engine.layout();
    if (layout.kind !== 'tiled') throw new Error('expected a tiled layout');
    expect(layout.panes.map((pane) => pane.id)).toEqual(['a']);
    expect(layout.master).toBeNull();
  });

  it('asks before quitting while workers run, and quits at once when none do', () => {
    const { engine, backend, spec, state } = setup();
    let quits = 0;
    engine.onQuit(() => quits++);
    engine.addWorker(spec('a'));
    engine.execute({ type: 'app.quit' });
    expect(quits).toBe(0);
    expect(state().ui.overlay).toMatchObject({ kind: 'confirm' });
    engine.execute({ type: 'dialog.confirm' });
    expect(quits).toBe(1);
    backend.last().end(0);
    engine.execute({ type: 'app.quit' });
    expect(quits).toBe(1);
  });

  it('shutdown ends every process group, forcing those that linger', async () => {
    const { engine, backend, spec, clock } = setup();
    engine.addWorker(spec('a'));
    engine.addWorker(spec('b'));
    const done = engine.shutdown(100);
    backend.spawned[0]!.end(0);
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(100);
    await new Promise((resolve) => setImmediate(resolve));
    expect(backend.spawned[1]!.signals).toContain('SIGKILL');
    backend.spawned[1]!.end(0, 9);
    await done;
    expect(backend.spawned.every((pty) => pty.disposed)).toBe(true);
  });
});

describe('Engine specs', () => {
  it('still lists every worker spec after shutdown, for the last save', async () => {
    const { engine, backend, spec } = setup();
    engine.addWorker(spec('a'));
    engine.addWorker(spec('b'), { start: false, restored: { killed: true, process: 'exited' } });
    expect(backend.spawned).toHaveLength(1);
    const done = engine.shutdown(50);
    backend.spawned[0]!.end(0);
    await done;
    expect(engine.specs().map((s) => s.id)).toEqual(['a', 'b']);
  });
});

describe('Engine worker removal', () => {
  it('removes an ended worker and asks for its worktree to go, keeping it when it holds work', async () => {
    const removals: { id: string; force: boolean }[] = [];
    const { engine, backend, spec, state } = setup({
      removeWorktree: async (worker, force) => {
        removals.push({ id: worker.id, force });
        return { removed: false, reason: '1 commit not in main — kept' };
      },
    });
    engine.addWorker({ ...spec('a'), worktree: '/wt/a', branch: 'multibot/s/a' });
    expect(engine.execute({ type: 'worker.remove', id: 'a' })).toMatchObject({ ok: false });
    backend.last().end(0);
    expect(engine.execute({ type: 'worker.remove', id: 'a' }).ok).toBe(true);
    expect(state().workers.a).toBeUndefined();
    expect(state().workerOrder).toEqual([]);
    expect(engine.specs()).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(removals).toEqual([{ id: 'a', force: false }]);
    expect(state().ui.notice?.text).toContain('worktree kept — 1 commit not in main');
  });
});

describe('Engine and agent trust screens', () => {
  const trustReader = {
    promptDelivery: 'paste' as const,
    permissionKeys: { allow: 'y', deny: 'n', denyEndsTurn: false },
    detect: (screen: { rows: readonly string[] }) =>
      screen.rows.some((row) => row.includes('trust this folder'))
        ? { state: 'waiting' as const, reason: 'workspace trust' }
        : null,
    echoed: () => false,
  };

  it('accepts the trust prompt once, only for a worktree it created', () => {
    const { engine, backend, spec, screens } = setupWithReader(trustReader);
    engine.addWorker({ ...spec('own'), worktree: '/wt/own', branch: 'b' });
    engine.addWorker(spec('theirs'));
    screens[0]!.setRow(0, 'Do you trust this folder?');
    screens[1]!.setRow(0, 'Do you trust this folder?');
    engine.orchestrator.tick();
    engine.orchestrator.tick();
    expect(backend.spawned[0]!.written).toEqual(['\r']);
    expect(backend.spawned[1]!.written).toEqual([]);
  });

  it('leaves even its own worktree to the human when the profile says so', () => {
    const { engine, backend, spec, screens } = setupWithReader(trustReader);
    engine.addWorker({ ...spec('own'), worktree: '/wt/own', branch: 'b', trustOwnWorktree: false });
    screens[0]!.setRow(0, 'Do you trust this folder?');
    engine.orchestrator.tick();
    expect(backend.spawned[0]!.written).toEqual([]);
  });
});

describe('Engine and a missing agent', () => {
  it('says how to install Claude Code when it is not there', () => {
    const { engine, screens } = setup({ missing: ['claude'] });
    engine.addWorker({
      ...shellWorkerSpec({ id: 'c', name: 'c', commandLine: 'claude', cwd: '/tmp' }),
      file: 'claude',
      args: [],
      viaShell: false,
    });
    expect(screens[0]!.written).toContain('npm install -g @anthropic-ai/claude-code');
    expect(screens[0]!.written).toContain('--demo');
  });
});

describe('Engine permissions inbox', () => {
  const keysReader = {
    promptDelivery: 'paste' as const,
    permissionKeys: { allow: 'y', deny: 'n', denyEndsTurn: false },
    detect: () => null,
    echoed: () => false,
  };

  it('answers the pending permission with the agent keys, and logs it', () => {
    const { engine, backend, spec, state } = setupWithReader(keysReader);
    engine.addWorker(spec('a'));
    engine.receiveHook('a', 'PermissionRequest', {
      tool_name: 'Write',
      tool_input: { file_path: 'x.md' },
    });
    expect(state().workers.a!.permission).toMatchObject({ tool: 'Write', detail: 'x.md' });
    expect(engine.execute({ type: 'permission.answer', allow: true }).ok).toBe(true);
    expect(backend.last().written).toEqual(['y']);
    expect(state().workers.a!.permission).toBeNull();
    expect(
      state().log.some((e) => e.kind === 'override' && e.text.includes('allowed Write x.md for a')),
    ).toBe(true);
    expect(engine.execute({ type: 'permission.answer', allow: false }).ok).toBe(false);
  });

  it('fails the task when a denial ends the turn without a Stop hook, as Claude Code does', () => {
    const { engine, spec, state, backend } = setupWithReader({
      ...keysReader,
      permissionKeys: { allow: '1', deny: '3', denyEndsTurn: true },
    });
    engine.addWorker(spec('a'));
    engine.execute({ type: 'task.add', title: 'Write the notes' });
    engine.receiveHook('a', 'Stop', {});
    engine.receiveHook('a', 'UserPromptSubmit', {});
    expect(state().tasks[0]).toMatchObject({ status: 'running', assignee: 'a' });
    engine.receiveHook('a', 'PermissionRequest', {
      tool_name: 'Write',
      tool_input: { file_path: 'notes.md' },
    });
    expect(engine.execute({ type: 'permission.answer', allow: false }).ok).toBe(true);
    expect(backend.last().written.at(-1)).toBe('3');
    const task = state().tasks[0]!;
    expect(task.status).not.toBe('running');
    expect(state().workers.a!.currentTask).toBeNull();
    expect(state().log.some((e) => e.text.includes('denied Write notes.md'))).toBe(true);
  });

  it("allows a tool outright when the profile's policy lists it", () => {
    const { engine, backend, spec, state } = setupWithReader(keysReader);
    engine.addWorker({ ...spec('a'), allowTools: ['Read'] });
    engine.receiveHook('a', 'PermissionRequest', {
      tool_name: 'Read',
      tool_input: { file_path: 'y' },
    });
    expect(backend.last().written).toEqual(['y']);
    expect(
      state().log.some((e) => e.kind === 'decision' && e.text.includes('(profile policy)')),
    ).toBe(true);
    engine.receiveHook('a', 'PermissionRequest', {
      tool_name: 'Bash',
      tool_input: { command: 'rm -rf x' },
    });
    expect(backend.last().written).toEqual(['y']);
    expect(state().workers.a!.permission).toMatchObject({ tool: 'Bash', detail: 'rm -rf x' });
  });
});

describe('Engine budget', () => {
  it('holds dispatch and warns once when the session reaches the budget', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'multibot-budget-'));
    const transcript = join(dir, 't.jsonl');
    writeFileSync(transcript, callLine('m1'));
    const store = createAppStore();
    const engine = new Engine({
      store,
      backend: new FakePtyBackend(),
      clock: new FakeClock(),
      createScreen: ({ cols, rows }) => new FakeScreen(cols, rows),
      resolveExecutable: (file) => file,
      settings: { scrollback: 10, killGraceMs: 10, resizeDebounceMs: 1 },
      budgetUsd: 1,
    });
    engine.addWorker(shellWorkerSpec({ id: 'a', name: 'a', commandLine: 'x', cwd: '/tmp' }));
    engine.receiveHook('a', 'Stop', { transcript_path: transcript });
    await eventuallyTrue(() => store.getState().dispatch.held);
    expect(store.getState().log.filter((e) => e.text.startsWith('budget reached'))).toHaveLength(1);
    expect(store.getState().workers.a!.cost?.usd).toBeGreaterThanOrEqual(1);
  });
});

async function eventuallyTrue(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

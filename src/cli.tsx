/**
 * The composition root: argv → config → engine → render(<App/>) → wait →
 * cleanup. The one file of src/ that may import React and Ink.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { render } from 'ink';
import { App } from '../components/App.js';
import { renderReplayChrome } from '../components/replay/renderReplayChrome.js';
import { askYesNo } from './cli/askResume.js';
import { consoleToFile } from './cli/consoleToFile.js';
import { HostTerminal } from './cli/hostTerminal.js';
import type { FullRequest, RunOptions } from './cli/parseArgs.js';
import { cleanCommand, configCommand, listSessionsCommand } from './cli/sessionCommands.js';
import { exportCommand, replayCommand } from './replay/commands.js';
import { DiffRefresher } from './engine/diffRefresher.js';
import { Engine } from './engine/engine.js';
import { adapterFor, adapterKindFor } from './agents/registry.js';
import { InputController } from './input/inputController.js';
import { helpEntriesFor, parsePrefixKey } from './input/keymap.js';
import { overlayRect } from './layout/overlays.js';
import { startAutosave } from './persistence/autosave.js';
import { openSessionFile } from './persistence/sessionStore.js';
import { uncleanSession } from './persistence/sessionIndex.js';
import { createNodePtyBackend } from './pty/nodePtyBackend.js';
import { resolveExecutable } from './pty/resolveCommand.js';
import { InkStdout } from './render/inkStdout.js';
import { Renderer } from './render/renderer.js';
import { resolveContext, type SessionContext } from './session/context.js';
import { startControlPlane, type ControlPlane } from './session/controlPlane.js';
import { prepareNewSession } from './session/newSession.js';
import type { PreparedSession } from './session/prepared.js';
import { prepareResume } from './session/resumeSession.js';
import { prepareSpawn } from './session/spawnWorker.js';
import { demoContext } from './session/demo.js';
import type { Command } from './engine/commands.js';
import { ensureCliShim } from './session/cliShim.js';
import { startRecording, type SessionRecording } from './session/recording.js';
import { restoredTasks } from './session/restoreTasks.js';
import { toSavedState } from './session/savedState.js';
import { createAppStore } from './store/store.js';
import { validLogEntries } from './store/logSlice.js';
import { createScreenFactory, emulationFromEnv } from './terminal/screenFactory.js';
import { UserError, errorMessage } from './util/errors.js';
import { packageVersion } from './util/packageRoot.js';

/** Time the pty and emulator wait for the layout to settle before resizing. */
const RESIZE_DEBOUNCE_MS = 40;

const progress = (message: string) => process.stderr.write(`${message}\n`);

/**
 * Runs a subcommand that needs the control room's machinery (main.ts runs the
 * light ones). `env` is the environment to hand to workers and to expand in
 * config: the one the user started us with (bin/ adjusts process.env for Ink).
 */
export async function runCommand(request: FullRequest, env: NodeJS.ProcessEnv): Promise<number> {
  const cwd = process.cwd();
  const out = process.stdout;
  switch (request.kind) {
    case 'sessions':
      return listSessionsCommand(request, { cwd, env, out });
    case 'clean':
      return cleanCommand(request, { cwd, env, out });
    case 'config':
      return configCommand(request, { cwd, env, out });
    case 'replay':
      return replayCommand(request, {
        cwd,
        env,
        stdin: process.stdin,
        stdout: process.stdout,
        renderChrome: renderReplayChrome,
      });
    case 'export':
      return exportCommand(request, { cwd, env, out });
    case 'run':
    case 'resume':
      break;
  }
  requireTerminal();
  const demo =
    request.kind === 'run' && request.demo ? await demoContext(request, { cwd, env }) : null;
  const context = demo?.context ?? (await resolveContext(request, { cwd, env }));
  const prepared =
    request.kind === 'resume'
      ? await prepareResume(context, request.session, env, progress)
      : await newOrUnclean(context, request, env);
  // The demo's tasks are given once, to a new session; a resumed one has its own.
  const seed = demo && !prepared.restored ? demo.tasks : [];
  const recordInput = request.recordInput;
  return runControlRoom(
    prepared,
    request.kind === 'run' ? request.layout : null,
    env,
    seed,
    recordInput,
    request.budgetUsd,
  );
}

function requireTerminal(): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(
      'multibot-tui needs an interactive terminal: stdin and stdout must both be a TTY.\n' +
        'Run it directly in a terminal window, not through a pipe or a redirect.',
    );
  }
}

/**
 * A new session — unless the last one here did not end cleanly and the human
 * would rather resume it. Declining marks it as crashed, so it is asked once.
 */
async function newOrUnclean(
  context: SessionContext,
  options: RunOptions,
  env: NodeJS.ProcessEnv,
): Promise<PreparedSession> {
  const unclean =
    options.workers.length === 0 ? await uncleanSession(context.home, context.workDir) : null;
  if (unclean) {
    const resume = await askYesNo(
      `The last session here (${unclean.id}, ${unclean.workers} workers) did not end cleanly. Resume it?`,
      { input: process.stdin, output: process.stderr },
    );
    if (resume) return prepareResume(context, unclean.id, env, progress);
    const db = await openSessionFile(
      context.home.stateFile(unclean.id),
      context.home.lastGoodFile(unclean.id),
    );
    if (db.state) {
      await db.save({ ...db.state, session: { ...db.state.session, ended: 'crashed' } });
    }
  }
  return prepareNewSession(context, options, env, progress);
}

async function runControlRoom(
  prepared: PreparedSession,
  layoutOverride: RunOptions['layout'],
  env: NodeJS.ProcessEnv,
  seedTasks: readonly Command[] = [],
  recordInput = false,
  budgetUsd: number | null = null,
): Promise<number> {
  const { stdin, stdout } = process;
  const { context, record, restored } = prepared;
  const config = context.config;
  const prefix = parsePrefixKey(config.prefixKey);
  const store = createAppStore();
  const state = store.getState();
  const size = () => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  state.setLayout({
    mode: layoutOverride ?? restored?.layout.mode ?? config.layout,
    zoom: restored?.layout.zoom ?? false,
    screen: size(),
  });
  state.setUi({ prefixLabel: prefix.label });
  state.setSession({
    id: record.session.id,
    repoRoot: record.session.repoRoot,
    repoName: record.session.repoName,
    base: record.session.base,
    startedAt: record.session.startedAt,
    label: record.session.label ?? null,
  });
  for (const entry of validLogEntries(restored?.log)) state.appendLog(entry);

  let controlPlane: ControlPlane | null = null;
  let recording: SessionRecording | null = null;
  const shim = await ensureCliShim(context.home.home);
  const dispatch = config.dispatch;
  // Where terminal emulation runs (MULTIBOT_EMULATION); screen worker threads are
  // stopped after the engine's shutdown, and never keep the process alive meanwhile.
  const screens = createScreenFactory(emulationFromEnv(env));
  const engine: Engine = new Engine({
    store,
    backend: createNodePtyBackend(),
    createScreen: (options) => screens.create(options),
    resolveExecutable,
    baseEnv: env,
    extraEnv: (id) => ({
      ...controlPlane?.envFor(id),
      PATH: `${shim.dir}:${env.PATH ?? '/usr/bin:/bin'}`,
    }),
    readerFor: (spec) => adapterFor(adapterKindFor(spec.file, spec.args)),
    tapFor: (spec) => recording?.tapFor(spec),
    parsers: { profiles: Object.keys(config.profiles) },
    budgetUsd,
    orchestrator: {
      maxAttempts: dispatch.maxAttempts,
      breakerThreshold: dispatch.breakerThreshold,
      stallAfterMs: dispatch.stallAfterSec * 1000,
      confirmTimeoutMs: dispatch.confirmTimeoutSec * 1000,
    },
    removeWorktree: async (spec, force) => {
      if (!prepared.worktrees || !spec.worktree || !spec.branch) return { removed: false };
      return prepared.worktrees.remove(
        { path: spec.worktree, branch: spec.branch, base: record.session.base },
        { force },
      );
    },
    spawnWorker: async (profile, name) => {
      const spec = await prepareSpawn({
        context,
        sessionId: record.session.id,
        base: record.session.base,
        worktrees: prepared.worktrees,
        profile,
        name,
        taken: new Set(store.getState().workerOrder),
        env,
      });
      engine.addWorker(spec);
    },
    settings: {
      scrollback: config.scrollback,
      killGraceMs: config.killGraceMs,
      resizeDebounceMs: RESIZE_DEBOUNCE_MS,
    },
  });
  store.getState().setDispatch({
    strategy: restored?.dispatch?.strategy ?? dispatch.strategy,
    held: restored?.dispatch?.held ?? false,
  });
  const warn = (text: string) => {
    store.getState().appendLog({ at: Date.now(), kind: 'warning', text });
    store.getState().setUi({ notice: { text, level: 'warn' } });
  };
  controlPlane = await startControlPlane({
    engine,
    sessionDir: context.home.sessionDir(record.session.id),
  });

  recording = await startRecording({
    store,
    dir: context.home.recordingsDir(record.session.id),
    recordInput,
    onWarning: warn,
  });
  const autosave = startAutosave({
    store,
    db: prepared.db,
    toSaved: (app) => toSavedState(app, record, engine.specs()),
    onError: (error) => warn(`cannot save the session state: ${errorMessage(error)}`),
  });
  const worktrees = prepared.worktrees;
  const diffs = worktrees
    ? new DiffRefresher({
        store,
        summarize: (worktree) => worktrees.diffSummary(worktree, record.session.base),
      })
    : null;

  const host = new HostTerminal({ stdin, stdout });
  const restoreConsole = consoleToFile(
    join(context.home.sessionDir(record.session.id), 'debug.log'),
  );
  const restoreOnExit = () => {
    restoreConsole();
    host.restore();
  };
  process.on('exit', restoreOnExit);
  host.enter();

  const help = helpEntriesFor(prefix.label);
  const version = packageVersion();
  const renderer = new Renderer({
    source: {
      layout: () => engine.layout(),
      screenOf: (id) => engine.screenOf(id),
      cursorPane: () => engine.cursorPane(),
      focusedPane: () => store.getState().layout.focus,
      occlusion: () => {
        const { layout, ui } = store.getState();
        return overlayRect(layout.screen, ui.overlay, help, version);
      },
    },
    write: (data) => stdout.write(data),
  });
  engine.onScreenChange((id) => renderer.paneChanged(id));
  // The bell rings once when a worker starts needing the human; it is not part of any frame.
  engine.onBell(() => stdout.write('\x07'));

  const chromeLog = env.MULTIBOT_DEBUG_CHROME;
  const inkStdout = new InkStdout(size(), (frame) => {
    // Debugging the chrome: every Ink frame, as written, to a file of the user's choice.
    if (chromeLog) appendFileSync(chromeLog, `${frame}\n\u0000\n`);
    renderer.chromeFrame(frame);
  });
  const ink = render(<App store={store} helpEntries={help} version={version} />, {
    stdout: inkStdout as unknown as NodeJS.WriteStream,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });

  const input = new InputController(engine, prefix.byte);
  const onData = (chunk: string | Buffer) => input.feed(String(chunk));
  stdin.on('data', onData);

  const onResize = () => {
    const next = size();
    inkStdout.setSize(next.cols, next.rows);
    engine.execute({ type: 'screen.resize', ...next });
    renderer.invalidate();
  };
  stdout.on('resize', onResize);

  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));
  engine.onQuit(() => finish(0));
  const onSignal = (signal: NodeJS.Signals) => {
    store.getState().appendLog({ at: Date.now(), kind: 'app', text: `received ${signal}` });
    record.ended = 'signal';
    finish(signal === 'SIGINT' ? 130 : 143);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  const onCrash = (error: unknown) => {
    restoreConsole();
    host.restore();
    process.stderr.write(
      `multibot-tui crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    record.ended = 'crashed';
    finish(70);
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  for (const worker of prepared.workers) {
    engine.addWorker(worker.spec, {
      ...(worker.start ? {} : { start: false }),
      ...(worker.restored ? { restored: worker.restored } : {}),
    });
  }
  if (restored?.tasks) {
    const { tasks, notes } = restoredTasks(restored.tasks, Date.now());
    store.getState().setTasks(tasks);
    for (const note of notes)
      store.getState().appendLog({ at: Date.now(), kind: 'task', text: note });
  }
  for (const command of seedTasks) engine.execute(command);
  engine.orchestrator.start();
  const focus = restored?.layout.focus;
  if (focus && (focus === 'master' || store.getState().workers[focus])) {
    store.getState().setLayout({ focus });
  }
  for (const note of prepared.notes) warn(note);
  if (restored) {
    store.getState().appendLog({
      at: Date.now(),
      kind: 'app',
      text: `resumed session ${record.session.id}`,
    });
  }
  diffs?.start();
  renderer.invalidate();
  // On disk from the first moment: a crash right after start is still resumable.
  autosave
    .flush()
    .catch((error: unknown) => warn(`cannot save the session state: ${errorMessage(error)}`));

  const code = await finished;
  stdin.off('data', onData);
  stdout.off('resize', onResize);
  input.dispose();
  diffs?.stop();
  ink.unmount();
  renderer.dispose();
  await engine.shutdown();
  await screens.dispose();
  host.restore();
  restoreConsole();
  if (record.ended === 'running') record.ended = 'quit';
  record.endedAt = new Date().toISOString();
  try {
    await autosave.dispose();
  } catch (error) {
    process.stderr.write(
      `multibot-tui: could not save the session state: ${errorMessage(error)}\n`,
    );
  }
  await controlPlane.close();
  await recording.close();
  for (const signal of signals) process.off(signal, onSignal);
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  process.off('exit', restoreOnExit);
  return code;
}

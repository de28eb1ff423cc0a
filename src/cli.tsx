/**
 * The composition root: argv → config → engine → render(<App/>) → wait →
 * cleanup. The one file of src/ that may import React and Ink.
 */
import { PassThrough } from 'node:stream';
import { render } from 'ink';
import { App } from '../components/App.js';
import { parseCli, USAGE, type RunOptions } from './cli/parseArgs.js';
import { HostTerminal } from './cli/hostTerminal.js';
import { loadEffectiveConfig } from './config/layers.js';
import { configPaths } from './config/paths.js';
import { specsFromArgs, specsFromConfig } from './config/workerSpecs.js';
import type { Config } from './config/schema.js';
import { Engine } from './engine/engine.js';
import type { WorkerSpec } from './engine/workerSpec.js';
import { InputController } from './input/inputController.js';
import { helpEntriesFor, parsePrefixKey } from './input/keymap.js';
import { createNodePtyBackend } from './pty/nodePtyBackend.js';
import { resolveExecutable } from './pty/resolveCommand.js';
import { overlayRect } from './layout/overlays.js';
import { InkStdout } from './render/inkStdout.js';
import { Renderer } from './render/renderer.js';
import { createAppStore } from './store/store.js';
import { PaneScreen } from './terminal/paneScreen.js';
import { UserError } from './util/errors.js';
import { packageVersion } from './util/packageRoot.js';

/** Time the pty and emulator wait for the layout to settle before resizing. */
const RESIZE_DEBOUNCE_MS = 40;

interface Plan {
  config: Config;
  specs: WorkerSpec[];
  prefix: { byte: string; label: string };
  layout: RunOptions['layout'];
}

function plan(options: RunOptions): Plan {
  const cwd = process.cwd();
  const { config } = loadEffectiveConfig(configPaths({ repoRoot: null, explicit: options.config }));
  const specs = options.workers.length
    ? specsFromArgs(options.workers, cwd)
    : specsFromConfig(config, cwd, process.env);
  return { config, specs, prefix: parsePrefixKey(config.prefixKey), layout: options.layout };
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const request = parseCli(argv);
    if (request.kind === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (request.kind === 'version') {
      process.stdout.write(`multibot-tui ${packageVersion()}\n`);
      return 0;
    }
    if (request.kind !== 'run') {
      throw new UserError(`multibot-tui ${request.kind}: not available in this version`);
    }
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      throw new UserError(
        'multibot-tui needs an interactive terminal: stdin and stdout must both be a TTY.\n' +
          'Run it directly in a terminal window, not through a pipe or a redirect.',
      );
    }
    return await runControlRoom(plan(request));
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

async function runControlRoom({ config, specs, prefix, layout }: Plan): Promise<number> {
  const { stdin, stdout } = process;
  const store = createAppStore();
  const size = () => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  store.getState().setLayout({ mode: layout ?? config.layout, screen: size() });
  store.getState().setUi({ prefixLabel: prefix.label });

  const engine = new Engine({
    store,
    backend: createNodePtyBackend(),
    createScreen: (options) => new PaneScreen(options),
    resolveExecutable,
    settings: {
      scrollback: config.scrollback,
      killGraceMs: config.killGraceMs,
      resizeDebounceMs: RESIZE_DEBOUNCE_MS,
    },
  });

  const host = new HostTerminal({ stdin, stdout });
  const restoreOnExit = () => host.restore();
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

  const inkStdout = new InkStdout(size(), (frame) => renderer.chromeFrame(frame));
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
    finish(signal === 'SIGINT' ? 130 : 143);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  const onCrash = (error: unknown) => {
    host.restore();
    process.stderr.write(
      `multibot-tui crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    finish(70);
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  for (const spec of specs) engine.addWorker(spec);
  renderer.invalidate();

  const code = await finished;
  stdin.off('data', onData);
  stdout.off('resize', onResize);
  input.dispose();
  ink.unmount();
  renderer.dispose();
  await engine.shutdown();
  host.restore();
  for (const signal of signals) process.off(signal, onSignal);
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  process.off('exit', restoreOnExit);
  return code;
}

import { join } from 'node:path';
import { consoleToFile } from '../cli/consoleToFile.js';
import { HostTerminal } from '../cli/hostTerminal.js';
import { MASTER_PANE_ID } from '../engine/commands.js';
import { TokenFeed } from '../input/tokenFeed.js';
import { InkStdout } from '../render/inkStdout.js';
import { Renderer, type RenderSource } from '../render/renderer.js';
import { systemClock, type Clock } from '../util/clock.js';
import { DisposableStore } from '../util/disposable.js';
import { UserError } from '../util/errors.js';
import { applyReplayAction, routeReplayInput } from './replayInput.js';
import { replayLayout, type ReplayLayout } from './replayLayout.js';
import { ReplayPlayer } from './replayPlayer.js';
import { openReplaySession } from './replaySession.js';
import { createReplayStore, type ReplayState, type ReplayStore } from './replayStore.js';

/** `replay` options as the CLI parsed them (src/replay/replayOptions.ts checks them). */
export interface ReplayOptions {
  speed?: number | null;
  /** A time (`1:30`, `90`) or the start of a marker label. */
  from?: string | null;
  idleLimitS?: number | null;
}

export interface RunReplayOptions {
  /** `sessions/<id>` (src/replay/replaySession.ts `findReplaySession` finds it). */
  sessionDir: string;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  options?: ReplayOptions;
  /** Draws the chrome with Ink into `inkStdout` (components/replay/renderReplayChrome.tsx). */
  renderChrome: (store: ReplayStore, inkStdout: InkStdout) => { unmount(): void };
  clock?: Clock;
  /** Where libraries' console output goes while the replay owns the terminal. */
  debugLog?: string;
}

/** Exit codes, as the control room's. */
const EXIT_SIGNAL: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };
const EXIT_CRASH = 70;

/**
 * `multibot-tui replay`: the recorded room in the host terminal, built as the live
 * one is — host terminal modes, a Renderer compositing the replayed screens under
 * Ink's chrome, raw input — and the terminal restored on every way out (q, Ctrl-C,
 * signals, a crash). Resolves to the exit code.
 */
export async function runReplay(options: RunReplayOptions): Promise<number> {
  const { stdin, stdout } = options;
  if (!stdin.isTTY || !stdout.isTTY) {
    throw new UserError(
      'multibot-tui replay needs an interactive terminal: stdin and stdout must both be a TTY.\n' +
        'To get the recording as a file instead, use multibot-tui export SESSION.',
    );
  }
  const clock = options.clock ?? systemClock;
  // Everything that can fail with a message for the user does so before the screen changes.
  const session = await openReplaySession(options.sessionDir);
  const size = () => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  const store = createReplayStore({ screen: size() });
  let player: ReplayPlayer;
  try {
    player = await ReplayPlayer.open({
      session,
      store,
      clock,
      paused: true,
      speed: options.options?.speed ?? 1,
      from: options.options?.from ?? null,
      idleLimitS: options.options?.idleLimitS ?? null,
    });
  } catch (error) {
    session.model.dispose();
    throw error;
  }

  // Undone in reverse on every way out, however far setting up got.
  const cleanup = new DisposableStore();
  cleanup.add({ dispose: () => player.dispose() });
  const host = new HostTerminal({ stdin, stdout });
  const restoreConsole = consoleToFile(options.debugLog ?? join(session.dir, 'replay.debug.log'));
  const restore = (): void => {
    host.restore();
    restoreConsole();
  };
  cleanup.add({ dispose: restore });
  listen(cleanup, process, 'exit', restore);
  host.enter();

  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));
  try {
    const renderer = new Renderer({
      source: renderSource(store, player),
      write: (data) => stdout.write(data),
      clock,
    });
    cleanup.add(renderer);
    cleanup.add(
      player.onFrame((ids) => {
        for (const id of ids) renderer.paneChanged(id);
      }),
    );
    const inkStdout = new InkStdout(size(), (frame) => renderer.chromeFrame(frame));
    const chrome = options.renderChrome(store, inkStdout);
    cleanup.add({ dispose: () => chrome.unmount() });

    const input = cleanup.add(
      new TokenFeed(clock, (token) => {
        const goTo = store.getState().goTo?.text ?? null;
        for (const action of routeReplayInput(token, { goTo })) {
          if (applyReplayAction(player, action)) finish(0);
        }
      }),
    );
    listen(cleanup, stdin, 'data', (chunk: string | Buffer) => input.feed(String(chunk)));
    listen(cleanup, stdout, 'resize', () => {
      const next = size();
      inkStdout.setSize(next.cols, next.rows);
      player.resize(next.cols, next.rows);
      renderer.invalidate();
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      listen(cleanup, process, signal, () => finish(EXIT_SIGNAL[signal] ?? 129));
    }
    const onCrash = (error: unknown): void => {
      restore();
      process.stderr.write(
        `multibot-tui replay crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      finish(EXIT_CRASH);
    };
    listen(cleanup, process, 'uncaughtException', onCrash);
    listen(cleanup, process, 'unhandledRejection', onCrash);

    renderer.invalidate();
    player.play();
    return await finished;
  } finally {
    cleanup.dispose();
  }
}

/** Adds a listener and its removal to `cleanup`. */
function listen<A extends unknown[]>(
  cleanup: DisposableStore,
  emitter: NodeJS.EventEmitter,
  event: string,
  listener: (...args: A) => void,
): void {
  // Node types listeners loosely; the caller's signature is the one that matters.
  const handler = listener as unknown as (...args: unknown[]) => void;
  emitter.on(event, handler);
  cleanup.add({ dispose: () => emitter.off(event, handler) });
}

/** The compositor's view of the player: the replay's tiling and its snapshots. */
function renderSource(store: ReplayStore, player: ReplayPlayer): RenderSource {
  let cached: { state: ReplayState; layout: ReplayLayout } | null = null;
  const current = (): ReplayLayout => {
    const state = store.getState();
    if (cached?.state !== state) cached = { state, layout: replayLayout(state) };
    return cached.layout;
  };
  return {
    layout: () => current().grid,
    screenOf: (id) => player.screen(id),
    // The recorded cursor of the focused worker, as the live room shows it when typing.
    cursorPane: () => {
      const focus = current().focus;
      return focus && focus !== MASTER_PANE_ID ? focus : null;
    },
    focusedPane: () => current().focus,
    // The replay opens no dialogs over the panes: the `g` prompt lives in the status bar.
    occlusion: () => null,
  };
}

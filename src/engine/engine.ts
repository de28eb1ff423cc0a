import type { Layout } from '../layout/types.js';
import type { PtyBackend } from '../pty/types.js';
import type { AppState, AppStore } from '../store/store.js';
import type { WorkerInfo } from '../store/workersSlice.js';
import type { PaneScreenApi } from '../terminal/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { Emitter } from '../util/disposable.js';
import { MASTER_PANE_ID, fail, ok, type Command, type CommandResult } from './commands.js';
import { Orchestrator, type OrchestratorSettings } from '../orchestrator/orchestrator.js';
import { CostTracker } from './costTracker.js';
import { askConfirmation, logWorker, notice } from './feedback.js';
import { MasterInput, type MasterParsers } from './masterInput.js';
import { Navigation } from './navigation.js';
import { PaneLayout, layoutInputsChanged } from './paneLayout.js';
import { PermissionInbox } from './permissions.js';
import { PromptEntry } from './promptEntry.js';
import type { ScreenReader } from './screenReader.js';
import { WorkerCommands, type RemoveWorktree, type SpawnWorker } from './workerCommands.js';
import { newWorkerInfo } from './workerInfo.js';
import { WorkerRegistry } from './workerRegistry.js';
import { WorkerRuntime, type OutputTap, type WorkerRuntimeDeps } from './workerRuntime.js';
import type { WorkerSpec } from './workerSpec.js';
import { OwnWorktreeTrust } from './workspaceTrust.js';

export type { ScreenReader } from './screenReader.js';

export interface EngineSettings {
  scrollback: number;
  killGraceMs: number;
  resizeDebounceMs: number;
}

export interface EngineOptions {
  store: AppStore;
  backend: PtyBackend;
  createScreen: (options: { cols: number; rows: number; scrollback: number }) => PaneScreenApi;
  resolveExecutable: WorkerRuntimeDeps['resolveExecutable'];
  settings: EngineSettings;
  baseEnv?: Readonly<Record<string, string | undefined>>;
  /** Environment for one worker that is not part of its saved spec (control-socket token). */
  extraEnv?: (workerId: string) => Readonly<Record<string, string>>;
  /** Taps each worker's raw output and pty life (the session recording). */
  tapFor?: (spec: WorkerSpec) => OutputTap | undefined;
  /** How to read a worker's screen (its agent adapter), or null for none. */
  readerFor?: (spec: WorkerSpec) => ScreenReader | null;
  /**
   * Removes a worker's worktree and branch when they hold no work (or `force`);
   * otherwise keeps them and says why.
   */
  removeWorktree?: RemoveWorktree;
  /** Starts a new worker from a profile (`/spawn`): creates its worktree, then adds it. */
  spawnWorker?: SpawnWorker;
  /** Parsers for the master pane's command line and task dialog. */
  parsers?: MasterParsers;
  orchestrator?: Partial<OrchestratorSettings>;
  /** `--budget-usd`: at this session cost, dispatch is held and the human is warned once. */
  budgetUsd?: number | null;
  clock?: Clock;
}

/** What `ctl workers` / `ctl tasks` / `ctl state` read. */
export type QueryTarget = 'workers' | 'tasks' | 'state';

/** Output is a weak status signal; a few a second say all it can. */
const OUTPUT_SIGNAL_MS = 200;

/**
 * The facade of the control room: commands in, state (the store) and events
 * out. It owns the live workers; everything it publishes is plain data.
 */
export class Engine {
  readonly store: AppStore;
  private readonly workers = new WorkerRegistry();
  private readonly clock: Clock;
  private readonly screenChangedEmitter = new Emitter<string>();
  private readonly quitEmitter = new Emitter<void>();
  /** Fires with a worker id whenever that worker's screen wants painting. */
  readonly onScreenChange = this.screenChangedEmitter.event;
  /** Fires once when the human confirmed quitting. */
  readonly onQuit = this.quitEmitter.event;
  /** Tasks, dispatch, deliveries and the layered worker status. */
  readonly orchestrator: Orchestrator;
  private readonly lastOutputSignal = new Map<string, number>();
  private readonly bellEmitter = new Emitter<string>();
  /** Fires with a worker id when it starts needing the human (ring the bell once). */
  readonly onBell = this.bellEmitter.event;
  private readonly paneLayout: PaneLayout;
  private readonly navigation: Navigation;
  private readonly workerCommands: WorkerCommands;
  private readonly master: MasterInput;
  private readonly prompts: PromptEntry;
  private readonly permissions: PermissionInbox;
  private readonly trust: OwnWorktreeTrust;
  private readonly costs: CostTracker;
  private readonly unsubscribe: () => void;
  private quitting = false;

  constructor(private readonly options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.prompts = new PromptEntry(this.workers, this.clock);
    this.trust = new OwnWorktreeTrust(options.store, this.workers);
    this.orchestrator = new Orchestrator(
      options.store,
      {
        sendPrompt: (id, text) => this.prompts.send(id, text),
        typeAnswer: (id, text) => this.prompts.typeAnswer(id, text),
        detect: (id) =>
          this.trust.accept(
            id,
            this.workers.readScreen(id, (r, s) => r.detect(s)),
          ),
        echoed: (id, text) =>
          this.workers.readScreen(id, (reader, screen) => reader.echoed(screen, text)) ?? false,
      },
      { ...(options.orchestrator ? { settings: options.orchestrator } : {}), clock: this.clock },
    );
    this.orchestrator.onBell((id) => this.bellEmitter.fire(id));
    this.permissions = new PermissionInbox(options.store, this.workers, this.orchestrator);
    this.costs = new CostTracker({
      store: options.store,
      budgetUsd: options.budgetUsd ?? null,
      hold: () => this.execute({ type: 'dispatch.hold' }),
    });
    this.paneLayout = new PaneLayout(options.store);
    this.navigation = new Navigation(options.store, this.paneLayout, this.workers);
    this.workerCommands = new WorkerCommands({
      store: options.store,
      workers: this.workers,
      orchestrator: this.orchestrator,
      killGraceMs: options.settings.killGraceMs,
      removeWorktree: options.removeWorktree,
      spawnWorker: options.spawnWorker,
      run: (command) => this.execute(command),
      screenChanged: (id) => this.screenChangedEmitter.fire(id),
    });
    this.master = new MasterInput(options.store, options.parsers ?? null, (command) =>
      this.execute(command),
    );
    // Keep ptys sized to their tiles whenever the layout's inputs change.
    this.unsubscribe = this.store.subscribe((state, previous) => {
      if (layoutInputsChanged(state, previous)) this.fitWorkersToLayout();
    });
  }

  private get state(): AppState {
    return this.store.getState();
  }

  /** The layout for the current state, computed by the same pure function Ink uses. */
  layout(): Layout {
    return this.paneLayout.current();
  }

  screenOf(id: string): PaneScreenApi | undefined {
    return this.workers.runtime(id)?.screen;
  }

  pidOf(id: string): number | null {
    return this.workers.runtime(id)?.pid ?? null;
  }

  /** The pane whose cursor the host shows: the focused worker, in INSERT mode. */
  cursorPane(): string | null {
    const { ui, layout } = this.state;
    return ui.inputMode === 'insert' && this.workers.has(layout.focus) ? layout.focus : null;
  }

  /** How each worker was started: plain data, for saving the session. */
  specs(): WorkerSpec[] {
    return this.state.workerOrder.flatMap((id) => {
      const spec = this.workers.spec(id);
      return spec ? [spec] : [];
    });
  }

  /**
   * Adds a worker and starts it at the size its tile gives it. A resumed
   * session adds the workers the human had killed with `start: false`: they
   * are shown as ended, and `r` starts them again.
   */
  addWorker(
    spec: WorkerSpec,
    options: { start?: boolean; restored?: Partial<Omit<WorkerInfo, 'id'>> } = {},
  ): void {
    if (this.workers.has(spec.id)) throw new Error(`worker id ${spec.id} is already in use`);
    const info = newWorkerInfo(spec, options.restored);
    this.state.addWorker(info);
    if (this.state.layout.focus === MASTER_PANE_ID && this.state.workerOrder.length === 1) {
      this.state.setLayout({ focus: spec.id });
    }
    const size = this.paneLayout.interiorSize(spec.id) ?? { cols: 80, rows: 24 };
    this.state.patchWorker(spec.id, size);
    const tap = this.options.tapFor?.(spec);
    const runtime = new WorkerRuntime(
      spec,
      { ...this.runtimeDeps(spec.id), ...(tap ? { tap } : {}) },
      size,
    );
    this.workers.add(spec, runtime, this.options.readerFor?.(spec) ?? null);
    this.orchestrator.workerAdded(spec.id);
    if (spec.firstPrompt && options.start !== false) {
      this.orchestrator.execute({ type: 'worker.say', id: spec.id, text: spec.firstPrompt });
    }
    if (options.start === false) {
      runtime.note(`[${info.exitReason ?? 'not started'} · r starts it]`);
      return;
    }
    runtime.start();
  }

  execute(command: Command): CommandResult {
    const state = this.state;
    const handled = this.orchestrator.execute(command);
    if (handled) {
      if (!handled.ok) notice(this.store, handled.error, 'warn');
      return handled;
    }
    switch (command.type) {
      case 'focus.set':
      case 'focus.move':
      case 'focus.cycle':
      case 'focus.index':
      case 'focus.nextWaiting':
      case 'layout.zoom':
      case 'layout.set':
      case 'layout.cycle':
      case 'mode.set':
      case 'prefix.set':
        return this.navigation.execute(command);
      case 'worker.pause':
      case 'worker.resume':
      case 'worker.togglePause':
      case 'worker.kill':
      case 'worker.restart':
      case 'worker.input':
      case 'worker.scroll':
      case 'worker.scrollToBottom':
      case 'worker.remove':
      case 'worker.spawn':
        return this.workerCommands.execute(command);
      case 'help.toggle':
        state.setUi({ overlay: state.ui.overlay?.kind === 'help' ? null : { kind: 'help' } });
        return ok();
      case 'dialog.confirm': {
        const overlay = state.ui.overlay;
        state.setUi({ overlay: null });
        return overlay?.kind === 'confirm' ? this.execute(overlay.command) : ok();
      }
      case 'dialog.cancel':
        state.setUi({ overlay: null });
        return ok();
      case 'app.quit':
        return this.quit(command.confirmed ?? false);
      case 'screen.resize':
        state.setLayout({ screen: { cols: command.cols, rows: command.rows } });
        return ok();
      case 'permission.answer':
        return this.permissions.answer(command.id, command.allow, 'the human');
      case 'commandLine.set':
      case 'commandLine.submit':
      case 'taskDialog.open':
      case 'taskDialog.set':
      case 'taskDialog.submit':
        return this.master.execute(command);
      // Handled by the orchestrator above; listed so the switch stays exhaustive.
      case 'task.add':
      case 'task.assign':
      case 'task.reassign':
      case 'task.cancel':
      case 'task.retry':
      case 'task.priority':
      case 'task.done':
      case 'task.fail':
      case 'dispatch.hold':
      case 'dispatch.release':
      case 'worker.say':
      case 'worker.broadcast':
      case 'worker.report':
      case 'worker.answer':
      case 'worker.reinstate':
        return fail(`${command.type} was not handled`);
    }
  }

  private quit(confirmed: boolean): CommandResult {
    const live = this.workers.all().filter((runtime) => runtime.running).length;
    if (!confirmed && live > 0) {
      return askConfirmation(
        this.store,
        'Quit multibot-tui?',
        `${live} worker${live === 1 ? '' : 's'} still running will be ended.`,
        { type: 'app.quit', confirmed: true },
      );
    }
    if (!this.quitting) {
      this.quitting = true;
      this.quitEmitter.fire();
    }
    return ok();
  }

  /**
   * An agent hook arrived over the control socket. It is logged; a session id
   * it carries is remembered, so a resume continues the agent's conversation.
   */
  receiveHook(workerId: string, event: string, payload: unknown): CommandResult {
    const info = this.state.workers[workerId];
    if (!info) return fail(`no worker ${workerId}`);
    const fields =
      payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
    const sessionId = fields.session_id;
    if (typeof sessionId === 'string' && sessionId && sessionId !== info.agentSessionId) {
      this.state.patchWorker(workerId, { agentSessionId: sessionId });
    }
    this.orchestrator.hook(workerId, event, fields);
    this.permissions.answerByPolicy(workerId, event, fields);
    if (typeof fields.transcript_path === 'string' && fields.transcript_path) {
      this.costs.track(workerId, fields.transcript_path);
    }
    return ok();
  }

  /** Plain-data answers for the control socket's queries. */
  query(what: QueryTarget): unknown {
    const { workers, workerOrder, layout, session, ui } = this.state;
    const list = workerOrder.flatMap((id) => (workers[id] ? [workers[id]] : []));
    switch (what) {
      case 'workers':
        return list;
      case 'tasks':
        return this.state.tasks;
      case 'state':
        return { session, workers: list, layout, mode: ui.inputMode };
    }
  }

  /** Ends every worker's process group (SIGKILL after the grace period), then the engine. */
  async shutdown(graceMs = this.options.settings.killGraceMs): Promise<void> {
    await this.workers.endAll(graceMs, this.clock);
    this.dispose();
  }

  dispose(): void {
    this.unsubscribe();
    this.orchestrator.dispose();
    this.bellEmitter.dispose();
    this.workers.disposeRuntimes();
    this.screenChangedEmitter.dispose();
    this.quitEmitter.dispose();
  }

  private fitWorkersToLayout(): void {
    for (const [id, runtime] of this.workers.entries()) {
      const size = this.paneLayout.interiorSize(id);
      if (size) runtime.resize(size.cols, size.rows);
    }
  }

  private runtimeDeps(id: string): WorkerRuntimeDeps {
    const { settings } = this.options;
    return {
      backend: this.options.backend,
      createScreen: (cols, rows) =>
        this.options.createScreen({ cols, rows, scrollback: settings.scrollback }),
      resolveExecutable: this.options.resolveExecutable,
      baseEnv: { ...(this.options.baseEnv ?? process.env), ...this.options.extraEnv?.(id) },
      clock: this.clock,
      killGraceMs: settings.killGraceMs,
      resizeDebounceMs: settings.resizeDebounceMs,
      update: (patch) => {
        this.state.patchWorker(id, patch);
        if (patch.process && patch.process !== 'starting') {
          this.orchestrator.processChanged(id, patch.process, patch.exitCode ?? null);
        }
      },
      screenChanged: () => {
        this.trackScroll(id);
        this.screenChangedEmitter.fire(id);
        const now = this.clock.now();
        if (now - (this.lastOutputSignal.get(id) ?? -Infinity) >= OUTPUT_SIGNAL_MS) {
          this.lastOutputSignal.set(id, now);
          this.orchestrator.output(id);
        }
      },
      log: (text) => logWorker(this.store, text, id),
    };
  }

  /** New output moves a scrolled-back view further from the bottom; the title counts it. */
  private trackScroll(id: string): void {
    const info = this.state.workers[id];
    if (!info || info.scrollOffset === 0) return;
    const offset = this.workers.runtime(id)?.screen.scrollOffset() ?? 0;
    if (offset !== info.scrollOffset) this.state.patchWorker(id, { scrollOffset: offset });
  }
}

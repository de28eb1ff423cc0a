import { computeLayout, neighbour } from '../layout/tiling.js';
import type { Layout } from '../layout/types.js';
import type { PtyBackend } from '../pty/types.js';
import type { AppState, AppStore } from '../store/store.js';
import type { WorkerInfo } from '../store/workersSlice.js';
import type { PaneScreenApi } from '../terminal/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { Emitter } from '../util/disposable.js';
import { MASTER_PANE_ID, fail, ok, type Command, type CommandResult } from './commands.js';
import { Orchestrator, type OrchestratorSettings } from '../orchestrator/orchestrator.js';
import { encodePasteForPane } from '../terminal/keyEncoding.js';
import { TranscriptCost } from '../agents/claude/cost.js';
import { loadPrices, type Prices } from '../agents/claude/prices.js';
import { WorkerRuntime, type OutputTap, type WorkerRuntimeDeps } from './workerRuntime.js';
import { MasterInput, type MasterParsers } from './masterInput.js';
import type { WorkerSpec } from './workerSpec.js';

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
  removeWorktree?: (
    spec: WorkerSpec,
    force: boolean,
  ) => Promise<{ removed: boolean; reason?: string }>;
  /** Starts a new worker from a profile (`/spawn`): creates its worktree, then adds it. */
  spawnWorker?: (profile: string, name: string | undefined) => Promise<void>;
  /** Parsers for the master pane's command line and task dialog. */
  parsers?: MasterParsers;
  orchestrator?: Partial<OrchestratorSettings>;
  /** `--budget-usd`: at this session cost, dispatch is held and the human is warned once. */
  budgetUsd?: number | null;
  clock?: Clock;
}

/** An agent adapter's view of a worker's screen (see src/agents). */
export interface ScreenReader {
  promptDelivery: 'paste' | 'type';
  permissionKeys: { allow: string; deny: string; denyEndsTurn: boolean } | null;
  detect(screen: {
    rows: readonly string[];
    cursorY: number;
  }): { state: 'working' | 'waiting' | 'idle'; reason: string } | null;
  echoed(screen: { rows: readonly string[]; cursorY: number }, text: string): boolean;
}

/** What `ctl workers` / `ctl tasks` / `ctl state` read. */
export type QueryTarget = 'workers' | 'tasks' | 'state';

const LAYOUT_KEYS = ['screen', 'mode', 'zoom', 'focus'] as const;

/**
 * The facade of the control room: commands in, state (the store) and events
 * out. It owns the live workers; everything it publishes is plain data.
 */
export class Engine {
  readonly store: AppStore;
  private readonly runtimes = new Map<string, WorkerRuntime>();
  /** Kept after shutdown too: the last save of a session still lists its workers. */
  private readonly specsById = new Map<string, WorkerSpec>();
  private readonly clock: Clock;
  private readonly screenChangedEmitter = new Emitter<string>();
  private readonly quitEmitter = new Emitter<void>();
  /** Fires with a worker id whenever that worker's screen wants painting. */
  readonly onScreenChange = this.screenChangedEmitter.event;
  /** Fires once when the human confirmed quitting. */
  readonly onQuit = this.quitEmitter.event;
  private cachedLayout: { key: string; layout: Layout } | null = null;
  /** Tasks, dispatch, deliveries and the layered worker status. */
  readonly orchestrator: Orchestrator;
  private readonly readers = new Map<string, ScreenReader | null>();
  private readonly lastOutputSignal = new Map<string, number>();
  private readonly bellEmitter = new Emitter<string>();
  /** Fires with a worker id when it starts needing the human (ring the bell once). */
  readonly onBell = this.bellEmitter.event;
  private readonly master: MasterInput;
  private readonly unsubscribe: () => void;
  private quitting = false;

  constructor(private readonly options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.orchestrator = new Orchestrator(
      options.store,
      {
        sendPrompt: (id, text) => this.sendPrompt(id, text),
        typeAnswer: (id, text) => this.typeAnswer(id, text),
        detect: (id) =>
          this.acceptOwnTrust(
            id,
            this.readScreen(id, (r, s) => r.detect(s)),
          ),
        echoed: (id, text) =>
          this.readScreen(id, (reader, screen) => reader.echoed(screen, text)) ?? false,
      },
      { ...(options.orchestrator ? { settings: options.orchestrator } : {}), clock: this.clock },
    );
    this.orchestrator.onBell((id) => this.bellEmitter.fire(id));
    this.master = new MasterInput(options.store, options.parsers ?? null, (command) =>
      this.execute(command),
    );
    // Keep ptys sized to their tiles whenever the layout's inputs change.
    this.unsubscribe = this.store.subscribe((state, previous) => {
      const changed =
        state.workerOrder !== previous.workerOrder ||
        LAYOUT_KEYS.some((key) => state.layout[key] !== previous.layout[key]);
      if (changed) this.fitWorkersToLayout();
    });
  }

  private get state(): AppState {
    return this.store.getState();
  }

  /** The layout for the current state, computed by the same pure function Ink uses. */
  layout(): Layout {
    const { layout, workerOrder } = this.state;
    const key = `${layout.screen.cols}x${layout.screen.rows}|${layout.mode}|${layout.zoom}|${layout.focus}|${workerOrder.join(',')}`;
    if (this.cachedLayout?.key !== key) {
      this.cachedLayout = {
        key,
        layout: computeLayout({
          cols: layout.screen.cols,
          rows: layout.screen.rows,
          paneIds: workerOrder,
          focus: layout.focus,
          zoom: layout.zoom,
          mode: layout.mode,
        }),
      };
    }
    return this.cachedLayout.layout;
  }

  screenOf(id: string): PaneScreenApi | undefined {
    return this.runtimes.get(id)?.screen;
  }

  pidOf(id: string): number | null {
    return this.runtimes.get(id)?.pid ?? null;
  }

  /** The pane whose cursor the host shows: the focused worker, in INSERT mode. */
  cursorPane(): string | null {
    const { ui, layout } = this.state;
    return ui.inputMode === 'insert' && this.runtimes.has(layout.focus) ? layout.focus : null;
  }

  /** How each worker was started: plain data, for saving the session. */
  specs(): WorkerSpec[] {
    return this.state.workerOrder.flatMap((id) => {
      const spec = this.specsById.get(id);
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
    if (this.runtimes.has(spec.id)) throw new Error(`worker id ${spec.id} is already in use`);
    const info: WorkerInfo = {
      id: spec.id,
      name: spec.name,
      profile: spec.profile,
      worktree: spec.worktree,
      branch: spec.branch,
      diff: null,
      killed: false,
      agentSessionId: null,
      role: spec.role ?? null,
      status: { state: 'starting', signal: 'process', reason: 'launching', since: Date.now() },
      dispatchable: true,
      currentTask: null,
      question: null,
      queuedPrompts: 0,
      waitingForHuman: false,
      permission: null,
      cost: null,
      commandLine: spec.commandLine,
      cwd: spec.cwd,
      process: 'starting',
      pid: null,
      exitCode: null,
      exitSignal: null,
      exitReason: null,
      cols: 80,
      rows: 24,
      scrollOffset: 0,
      restarts: 0,
      ...options.restored,
    };
    this.state.addWorker(info);
    if (this.state.layout.focus === MASTER_PANE_ID && this.state.workerOrder.length === 1) {
      this.state.setLayout({ focus: spec.id });
    }
    const size = this.interiorSize(spec.id) ?? { cols: 80, rows: 24 };
    this.state.patchWorker(spec.id, size);
    const tap = this.options.tapFor?.(spec);
    const runtime = new WorkerRuntime(
      spec,
      { ...this.runtimeDeps(spec.id), ...(tap ? { tap } : {}) },
      size,
    );
    this.runtimes.set(spec.id, runtime);
    this.specsById.set(spec.id, spec);
    this.readers.set(spec.id, this.options.readerFor?.(spec) ?? null);
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
      if (!handled.ok) this.notice(handled.error, 'warn');
      return handled;
    }
    switch (command.type) {
      case 'focus.set':
        return this.focus(command.target);
      case 'focus.move': {
        const unzoomed = state.layout.zoom
          ? computeLayout({ ...this.layoutInput(), zoom: false })
          : this.layout();
        const target = neighbour(unzoomed, state.layout.focus, command.direction);
        return target ? this.focus(target) : ok();
      }
      case 'focus.cycle': {
        const order = [...state.workerOrder, MASTER_PANE_ID];
        const index = order.indexOf(state.layout.focus);
        const next = order[(index + command.delta + order.length) % order.length];
        return next ? this.focus(next) : ok();
      }
      case 'focus.index': {
        const id = state.workerOrder[command.index - 1];
        return id ? this.focus(id) : fail(`there is no worker ${command.index}`);
      }
      case 'layout.zoom':
        state.setLayout({ zoom: !state.layout.zoom });
        return ok();
      case 'layout.set':
        state.setLayout({ mode: command.mode });
        return ok();
      case 'layout.cycle': {
        const modes = ['grid', 'columns', 'rows'] as const;
        const next = modes[(modes.indexOf(state.layout.mode) + 1) % modes.length] ?? 'grid';
        state.setLayout({ mode: next });
        this.notice(`layout: ${next}`);
        return ok();
      }
      case 'mode.set':
        return this.setMode(command.mode);
      case 'prefix.set':
        state.setUi({ prefixPending: command.pending });
        return ok();
      case 'worker.pause':
        return this.withWorker(command.id, (runtime, info) =>
          runtime.pause() ? ok() : fail(`${info.name} is not running`),
        );
      case 'worker.resume':
        return this.withWorker(command.id, (runtime, info) =>
          runtime.resume() ? ok() : fail(`${info.name} is not paused`),
        );
      case 'worker.togglePause':
        return this.withWorker(command.id, (runtime, info) => {
          if (!runtime.running) return fail(`${info.name} has exited — r restarts it`);
          return runtime.isPaused
            ? this.execute({ type: 'worker.resume', id: command.id })
            : this.execute({ type: 'worker.pause', id: command.id });
        });
      case 'worker.kill':
        return this.withWorker(command.id, (runtime, info) => {
          if (!runtime.running) return fail(`${info.name} has already exited`);
          if (!command.confirmed) {
            return this.confirm(
              `Kill ${info.name}?`,
              `SIGTERM to its process group, SIGKILL after ${Math.round(this.options.settings.killGraceMs / 1000)} s.`,
              { ...command, confirmed: true },
            );
          }
          runtime.kill();
          state.patchWorker(command.id, { killed: true });
          this.log(`${info.name}: kill requested`, command.id);
          return ok();
        });
      case 'worker.restart':
        return this.withWorker(command.id, (runtime, info) => {
          if (runtime.running) return fail(`${info.name} is still running — x kills it first`);
          runtime.restart();
          state.patchWorker(command.id, {
            restarts: info.restarts + 1,
            scrollOffset: 0,
            killed: false,
          });
          return ok();
        });
      case 'worker.input':
        return this.withWorker(command.id, (runtime) => {
          runtime.write(command.data, 'human');
          this.orchestrator.humanTyped(command.id);
          return ok();
        });
      case 'worker.scroll':
        return this.withWorker(command.id, (runtime) => {
          const offset = runtime.screen.scrollBy(command.lines);
          state.patchWorker(command.id, { scrollOffset: offset });
          this.screenChangedEmitter.fire(command.id);
          return ok();
        });
      case 'worker.scrollToBottom':
        return this.withWorker(command.id, (runtime) => {
          runtime.screen.scrollToBottom();
          state.patchWorker(command.id, { scrollOffset: 0 });
          this.screenChangedEmitter.fire(command.id);
          return ok();
        });
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
      case 'app.quit': {
        const live = [...this.runtimes.values()].filter((runtime) => runtime.running).length;
        if (!command.confirmed && live > 0) {
          return this.confirm(
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
      case 'screen.resize':
        state.setLayout({ screen: { cols: command.cols, rows: command.rows } });
        return ok();
      case 'focus.nextWaiting':
        return this.focusNextWaiting();
      case 'permission.answer':
        return this.answerPermission(command.id, command.allow, 'the human');
      case 'worker.spawn':
        return this.spawn(command.profile, command.name);
      case 'worker.remove':
        return this.withWorker(command.id, (runtime, info) => {
          if (runtime.running) return fail(`${info.name} is running — x kills it first`);
          return this.removeWorker(command.id, command.force ?? false);
        });
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

  /**
   * Answers a permission prompt by the agent's own keys — the channel that
   * works whether or not its hooks could carry a decision.
   */
  private answerPermission(id: string | undefined, allow: boolean, who: string): CommandResult {
    const { workers, workerOrder, layout } = this.state;
    const target =
      id ??
      (workers[layout.focus]?.permission ? layout.focus : undefined) ??
      [...workerOrder]
        .filter((w) => workers[w]?.permission)
        .sort(
          (a, b) => (workers[a]!.permission!.since ?? 0) - (workers[b]!.permission!.since ?? 0),
        )[0];
    const info = target ? workers[target] : undefined;
    if (!target || !info?.permission) return fail('no permission prompt is waiting');
    const keys = this.readers.get(target)?.permissionKeys;
    const runtime = this.runtimes.get(target);
    if (!keys || !runtime?.running)
      return fail(`${info.name} has no prompt this control room can answer`);
    runtime.write(allow ? keys.allow : keys.deny);
    const what = [info.permission.tool, info.permission.detail].filter(Boolean).join(' ');
    this.state.appendLog({
      at: Date.now(),
      kind: who === 'the human' ? 'override' : 'decision',
      text: `${allow ? 'allowed' : 'denied'} ${what} for ${info.name} (${who})`,
      workerId: target,
    });
    this.orchestrator.permissionAnswered(target);
    this.state.patchWorker(target, { permission: null });
    // Claude Code ends its turn on "No" without a Stop hook: its task ends here.
    const task = info.currentTask;
    if (!allow && keys.denyEndsTurn && task) {
      this.orchestrator.execute({ type: 'task.fail', task, reason: `denied ${what}` });
    }
    return ok(allow ? 'allowed' : 'denied');
  }

  /** Focus the next worker (after the focused one) that needs the human. */
  private focusNextWaiting(): CommandResult {
    const { workerOrder, workers, layout } = this.state;
    const start = workerOrder.indexOf(layout.focus);
    for (let step = 1; step <= workerOrder.length; step++) {
      const id = workerOrder[(start + step + workerOrder.length) % workerOrder.length];
      if (id && workers[id]?.status.state === 'waiting') return this.focus(id);
    }
    this.notice('no worker needs you right now');
    return ok('nobody waiting');
  }

  private removeWorker(id: string, force: boolean): CommandResult {
    const runtime = this.runtimes.get(id);
    const spec = this.specsById.get(id);
    const info = this.state.workers[id];
    if (!runtime || !spec || !info) return fail(`no worker ${id}`);
    runtime.dispose();
    this.runtimes.delete(id);
    this.specsById.delete(id);
    this.readers.delete(id);
    this.orchestrator.workerRemoved(id);
    if (this.state.layout.focus === id) this.state.setLayout({ focus: MASTER_PANE_ID });
    this.state.removeWorker(id);
    this.log(`${info.name}: removed`, id);
    const removeWorktree = this.options.removeWorktree;
    if (spec.worktree && removeWorktree) {
      removeWorktree(spec, force).then(
        (result) =>
          result.removed
            ? this.log(`${info.name}: worktree and branch ${spec.branch ?? ''} removed`)
            : this.notice(
                `${info.name}: worktree kept — ${result.reason ?? 'it holds work'}`,
                'warn',
              ),
        (error: unknown) =>
          this.notice(
            `${info.name}: worktree kept — ${error instanceof Error ? error.message : String(error)}`,
            'warn',
          ),
      );
    }
    return ok('removed');
  }

  private spawn(profile: string, name: string | undefined): CommandResult {
    const spawnWorker = this.options.spawnWorker;
    if (!spawnWorker) return fail('starting new workers is not available here');
    this.notice(`starting a ${profile} worker…`);
    spawnWorker(profile, name).catch((error: unknown) =>
      this.notice(
        `cannot start a ${profile} worker: ${error instanceof Error ? error.message : String(error)}`,
        'error',
      ),
    );
    return ok('starting');
  }

  /** Types a prompt into a worker: a bracketed paste (when it asked for that) and Enter. */
  private sendPrompt(id: string, text: string): void {
    const runtime = this.runtimes.get(id);
    if (!runtime?.running) return;
    const delivery =
      this.specsById.get(id)?.promptDelivery ?? this.readers.get(id)?.promptDelivery ?? 'paste';
    if (delivery === 'none') return;
    const body =
      delivery === 'type'
        ? text.replace(/\r?\n/g, ' ')
        : encodePasteForPane(text, runtime.screen.modes());
    runtime.write(body);
    this.enterWhenShown(id, runtime, text, 0);
  }

  /**
   * Enter goes apart from the paste, once the text shows in the agent's input:
   * an Enter that arrives while the agent is still taking in a paste is read as
   * part of it and lost (seen with Claude Code). Without a screen reader, or if
   * the text never shows, Enter goes after a short wait regardless.
   */
  private enterWhenShown(id: string, runtime: WorkerRuntime, text: string, waited: number): void {
    const POLL_MS = 50;
    const GIVE_UP_MS = 2_000;
    this.clock.setTimeout(() => {
      if (!runtime.running) return;
      const shown = this.readScreen(id, (reader, screen) => reader.echoed(screen, text)) ?? true;
      if (shown || waited + POLL_MS >= GIVE_UP_MS) runtime.write('\r');
      else this.enterWhenShown(id, runtime, text, waited + POLL_MS);
    }, POLL_MS);
  }

  /**
   * Claude Code asks whether to trust a folder it has not seen. A worktree
   * this control room created for the worker is trusted once, by Enter on the
   * preselected "yes"; any other folder is left for the human to decide.
   */
  private acceptOwnTrust<T extends { state: string; reason: string } | null>(
    id: string,
    verdict: T,
  ): T {
    if (verdict?.state !== 'waiting' || verdict.reason !== 'workspace trust') return verdict;
    const spec = this.specsById.get(id);
    const runtime = this.runtimes.get(id);
    if (!spec?.worktree || spec.trustOwnWorktree === false) return verdict;
    if (!runtime?.running || this.trustAccepted.has(id)) return verdict;
    this.trustAccepted.add(id);
    runtime.write('\r');
    this.log(`${spec.name}: trusted its own worktree ${spec.worktree}`, id);
    return verdict;
  }

  private readonly trustAccepted = new Set<string>();

  private typeAnswer(id: string, text: string): void {
    const runtime = this.runtimes.get(id);
    if (!runtime?.running) return;
    runtime.write(text);
    this.clock.setTimeout(() => runtime.write('\r'), 60);
  }

  private readScreen<T>(
    id: string,
    read: (reader: ScreenReader, screen: { rows: string[]; cursorY: number }) => T,
  ): T | null {
    const reader = this.readers.get(id);
    const runtime = this.runtimes.get(id);
    if (!reader || !runtime?.running) return null;
    const screen = runtime.screen;
    const rows: string[] = [];
    for (let y = 0; y < screen.rows; y++) rows.push(screen.rowText(y));
    return read(reader, { rows, cursorY: screen.cursor().y });
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
    const allowed = this.specsById.get(workerId)?.allowTools ?? [];
    if (event === 'PermissionRequest' && allowed.includes(String(fields.tool_name))) {
      // The profile allows this tool outright: answered at once, and logged as a decision.
      this.answerPermission(workerId, true, 'profile policy');
    }
    if (typeof fields.transcript_path === 'string' && fields.transcript_path) {
      this.trackCost(workerId, fields.transcript_path);
    }
    return ok();
  }

  /** Reads what was appended to the agent's transcript and publishes the worker's cost. */
  private trackCost(workerId: string, transcript: string): void {
    let tracker = this.costs.get(workerId);
    if (!tracker || tracker.file !== transcript) {
      tracker = new TranscriptCost(transcript, this.prices());
      this.costs.set(workerId, tracker);
    }
    const current = tracker;
    current
      .update()
      .then((changed) => {
        if (!changed || !this.state.workers[workerId]) return;
        const totals = current.totals();
        this.checkBudget();
        this.state.patchWorker(workerId, {
          cost: {
            usd: totals.usd,
            inputTokens: totals.inputTokens + totals.cacheReadTokens + totals.cacheWriteTokens,
            outputTokens: totals.outputTokens,
            contextTokens: totals.lastContext?.tokens ?? null,
          },
        });
      })
      .catch((error: unknown) =>
        this.notice(
          `cannot read ${transcript}: ${error instanceof Error ? error.message : String(error)}`,
          'warn',
        ),
      );
  }

  private budgetReached = false;

  /** Holds dispatch once the session's cost reaches `--budget-usd`, and says so once. */
  private checkBudget(): void {
    const budget = this.options.budgetUsd;
    if (budget == null || this.budgetReached) return;
    let spent = 0;
    for (const tracker of this.costs.values()) spent += tracker.totals().usd;
    if (spent < budget) return;
    this.budgetReached = true;
    this.execute({ type: 'dispatch.hold' });
    const text = `budget reached: $${spent.toFixed(2)} of $${budget.toFixed(2)} — dispatch held (/release to go on)`;
    this.state.appendLog({ at: Date.now(), kind: 'warning', text });
    this.notice(text, 'warn');
  }

  private readonly costs = new Map<string, TranscriptCost>();
  private priceTable: Prices | null = null;

  private prices(): Prices {
    this.priceTable ??= loadPrices();
    return this.priceTable;
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

  /**
   * Ends every worker's process group: a polite signal first, SIGKILL for
   * whatever still runs after the grace period.
   */
  async shutdown(graceMs = this.options.settings.killGraceMs): Promise<void> {
    const runtimes = [...this.runtimes.values()];
    for (const runtime of runtimes) runtime.kill();
    const exited = Promise.all(runtimes.map((runtime) => runtime.whenExited()));
    let timer: unknown = null;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = this.clock.setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([exited, timeout]);
    this.clock.clearTimeout(timer);
    if (outcome === 'timeout') {
      for (const runtime of runtimes) runtime.forceKill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 500))]);
    }
    this.dispose();
  }

  dispose(): void {
    this.unsubscribe();
    this.orchestrator.dispose();
    this.bellEmitter.dispose();
    for (const runtime of this.runtimes.values()) runtime.dispose();
    this.runtimes.clear();
    this.screenChangedEmitter.dispose();
    this.quitEmitter.dispose();
  }

  private layoutInput() {
    const { layout, workerOrder } = this.state;
    return {
      cols: layout.screen.cols,
      rows: layout.screen.rows,
      paneIds: workerOrder,
      focus: layout.focus,
      zoom: layout.zoom,
      mode: layout.mode,
    };
  }

  private interiorSize(id: string): { cols: number; rows: number } | null {
    const layout = this.layout();
    if (layout.kind !== 'tiled') return null;
    const pane = layout.panes.find((candidate) => candidate.id === id);
    return pane ? { cols: pane.interior.width, rows: pane.interior.height } : null;
  }

  private fitWorkersToLayout(): void {
    for (const [id, runtime] of this.runtimes) {
      const size = this.interiorSize(id);
      if (size) runtime.resize(size.cols, size.rows);
    }
  }

  private focus(target: string): CommandResult {
    const state = this.state;
    if (target !== MASTER_PANE_ID && !state.workers[target]) return fail(`no worker ${target}`);
    state.setLayout({ focus: target });
    // Typing follows focus only between workers: the master's command line is
    // entered on purpose (i, /), never by moving onto it mid-sentence.
    if (target === MASTER_PANE_ID && state.ui.inputMode === 'insert') {
      state.setUi({ inputMode: 'navigate', prefixPending: false });
    }
    return ok();
  }

  private setMode(mode: 'navigate' | 'insert'): CommandResult {
    const state = this.state;
    // INSERT on the master pane types into its command line.
    if (mode === 'insert' && state.layout.focus !== MASTER_PANE_ID) {
      const runtime = this.runtimes.get(state.layout.focus);
      const info = state.workers[state.layout.focus];
      if (!runtime || !info) return fail('focus a worker first: INSERT types into a worker');
      if (!runtime.running) {
        this.notice(`${info.name} has exited — r restarts it`, 'warn');
        return fail(`${info.name} has exited`);
      }
    }
    state.setUi({ inputMode: mode, prefixPending: false });
    return ok();
  }

  private withWorker(
    id: string,
    action: (runtime: WorkerRuntime, info: WorkerInfo) => CommandResult,
  ): CommandResult {
    const runtime = this.runtimes.get(id);
    const info = this.state.workers[id];
    if (!runtime || !info) return fail(`no worker ${id}`);
    const result = action(runtime, info);
    if (!result.ok) this.notice(result.error, 'warn');
    return result;
  }

  private confirm(title: string, message: string, command: Command): CommandResult {
    this.state.setUi({ overlay: { kind: 'confirm', title, message, command } });
    return ok('confirmation asked');
  }

  private notice(text: string, level: 'info' | 'warn' | 'error' = 'info'): void {
    this.state.setUi({ notice: { text, level } });
  }

  private log(text: string, workerId?: string): void {
    this.state.appendLog({
      at: Date.now(),
      kind: 'worker',
      text,
      ...(workerId ? { workerId } : {}),
    });
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
        // Output is a weak status signal; a few a second say all it can.
        const now = this.clock.now();
        if (now - (this.lastOutputSignal.get(id) ?? -Infinity) >= 200) {
          this.lastOutputSignal.set(id, now);
          this.orchestrator.output(id);
        }
      },
      log: (text) => this.log(text, id),
    };
  }

  /** New output moves a scrolled-back view further from the bottom; the title counts it. */
  private trackScroll(id: string): void {
    const info = this.state.workers[id];
    if (!info || info.scrollOffset === 0) return;
    const offset = this.runtimes.get(id)?.screen.scrollOffset() ?? 0;
    if (offset !== info.scrollOffset) this.state.patchWorker(id, { scrollOffset: offset });
  }
}

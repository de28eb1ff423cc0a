import type { Command, CommandResult, ReportType } from '../engine/commands.js';
import { fail, ok } from '../engine/commands.js';
import type { AppState, AppStore } from '../store/store.js';
import type { LogKind } from '../store/logSlice.js';
import type { WorkerInfo } from '../store/workersSlice.js';
import { systemClock, type Clock } from '../util/clock.js';
import { Emitter } from '../util/disposable.js';
import {
  cancel,
  confirm,
  emptyDeliveryQueue,
  enqueue,
  inFlightId,
  pendingCount,
  step,
  type DeliveryAction,
  type DeliveryQueueState,
} from './deliveryQueue.js';
import { planDispatch, type DispatchWorker } from './dispatcher.js';
import { type BreakerState, INITIAL_BREAKER, breakerOpened, recordOutcome } from './retry.js';
import {
  describeStatus,
  initialStatus,
  needsHuman,
  nextStatus,
  statusChanged,
  type TrackedStatus,
} from './statusMachine.js';
import {
  HOOK_EVENTS,
  type HookEventName,
  type ScreenState,
  type StatusEvent,
} from './statusSignals.js';
import { TaskBook, type TaskBookSettings } from './taskBook.js';
import type { MessageType, Task } from './types.js';

/** What the orchestrator needs from the workers, behind a small seam. */
export interface WorkerPort {
  /** Types a prompt into the worker: a bracketed paste when it asked for that, then Enter. */
  sendPrompt(workerId: string, text: string): void;
  /** Types a short answer key by key, then Enter: what a y/n question or a prompt for one line expects. */
  typeAnswer(workerId: string, text: string): void;
  /** The agent adapter's reading of the worker's screen, or null when it cannot tell. */
  detect(workerId: string): { state: ScreenState; reason: string } | null;
  /** The prompt's text shows on the worker's screen: it arrived. */
  echoed(workerId: string, text: string): boolean;
}

export interface OrchestratorSettings extends TaskBookSettings {
  /** Working with no signal of any kind this long: stalled. */
  stallAfterMs: number;
  /** Output silence after which an activity-only worker counts as idle. */
  activityQuietMs: number;
  /** A delivered prompt not confirmed within this is sent once more, then given up. */
  confirmTimeoutMs: number;
  /** The human owns a worker's input for this long after their last key. */
  typingGraceMs: number;
  /** This many failed tasks in a row take a worker out of dispatch. */
  breakerThreshold: number;
  tickMs: number;
}

export const DEFAULT_ORCHESTRATOR_SETTINGS: OrchestratorSettings = {
  stallAfterMs: 120_000,
  activityQuietMs: 2_000,
  confirmTimeoutMs: 20_000,
  typingGraceMs: 3_000,
  breakerThreshold: 3,
  maxAttempts: 3,
  backoffBaseMs: 5_000,
  backoffMaxMs: 60_000,
  tickMs: 500,
};

interface WorkerBook {
  status: TrackedStatus;
  /** What the agent's PermissionRequest hook asked for, until answered. */
  permission: { tool: string; detail: string; since: number } | null;
  /**
   * When its last permission prompt was answered. The screen goes on showing
   * the dialog for a moment after the keys went in; until a status newer than
   * the answer arrives, that dialog is not a new request.
   */
  answeredAt: number | null;
  queue: DeliveryQueueState;
  breaker: BreakerState;
  completed: number;
  lastKeyAt: number | null;
  lastScreen: string | null;
}

/**
 * The master's side of the control room: tasks, dispatch, prompt delivery and
 * the layered status of every worker. The decisions are the pure functions
 * beside this file; this class keeps their state, feeds them the moment's
 * signals, carries out what they decide, and records every decision in the
 * store's log with its reason.
 */
export class Orchestrator {
  private readonly books = new Map<string, WorkerBook>();
  private readonly clock: Clock;
  private readonly settings: OrchestratorSettings;
  private readonly tasks: TaskBook;
  private timer: unknown = null;
  private deliverySeq = 0;
  private dispatching = false;
  private readonly bellEmitter = new Emitter<string>();
  /** Fires with a worker id when that worker starts needing the human. */
  readonly onBell = this.bellEmitter.event;

  constructor(
    private readonly store: AppStore,
    private readonly port: WorkerPort,
    options: {
      settings?: Partial<OrchestratorSettings>;
      clock?: Clock;
      /** Wall-clock time (ms since the epoch) for tasks and the log; Date.now by default. */
      now?: () => number;
    } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.wallClock = options.now ?? Date.now;
    this.settings = { ...DEFAULT_ORCHESTRATOR_SETTINGS, ...options.settings };
    this.tasks = new TaskBook(store, this.settings, {
      now: () => this.now(),
      log: (kind, text, extra) => this.log(kind, text, extra),
      assigned: (task, workerId) => this.queueTask(task, workerId),
      withdrawn: (taskId, workerId) => this.withdraw(taskId, workerId),
    });
  }

  private get state(): AppState {
    return this.store.getState();
  }

  private readonly wallClock: () => number;

  private now(): number {
    return this.wallClock();
  }

  start(): void {
    this.schedule();
  }

  dispose(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.bellEmitter.dispose();
  }

  workerAdded(id: string): void {
    this.books.set(id, {
      status: initialStatus(this.now()),
      permission: null,
      answeredAt: null,
      queue: emptyDeliveryQueue(),
      breaker: { ...INITIAL_BREAKER },
      completed: 0,
      lastKeyAt: null,
      lastScreen: null,
    });
    this.publish(id);
  }

  /** A worker left the session: its task goes back to the pool, its prompts are dropped. */
  workerRemoved(id: string): void {
    const taskId = this.state.workers[id]?.currentTask;
    if (taskId) this.tasks.failTask(taskId, id, 'worker removed');
    this.books.delete(id);
    this.afterChange();
  }

  /** The commands this side of the control room answers; null for the others. */
  execute(command: Command): CommandResult | null {
    switch (command.type) {
      case 'task.add':
      case 'task.assign':
      case 'task.reassign':
      case 'task.cancel':
      case 'task.retry':
      case 'task.priority':
      case 'task.done':
      case 'task.fail': {
        const result = this.tasks.execute(command, (id) => this.dispatchable(id));
        if (result.ok) this.afterChange();
        return result;
      }
      case 'dispatch.hold':
        this.state.setDispatch({ held: true });
        this.log('override', 'auto-dispatch held: ready tasks wait for /release');
        return ok('dispatch held');
      case 'dispatch.release':
        this.state.setDispatch({ held: false });
        this.log('override', 'auto-dispatch released');
        this.afterChange();
        return ok('dispatch released');
      case 'worker.say':
        return this.say(command.id, command.text);
      case 'worker.broadcast': {
        const ids = this.state.workerOrder.filter(
          (id) => this.state.workers[id]?.process === 'running',
        );
        for (const id of ids) this.say(id, command.text);
        return ids.length ? ok(`sent to ${ids.length} workers`) : fail('no running worker');
      }
      case 'worker.report':
        return this.report(command.id, command.report, command.text, command.task);
      case 'worker.answer':
        return this.answer(command.id, command.text);
      case 'worker.reinstate': {
        const book = this.books.get(command.id);
        if (!book) return fail(`no worker ${command.id}`);
        book.breaker = { ...INITIAL_BREAKER };
        this.publish(command.id);
        this.log('override', `${this.nameOf(command.id)} back in dispatch`, {
          workerId: command.id,
        });
        this.afterChange();
        return ok();
      }
      default:
        return null;
    }
  }

  /** The human typed into a worker: its queued prompts wait a little. */
  humanTyped(id: string): void {
    const book = this.books.get(id);
    if (book) book.lastKeyAt = this.now();
  }

  /** The pty produced output (called at most once per frame). */
  output(id: string): void {
    this.signal(id, { kind: 'output' });
  }

  processChanged(
    id: string,
    state: 'running' | 'paused' | 'exited',
    exitCode: number | null,
  ): void {
    this.signal(id, {
      kind: 'process',
      state,
      ...(exitCode !== null ? { exitCode } : {}),
    });
    if (state === 'exited') {
      const book = this.books.get(id);
      const info = this.state.workers[id];
      if (book) book.queue = emptyDeliveryQueue();
      if (info?.currentTask) {
        this.tasks.failTask(info.currentTask, id, `worker ${info.name} exited`);
        this.countOutcome(id, 'failed');
      }
      this.publish(id);
    }
    this.afterChange();
  }

  /**
   * An agent hook: it drives the status machine, confirms a delivered prompt
   * (UserPromptSubmit), and finishes the worker's task (Stop) with the agent's
   * last message as its summary.
   */
  hook(id: string, event: string, payload: Record<string, unknown>): void {
    if (!isHookEvent(event)) return;
    const text = (key: string): string | undefined =>
      typeof payload[key] === 'string' ? (payload[key] as string) : undefined;
    const message = text('tool_name') ?? text('error') ?? text('message') ?? text('reason');
    this.signal(id, {
      kind: 'hook',
      event,
      ...(text('notification_type') ? { notificationType: text('notification_type')! } : {}),
      ...(message ? { message } : {}),
    });
    const book = this.books.get(id);
    if (!book) return;
    if (event === 'PermissionRequest') {
      book.permission = {
        tool: text('tool_name') ?? 'a tool',
        detail: summarizeToolInput(payload.tool_input),
        since: this.now(),
      };
      this.publish(id);
    } else if (event !== 'Notification' && event !== 'PreToolUse') {
      // Anything else the agent does means the prompt was answered one way or another.
      this.permissionAnswered(id);
    }
    if (event === 'UserPromptSubmit') {
      const inFlight = inFlightId(book.queue);
      if (inFlight) this.applyDelivery(id, confirm(book.queue, inFlight));
    }
    if (event === 'StopFailure') {
      // The turn ended on an API error (rate limit, auth, overload): this attempt failed.
      const task = this.runningTaskOf(id);
      if (task) {
        const why = text('last_assistant_message') ?? text('error') ?? 'unknown error';
        this.tasks.failTask(task.id, id, `turn failed: ${why.trim()}`);
        this.countOutcome(id, 'failed');
      }
    }
    if (event === 'Stop') {
      const task = this.runningTaskOf(id);
      if (task) {
        const summary = (text('last_assistant_message') ?? '').trim();
        if (/^(interrupted|denied|failed)\b/i.test(summary)) {
          this.tasks.failTask(task.id, id, summary);
          this.countOutcome(id, 'failed');
        } else {
          this.tasks.completeTask(task.id, summary || 'turn finished', 'hook');
          this.countOutcome(id, 'done');
        }
      }
    }
    this.afterChange();
  }

  /** Time passes: screens are read, stalls judged, prompts delivered, tasks dispatched. */
  tick(): void {
    for (const id of this.books.keys()) {
      const info = this.state.workers[id];
      if (!info || info.process !== 'running') continue;
      const verdict = this.port.detect(id);
      const book = this.books.get(id)!;
      const key = verdict ? `${verdict.state}:${verdict.reason}` : null;
      if (verdict && key !== book.lastScreen) {
        book.lastScreen = key;
        this.signal(id, { kind: 'screen', state: verdict.state, reason: verdict.reason });
      } else {
        this.signal(id, { kind: 'tick' });
      }
      const current = book.queue.current;
      if (current?.phase === 'sent' && this.port.echoed(id, current.delivery.text)) {
        this.applyDelivery(id, confirm(book.queue, current.delivery.id));
      }
    }
    this.afterChange();
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.tick();
      this.schedule();
    }, this.settings.tickMs);
  }

  /** Deliveries and dispatch after anything that may have changed who can take what. */
  private afterChange(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      this.dispatch();
      for (const id of this.books.keys()) this.stepDeliveries(id);
    } finally {
      this.dispatching = false;
    }
  }

  private dispatch(): void {
    const { tasks, dispatch } = this.state;
    const workers: DispatchWorker[] = this.state.workerOrder.flatMap((id) => {
      const info = this.state.workers[id];
      const book = this.books.get(id);
      if (!info || !book) return [];
      return [
        {
          id,
          name: info.name,
          role: info.role,
          capabilities: [],
          status: info.process === 'running' ? book.status.state : 'exited',
          dispatchable: book.breaker.dispatchable,
          activeTasks: info.currentTask ? 1 : 0,
          completed: book.completed,
        },
      ];
    });
    const plan = planDispatch({
      tasks,
      workers,
      strategy: dispatch.strategy,
      held: dispatch.held,
      now: this.now(),
      cursor: dispatch.cursor,
    });
    if (plan.cursor !== dispatch.cursor) this.state.setDispatch({ cursor: plan.cursor });
    for (const assignment of plan.assignments) {
      this.tasks.assign(assignment.taskId, assignment.workerId, 'decision', assignment.reason);
    }
  }

  /** A task was assigned to a worker (by the dispatcher or the human): queue its prompt. */
  queueTask(task: Task, workerId: string): void {
    const book = this.books.get(workerId);
    if (!book) return;
    const id = `${task.id}#${task.attempts}`;
    this.applyDelivery(
      workerId,
      enqueue(book.queue, { id, text: taskPrompt(task), taskId: task.id }),
    );
    this.state.patchWorker(workerId, { currentTask: task.id });
    this.log('message', `TASK_ASSIGNMENT ${task.id} → ${this.nameOf(workerId)}: ${task.title}`, {
      workerId,
      taskId: task.id,
      message: 'TASK_ASSIGNMENT',
    });
  }

  private stepDeliveries(id: string): void {
    const book = this.books.get(id);
    const info = this.state.workers[id];
    if (!book || !info || info.process !== 'running') return;
    const { ui, layout } = this.state;
    const now = this.now();
    const typingNow = ui.inputMode === 'insert' && layout.focus === id;
    const typingUntil = typingNow
      ? now + this.settings.typingGraceMs
      : book.lastKeyAt === null
        ? null
        : book.lastKeyAt + this.settings.typingGraceMs;
    this.applyDelivery(
      id,
      step(book.queue, {
        workerReady: book.status.state === 'idle',
        humanTypingUntil: typingUntil,
        now,
        confirmTimeoutMs: this.settings.confirmTimeoutMs,
      }),
    );
  }

  private applyDelivery(
    id: string,
    result: { state: DeliveryQueueState; actions: DeliveryAction[] },
  ): void {
    const book = this.books.get(id);
    if (!book) return;
    book.queue = result.state;
    for (const action of result.actions) {
      if (action.kind === 'send') {
        this.port.sendPrompt(id, action.text);
        continue;
      }
      const about = action.taskId ? `${action.taskId} → ${this.nameOf(id)}` : this.nameOf(id);
      switch (action.outcome) {
        case 'confirmed':
          if (action.taskId) this.tasks.markRunning(action.taskId, id);
          this.log('message', `prompt ${about} ${action.message}`, { workerId: id });
          break;
        case 'failed':
          this.log('warning', `prompt ${about} ${action.message}`, { workerId: id });
          if (action.taskId) {
            this.tasks.failTask(action.taskId, id, 'the prompt did not arrive');
            this.countOutcome(id, 'failed');
          }
          break;
        case 'retrying':
        case 'waitingForHuman':
        case 'cancelled':
        case 'duplicate':
          this.log('message', `prompt ${about} ${action.message}`, { workerId: id });
          break;
      }
    }
    this.publish(id);
  }

  private say(id: string, text: string): CommandResult {
    const book = this.books.get(id);
    if (!book) return fail(`no worker ${id}`);
    const deliveryId = `say-${++this.deliverySeq}`;
    this.applyDelivery(id, enqueue(book.queue, { id: deliveryId, text }));
    this.log('message', `CONTEXT_UPDATE → ${this.nameOf(id)}: ${text}`, {
      workerId: id,
      message: 'CONTEXT_UPDATE',
    });
    this.afterChange();
    return ok('queued');
  }

  private report(id: string, report: ReportType, text: string, taskId?: string): CommandResult {
    const info = this.state.workers[id];
    if (!info) return fail(`no worker ${id}`);
    const task = taskId ?? info.currentTask ?? undefined;
    this.log('message', `${report} from ${info.name}${task ? ` (${task})` : ''}: ${text}`, {
      workerId: id,
      message: report as MessageType,
      ...(task ? { taskId: task } : {}),
    });
    switch (report) {
      case 'STATUS_UPDATE':
        break;
      case 'QUESTION':
        this.state.patchWorker(id, { question: text });
        this.signal(id, { kind: 'human', report: 'question', message: text });
        break;
      case 'TASK_COMPLETE':
        if (!task) return fail('TASK_COMPLETE needs a task: --task T');
        {
          const result = this.tasks.execute(
            { type: 'task.done', task, summary: text },
            () => true,
            'report',
          );
          if (!result.ok) return result;
          this.countOutcome(id, 'done');
        }
        break;
      case 'ERROR':
        if (task) {
          this.tasks.failTask(task, id, text);
          this.countOutcome(id, 'failed');
        }
        break;
    }
    this.afterChange();
    return ok();
  }

  private answer(id: string, text: string): CommandResult {
    const info = this.state.workers[id];
    if (!info) return fail(`no worker ${id}`);
    // The answer goes straight in: the worker is waiting for it, not for a queue.
    // One line is typed (a y/n question reads keys); several lines go as a paste.
    if (text.includes('\n')) this.port.sendPrompt(id, text);
    else this.port.typeAnswer(id, text);
    this.state.patchWorker(id, { question: null });
    this.signal(id, { kind: 'human', report: 'answered' });
    this.log('message', `answer → ${info.name}: ${text}`, { workerId: id });
    return ok();
  }

  private countOutcome(id: string, outcome: 'done' | 'failed'): void {
    const book = this.books.get(id);
    if (!book) return;
    if (outcome === 'done') book.completed++;
    const before = book.breaker;
    book.breaker = recordOutcome(before, outcome, this.settings.breakerThreshold);
    if (breakerOpened(before, book.breaker)) {
      this.log(
        'decision',
        `${this.nameOf(id)} failed ${book.breaker.consecutiveFailures} tasks in a row: out of dispatch until /reinstate ${this.nameOf(id)}`,
        { workerId: id },
      );
    }
    this.publish(id);
  }

  /** A worker's task ended or moved away: it is free, and its queued prompt for it is void. */
  private withdraw(taskId: string, workerId: string): void {
    const book = this.books.get(workerId);
    if (book) {
      const ids = [
        ...(book.queue.current?.delivery.taskId === taskId ? [book.queue.current.delivery.id] : []),
        ...book.queue.queue.filter((d) => d.taskId === taskId).map((d) => d.id),
      ];
      for (const id of ids) this.applyDelivery(workerId, cancel(book.queue, id));
    }
    const info = this.state.workers[workerId];
    if (info?.currentTask === taskId) this.state.patchWorker(workerId, { currentTask: null });
  }

  private dispatchable(id: string): boolean {
    return this.books.get(id)?.breaker.dispatchable ?? false;
  }

  private signal(id: string, event: StatusEvent): void {
    const book = this.books.get(id);
    if (!book) return;
    const before = book.status;
    book.status = nextStatus(before, event, this.now(), {
      stallAfterMs: this.settings.stallAfterMs,
      activityQuietMs: this.settings.activityQuietMs,
    });
    if (!statusChanged(before, book.status)) return;
    this.publish(id);
    this.log('status', `${this.nameOf(id)}: ${describeStatus(book.status)}`, { workerId: id });
    if (!needsHuman(before) && needsHuman(book.status)) this.bellEmitter.fire(id);
  }

  private runningTaskOf(id: string): Task | undefined {
    const taskId = this.state.workers[id]?.currentTask;
    const task = taskId ? this.state.tasks.find((t) => t.id === taskId) : undefined;
    return task?.status === 'running' ? task : undefined;
  }

  /** The human (or a policy) answered the worker's permission prompt. */
  permissionAnswered(id: string): void {
    const book = this.books.get(id);
    if (!book) return;
    const shown = book.permission !== null || this.state.workers[id]?.permission;
    book.permission = null;
    book.answeredAt = this.now();
    if (shown) this.publish(id);
  }

  /** Copies what the UI shows of a worker's books into the store. */
  private publish(id: string): void {
    const book = this.books.get(id);
    const info = this.state.workers[id];
    if (!book || !info) return;
    const { state, signal, reason, since } = book.status;
    // A permission prompt the screen shows without a hook (no hooks, or an older
    // agent) still goes to the inbox, described by the screen's words.
    const newSinceAnswer = book.answeredAt === null || since > book.answeredAt;
    const permission =
      book.permission ??
      (state === 'waiting' && /permission/i.test(reason) && newSinceAnswer
        ? { tool: screenPermissionTool(reason), detail: '', since }
        : null);
    const patch: Partial<WorkerInfo> = {
      permission: state === 'waiting' || book.permission ? permission : null,
      status: { state, signal, reason, since },
      dispatchable: book.breaker.dispatchable,
      queuedPrompts: pendingCount(book.queue),
      waitingForHuman: book.queue.waitingForHuman,
    };
    const changed = (Object.keys(patch) as (keyof typeof patch)[]).some(
      (key) => JSON.stringify(info[key]) !== JSON.stringify(patch[key]),
    );
    if (changed) this.state.patchWorker(id, patch);
  }

  private nameOf(id: string): string {
    return this.state.workers[id]?.name ?? id;
  }

  private log(
    kind: LogKind,
    text: string,
    extra: { workerId?: string; taskId?: string; message?: MessageType } = {},
  ): void {
    this.state.appendLog({ at: this.now(), kind, text, ...extra });
  }
}

/** A one-line gist of a tool's input for the inbox: the command, the file, or the JSON. */
export function summarizeToolInput(input: unknown): string {
  if (!input || typeof input !== 'object') return '';
  const fields = input as Record<string, unknown>;
  for (const key of ['command', 'file_path', 'path', 'url', 'pattern']) {
    if (typeof fields[key] === 'string') return (fields[key] as string).replace(/\s+/g, ' ');
  }
  return JSON.stringify(input).slice(0, 200);
}

const isHookEvent = (event: string): event is HookEventName =>
  (HOOK_EVENTS as readonly string[]).includes(event);

/**
 * The TASK_ASSIGNMENT prompt: the title first (agents take it as the gist),
 * then the brief and how to report back.
 */
export function taskPrompt(task: Task): string {
  const lines = [`${task.title} (task ${task.id})`];
  if (task.brief.objective && task.brief.objective !== task.title)
    lines.push('', task.brief.objective);
  if (task.brief.expectedOutput) lines.push('', `Expected output: ${task.brief.expectedOutput}`);
  if (task.brief.boundaries) lines.push('', `Boundaries: ${task.brief.boundaries}`);
  lines.push(
    '',
    `When it is done: multibot-tui ctl report TASK_COMPLETE "<one-line summary>" --task ${task.id}`,
  );
  return lines.join('\n');
}

/** `permission: Bash` → `Bash`; a reason that names no tool (`permission prompt`) → `a tool`. */
function screenPermissionTool(reason: string): string {
  const named = /^permission(?::\s*|\s+for\s+)(\S.*)$/iu.exec(reason.trim())?.[1];
  return named ?? 'a tool';
}

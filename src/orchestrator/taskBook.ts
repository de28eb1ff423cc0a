import { fail, ok, type Command, type CommandResult } from '../engine/commands.js';
import type { LogKind } from '../store/logSlice.js';
import type { AppState, AppStore } from '../store/store.js';
import { exponentialBackoff, onTaskFailed, retryByHand, startAttempt } from './retry.js';
import { addTask, dependantsOf, replaceTask } from './taskGraph.js';
import type { MessageType, Task } from './types.js';

export interface TaskBookSettings {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export interface TaskBookHooks {
  now(): number;
  log(
    kind: LogKind,
    text: string,
    extra?: { workerId?: string; taskId?: string; message?: MessageType },
  ): void;
  /** The task was assigned to the worker: queue its prompt. */
  assigned(task: Task, workerId: string): void;
  /** The task left the worker (done, failed, cancelled, moved): drop its queued prompt. */
  withdrawn(taskId: string, workerId: string): void;
}

type TaskCommand = Extract<Command, { type: `task.${string}` }>;

/** Who changed a task: the human (an override), a worker's report, or an agent hook. */
export type TaskSource = 'human' | 'report' | 'hook';

/**
 * The task list's changes, each one logged: the pure graph and retry rules
 * applied to the store's tasks, with the human's changes marked as overrides.
 */
export class TaskBook {
  private readonly backoff: (attempt: number) => number;

  constructor(
    private readonly store: AppStore,
    private readonly settings: TaskBookSettings,
    private readonly hooks: TaskBookHooks,
  ) {
    this.backoff = exponentialBackoff({
      baseMs: settings.backoffBaseMs,
      maxMs: settings.backoffMaxMs,
    });
  }

  private get state(): AppState {
    return this.store.getState();
  }

  execute(
    command: TaskCommand,
    dispatchable: (workerId: string) => boolean,
    source: TaskSource = 'human',
  ): CommandResult {
    const now = this.hooks.now();
    switch (command.type) {
      case 'task.add': {
        const result = addTask(
          this.state.tasks,
          {
            title: command.title,
            ...(command.brief ? { brief: command.brief } : {}),
            role: command.role ?? null,
            ...(command.priority !== undefined ? { priority: command.priority } : {}),
            dependsOn: command.after ?? [],
            maxAttempts: this.settings.maxAttempts,
          },
          now,
        );
        if (!result.ok) return fail(result.error);
        this.state.setTasks(result.tasks);
        const { task } = result;
        const details = [
          task.role ? `role ${task.role}` : null,
          task.dependsOn.length ? `after ${task.dependsOn.join(',')}` : null,
          task.priority ? `priority ${task.priority}` : null,
        ].filter(Boolean);
        this.hooks.log(
          'task',
          `${task.id} added: ${task.title}${details.length ? ` (${details.join(', ')})` : ''}`,
          {
            taskId: task.id,
          },
        );
        return ok(task.id);
      }
      case 'task.assign':
      case 'task.reassign': {
        const task = this.find(command.task);
        if (!task) return this.noTask(command.task);
        const worker = this.state.workers[command.worker];
        if (!worker) return fail(`no worker ${command.worker}`);
        if (worker.process !== 'running') return fail(`${worker.name} is not running`);
        if (task.status === 'done' || task.status === 'cancelled') {
          return fail(`${task.id} is ${task.status}; /retry ${task.id} first`);
        }
        if (task.assignee === command.worker)
          return fail(`${task.id} is already with ${worker.name}`);
        const previous = task.assignee;
        if (previous) this.withdraw(task, previous);
        const note = dispatchable(command.worker)
          ? ''
          : ' (it is out of dispatch, but you chose it)';
        const from = previous ? ` from ${this.nameOf(previous)}` : '';
        this.assign(
          task.id,
          command.worker,
          'override',
          `${task.id} → ${worker.name}${from} by hand${note}`,
        );
        return ok();
      }
      case 'task.cancel': {
        const task = this.find(command.task);
        if (!task) return this.noTask(command.task);
        if (task.status === 'done' || task.status === 'cancelled')
          return fail(`${task.id} is already ${task.status}`);
        if (task.assignee) this.withdraw(task, task.assignee);
        this.put({ ...task, status: 'cancelled', assignee: null, updatedAt: now });
        this.hooks.log('override', `${task.id} cancelled${this.blockedNote(task.id)}`, {
          taskId: task.id,
        });
        return ok();
      }
      case 'task.retry': {
        const task = this.find(command.task);
        if (!task) return this.noTask(command.task);
        if (task.status !== 'failed' && task.status !== 'cancelled') {
          return fail(`${task.id} is ${task.status}; only failed or cancelled tasks are retried`);
        }
        this.put(retryByHand(task, now));
        this.hooks.log('override', `${task.id} pending again by hand`, { taskId: task.id });
        return ok();
      }
      case 'task.priority': {
        const task = this.find(command.task);
        if (!task) return this.noTask(command.task);
        if (!Number.isFinite(command.priority)) return fail('priority must be a number');
        this.put({ ...task, priority: command.priority, updatedAt: now });
        this.hooks.log('override', `${task.id} priority ${task.priority} → ${command.priority}`, {
          taskId: task.id,
        });
        return ok();
      }
      case 'task.done': {
        const task = this.find(command.task);
        if (!task) return this.noTask(command.task);
        if (task.status === 'done' || task.status === 'cancelled')
          return fail(`${task.id} is already ${task.status}`);
        this.completeTask(task.id, command.summary ?? '', source);
        return ok();
      }
      case 'task.fail': {
        const task = this.find(command.task);
        if (!task) return this.noTask(command.task);
        if (task.status === 'done' || task.status === 'cancelled' || task.status === 'failed') {
          return fail(`${task.id} is already ${task.status}`);
        }
        this.failTask(task.id, task.assignee, command.reason ?? 'failed by hand', source);
        return ok();
      }
    }
  }

  /** Gives the task to the worker and queues its prompt there. */
  assign(taskId: string, workerId: string, kind: 'decision' | 'override', reason: string): void {
    const task = this.find(taskId);
    if (!task) return;
    const started = startAttempt(task, workerId, this.hooks.now());
    this.put(started);
    this.hooks.log(kind, reason, { taskId, workerId });
    this.hooks.assigned(started, workerId);
  }

  /** The worker confirmed the prompt arrived: the task runs. */
  markRunning(taskId: string, workerId: string): void {
    const task = this.find(taskId);
    if (task && task.status === 'assigned' && task.assignee === workerId) {
      this.put({ ...task, status: 'running', updatedAt: this.hooks.now() });
    }
  }

  completeTask(taskId: string, summary: string, source: TaskSource): void {
    const task = this.find(taskId);
    if (!task) return;
    if (task.assignee) this.hooks.withdrawn(task.id, task.assignee);
    this.put({ ...task, status: 'done', result: summary || null, updatedAt: this.hooks.now() });
    const who = task.assignee ? ` by ${this.nameOf(task.assignee)}` : '';
    const text = `TASK_COMPLETE ${task.id}${who}${summary ? `: ${summary}` : ''}`;
    if (source === 'human')
      this.hooks.log('override', `${task.id} marked done by hand${summary ? `: ${summary}` : ''}`, {
        taskId,
      });
    else
      this.hooks.log('message', text, {
        taskId,
        message: 'TASK_COMPLETE',
        ...(task.assignee ? { workerId: task.assignee } : {}),
      });
  }

  /** A failed attempt: retried with backoff (on another worker when one fits) or failed for good. */
  failTask(
    taskId: string,
    workerId: string | null,
    reason: string,
    source: TaskSource = 'report',
  ): void {
    const task = this.find(taskId);
    if (!task || task.status === 'done' || task.status === 'cancelled' || task.status === 'failed')
      return;
    if (task.assignee) this.hooks.withdrawn(task.id, task.assignee);
    const outcome = onTaskFailed(
      task,
      workerId ?? task.assignee ?? 'nobody',
      this.hooks.now(),
      { maxAttempts: this.settings.maxAttempts, backoffMs: this.backoff },
      reason,
    );
    this.put(outcome.task);
    const kind = source === 'human' ? 'override' : 'decision';
    const blocked = outcome.retrying ? '' : this.blockedNote(task.id);
    this.hooks.log(kind, `${task.id} failed (${reason}): ${outcome.reason}${blocked}`, {
      taskId,
      ...(workerId ? { workerId } : {}),
    });
  }

  private withdraw(task: Task, workerId: string): void {
    this.hooks.withdrawn(task.id, workerId);
  }

  /** " — T4, T5 depend on it and wait" when a task will not be done. */
  private blockedNote(taskId: string): string {
    const waiting = dependantsOf(this.state.tasks, taskId).filter(
      (t) => t.status === 'pending' || t.status === 'assigned',
    );
    return waiting.length
      ? ` — ${waiting.map((t) => t.id).join(', ')} depend on it and cannot run`
      : '';
  }

  private find(id: string): Task | undefined {
    return this.state.tasks.find((task) => task.id === id.toUpperCase());
  }

  private put(task: Task): void {
    this.state.setTasks(replaceTask(this.state.tasks, task));
  }

  private noTask(id: string): CommandResult {
    const known = this.state.tasks.map((task) => task.id).join(', ') || 'none yet';
    return fail(`no task ${id} (tasks: ${known})`);
  }

  private nameOf(id: string): string {
    return this.state.workers[id]?.name ?? id;
  }
}

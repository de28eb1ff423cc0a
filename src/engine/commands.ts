/**
 * The one command vocabulary. Every action — a key in NAVIGATE mode, a command
 * line, a `ctl` call, a hook — becomes one of these plain-data values and goes
 * through `Engine.execute`. Nothing here may hold a live object.
 */
import type { MessageType } from '../orchestrator/types.js';

export type Direction = 'left' | 'right' | 'up' | 'down';
/** What a worker can report to the master (`multibot-tui ctl report TYPE …`). */
export type ReportType = Extract<
  MessageType,
  'STATUS_UPDATE' | 'QUESTION' | 'TASK_COMPLETE' | 'ERROR'
>;
export type LayoutMode = 'grid' | 'columns' | 'rows';
export type InputMode = 'navigate' | 'insert';

/** The id of the master pane in focus targets. Worker ids never collide with it. */
export const MASTER_PANE_ID = 'master';

export type Command =
  | { type: 'focus.set'; target: string }
  | { type: 'focus.move'; direction: Direction }
  | { type: 'focus.cycle'; delta: 1 | -1 }
  /** Focus worker number `index` (1-based, in display order). */
  | { type: 'focus.index'; index: number }
  | { type: 'layout.zoom' }
  | { type: 'layout.set'; mode: LayoutMode }
  /** grid → columns → rows → grid. */
  | { type: 'layout.cycle' }
  | { type: 'mode.set'; mode: InputMode }
  /** The prefix key was pressed in INSERT mode; the next key is a command key. */
  | { type: 'prefix.set'; pending: boolean }
  | { type: 'worker.pause'; id: string }
  | { type: 'worker.resume'; id: string }
  | { type: 'worker.togglePause'; id: string }
  /** Asks for confirmation unless `confirmed`. SIGTERM, then SIGKILL after the grace period. */
  | { type: 'worker.kill'; id: string; confirmed?: boolean }
  | { type: 'worker.restart'; id: string }
  /** Bytes for the worker's pty, already encoded for its terminal modes. */
  | { type: 'worker.input'; id: string; data: string }
  /** Scroll the pane's view into its scrollback; positive = towards older lines. */
  | { type: 'worker.scroll'; id: string; lines: number }
  | { type: 'worker.scrollToBottom'; id: string }
  | { type: 'help.toggle' }
  | { type: 'dialog.confirm' }
  | { type: 'dialog.cancel' }
  /** Asks for confirmation while workers run, unless `confirmed`. */
  | { type: 'app.quit'; confirmed?: boolean }
  | { type: 'screen.resize'; cols: number; rows: number }
  // Tasks and dispatch (the master pane's vocabulary).
  | {
      type: 'task.add';
      title: string;
      brief?: string;
      role?: string | null;
      /** Ids of tasks that must be done first. */
      after?: string[];
      priority?: number;
    }
  /** The human assigns a task, overriding the dispatcher. */
  | { type: 'task.assign'; task: string; worker: string }
  /** Moves an assigned or running task to another worker. */
  | { type: 'task.reassign'; task: string; worker: string }
  | { type: 'task.cancel'; task: string }
  | { type: 'task.retry'; task: string }
  | { type: 'task.priority'; task: string; priority: number }
  | { type: 'task.done'; task: string; summary?: string }
  | { type: 'task.fail'; task: string; reason?: string }
  /** Stop / restart automatic assignment of ready tasks. */
  | { type: 'dispatch.hold' }
  | { type: 'dispatch.release' }
  /** Start a new worker from a config profile. */
  | { type: 'worker.spawn'; profile: string; name?: string }
  /** Type a message into a worker (as a prompt). */
  | { type: 'worker.say'; id: string; text: string }
  | { type: 'worker.broadcast'; text: string }
  /** A worker's report to the master: progress, a question, completion, an error. */
  | { type: 'worker.report'; id: string; report: ReportType; text: string; task?: string }
  /** The human answers a worker's question; the answer is typed into the worker. */
  | { type: 'worker.answer'; id: string; text: string }
  /**
   * Take an ended worker out of the session: its pane goes, and its worktree and
   * branch too when they hold no work (uncommitted changes or commits missing
   * from the base) — unless `force` — else they are kept and the log says why.
   */
  | { type: 'worker.remove'; id: string; force?: boolean }
  /** Put a worker the circuit breaker took out of dispatch back in. */
  | { type: 'worker.reinstate'; id: string }
  /**
   * Answer a worker's pending permission prompt (its agent's keys are typed
   * into it). Without an id: the focused worker's, else the oldest pending one.
   */
  | { type: 'permission.answer'; id?: string; allow: boolean }
  /** Focus the next worker that needs the human. */
  | { type: 'focus.nextWaiting' }
  // The master pane's command line and new-task dialog.
  | { type: 'commandLine.set'; text: string; cursor: number }
  | { type: 'commandLine.submit' }
  | { type: 'taskDialog.open' }
  | { type: 'taskDialog.set'; text: string; cursor: number }
  | { type: 'taskDialog.submit' };

export type CommandType = Command['type'];

export type CommandResult = { ok: true; message?: string } | { ok: false; error: string };

export const ok = (message?: string): CommandResult =>
  message === undefined ? { ok: true } : { ok: true, message };
export const fail = (error: string): CommandResult => ({ ok: false, error });

/**
 * The one command vocabulary. Every action — a key in NAVIGATE mode, a command
 * line, a `ctl` call, a hook — becomes one of these plain-data values and goes
 * through `Engine.execute`. Nothing here may hold a live object.
 */
export type Direction = 'left' | 'right' | 'up' | 'down';
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
  | { type: 'screen.resize'; cols: number; rows: number };

export type CommandType = Command['type'];

export type CommandResult = { ok: true; message?: string } | { ok: false; error: string };

export const ok = (message?: string): CommandResult =>
  message === undefined ? { ok: true } : { ok: true, message };
export const fail = (error: string): CommandResult => ({ ok: false, error });

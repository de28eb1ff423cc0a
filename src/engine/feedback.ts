import type { AppStore } from '../store/store.js';
import { ok, type Command, type CommandResult } from './commands.js';

export type NoticeLevel = 'info' | 'warn' | 'error';

/** One line in the status bar; the next notice replaces it. */
export function notice(store: AppStore, text: string, level: NoticeLevel = 'info'): void {
  store.getState().setUi({ notice: { text, level } });
}

/** A line in the session log, filed under the worker it is about. */
export function logWorker(store: AppStore, text: string, workerId?: string): void {
  store.getState().appendLog({
    at: Date.now(),
    kind: 'worker',
    text,
    ...(workerId ? { workerId } : {}),
  });
}

/** Puts `command` behind a yes/no dialog; `dialog.confirm` runs it. */
export function askConfirmation(
  store: AppStore,
  title: string,
  message: string,
  command: Command,
): CommandResult {
  store.getState().setUi({ overlay: { kind: 'confirm', title, message, command } });
  return ok('confirmation asked');
}

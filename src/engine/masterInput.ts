import { parseCommandLine } from '../orchestrator/commandLine.js';
import { parseTaskDialog } from '../orchestrator/taskDialog.js';
import type { AppState, AppStore } from '../store/store.js';
import { fail, ok, type Command, type CommandResult } from './commands.js';
import { notice } from './feedback.js';

type MasterCommand = Extract<Command, { type: `commandLine.${string}` | `taskDialog.${string}` }>;

/** What the master pane's parsers need to know beyond the store. */
export interface MasterParsers {
  /** Profile names, for `/spawn PROFILE`. */
  profiles: readonly string[];
}

/**
 * The master pane's command line and new-task dialog: the text lives in the
 * store, a submitted line becomes a command of the one vocabulary, and the
 * outcome is said in the status bar.
 */
export class MasterInput {
  constructor(
    private readonly store: AppStore,
    private readonly parsers: MasterParsers | null,
    private readonly run: (command: Command) => CommandResult,
  ) {}

  private get state(): AppState {
    return this.store.getState();
  }

  execute(command: MasterCommand): CommandResult {
    switch (command.type) {
      case 'commandLine.set':
        this.state.setUi({ commandLine: { text: command.text, cursor: command.cursor } });
        return ok();
      case 'commandLine.submit':
        return this.submitLine();
      case 'taskDialog.open':
        this.state.setUi({ overlay: { kind: 'taskDialog', text: '', cursor: 0 } });
        return ok();
      case 'taskDialog.set': {
        if (this.state.ui.overlay?.kind !== 'taskDialog')
          return fail('the task dialog is not open');
        this.state.setUi({
          overlay: { kind: 'taskDialog', text: command.text, cursor: command.cursor },
        });
        return ok();
      }
      case 'taskDialog.submit':
        return this.submitDialog();
    }
  }

  private submitLine(): CommandResult {
    const text = this.state.ui.commandLine.text.trim();
    if (text === '') return ok();
    const { workers, workerOrder, tasks } = this.state;
    const parsed = parseCommandLine(text, {
      workers: workerOrder.flatMap((id) => (workers[id] ? [{ id, name: workers[id].name }] : [])),
      tasks: tasks.map((task) => task.id),
      profiles: [...(this.parsers?.profiles ?? [])],
    });
    if (!parsed.ok) {
      // The line stays, so the human can fix it.
      notice(this.store, parsed.error, 'error');
      return fail(parsed.error);
    }
    this.state.setUi({ commandLine: { text: '', cursor: 0 } });
    const result = this.run(parsed.command);
    if (result.ok)
      notice(this.store, result.message ? `${text}: ${result.message}` : `${text}: done`, 'info');
    else notice(this.store, result.error, 'error');
    return result;
  }

  private submitDialog(): CommandResult {
    const overlay = this.state.ui.overlay;
    if (overlay?.kind !== 'taskDialog') return fail('the task dialog is not open');
    const parsed = parseTaskDialog(overlay.text);
    if (!parsed.ok) {
      notice(this.store, parsed.error, 'error');
      return fail(parsed.error);
    }
    const result = this.run(parsed.command);
    if (result.ok) {
      this.state.setUi({ overlay: null });
      notice(this.store, `task ${result.message ?? ''} added`.replace('  ', ' '), 'info');
    } else {
      notice(this.store, result.error, 'error');
    }
    return result;
  }
}

import { neighbour } from '../layout/tiling.js';
import type { AppState, AppStore } from '../store/store.js';
import { MASTER_PANE_ID, fail, ok, type Command, type CommandResult } from './commands.js';
import { notice } from './feedback.js';
import type { PaneLayout } from './paneLayout.js';
import type { WorkerLookup } from './workerRegistry.js';

export type NavigationCommand = Extract<
  Command,
  { type: `focus.${string}` | `layout.${string}` | 'mode.set' | 'prefix.set' }
>;

const LAYOUT_MODES = ['grid', 'columns', 'rows'] as const;

/** Where the human is: the focused pane, the tiling and the input mode. */
export class Navigation {
  constructor(
    private readonly store: AppStore,
    private readonly layout: PaneLayout,
    private readonly workers: Pick<WorkerLookup, 'runtime'>,
  ) {}

  private get state(): AppState {
    return this.store.getState();
  }

  execute(command: NavigationCommand): CommandResult {
    const state = this.state;
    switch (command.type) {
      case 'focus.set':
        return this.focus(command.target);
      case 'focus.move': {
        const target = neighbour(this.layout.unzoomed(), state.layout.focus, command.direction);
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
      case 'focus.nextWaiting':
        return this.focusNextWaiting();
      case 'layout.zoom':
        state.setLayout({ zoom: !state.layout.zoom });
        return ok();
      case 'layout.set':
        state.setLayout({ mode: command.mode });
        return ok();
      case 'layout.cycle': {
        const next =
          LAYOUT_MODES[(LAYOUT_MODES.indexOf(state.layout.mode) + 1) % LAYOUT_MODES.length] ??
          'grid';
        state.setLayout({ mode: next });
        notice(this.store, `layout: ${next}`);
        return ok();
      }
      case 'mode.set':
        return this.setMode(command.mode);
      case 'prefix.set':
        state.setUi({ prefixPending: command.pending });
        return ok();
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

  /** Focus the next worker (after the focused one) that needs the human. */
  private focusNextWaiting(): CommandResult {
    const { workerOrder, workers, layout } = this.state;
    const start = workerOrder.indexOf(layout.focus);
    for (let step = 1; step <= workerOrder.length; step++) {
      const id = workerOrder[(start + step + workerOrder.length) % workerOrder.length];
      if (id && workers[id]?.status.state === 'waiting') return this.focus(id);
    }
    notice(this.store, 'no worker needs you right now');
    return ok('nobody waiting');
  }

  private setMode(mode: 'navigate' | 'insert'): CommandResult {
    const state = this.state;
    // INSERT on the master pane types into its command line.
    if (mode === 'insert' && state.layout.focus !== MASTER_PANE_ID) {
      const runtime = this.workers.runtime(state.layout.focus);
      const info = state.workers[state.layout.focus];
      if (!runtime || !info) return fail('focus a worker first: INSERT types into a worker');
      if (!runtime.running) {
        notice(this.store, `${info.name} has exited — r restarts it`, 'warn');
        return fail(`${info.name} has exited`);
      }
    }
    state.setUi({ inputMode: mode, prefixPending: false });
    return ok();
  }
}

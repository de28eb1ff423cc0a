import type { Engine } from '../engine/engine.js';
import { MASTER_PANE_ID } from '../engine/commands.js';
import { paneAt } from '../layout/tiling.js';
import type { Clock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import { COMMAND_LINE_COMMANDS } from './lineEditor.js';
import { routeInput } from './router.js';
import { TokenFeed } from './tokenFeed.js';
import type { RouterContext } from './types.js';

export { ESCAPE_TIMEOUT_MS } from './tokenFeed.js';

/**
 * Raw host input → tokens → commands. The tokenizer and the router are pure;
 * this is the glue that feeds them the moment's context and runs the result.
 */
export class InputController {
  private readonly tokens: TokenFeed;

  constructor(
    private readonly engine: Engine,
    private readonly prefixKey: string,
    clock?: Clock,
  ) {
    this.tokens = new TokenFeed(clock ?? systemClock, (token) => this.dispatch(token));
  }

  feed(chunk: string): void {
    this.tokens.feed(chunk);
  }

  dispose(): void {
    this.tokens.dispose();
  }

  private dispatch(token: Parameters<typeof routeInput>[0]): void {
    for (const command of routeInput(token, this.context())) this.engine.execute(command);
  }

  private context(): RouterContext {
    const engine = this.engine;
    const state = engine.store.getState();
    const { ui, layout, workers } = state;
    const focus = layout.focus;
    const focusedScreen = focus === MASTER_PANE_ID ? undefined : engine.screenOf(focus);
    const current = engine.layout();
    return {
      mode: ui.inputMode,
      prefixPending: ui.prefixPending,
      overlay: ui.overlay?.kind ?? null,
      focus,
      focusedModes: focusedScreen?.modes() ?? null,
      focusedScrolled: (workers[focus]?.scrollOffset ?? 0) > 0,
      paneAt: (x, y) => paneAt(current, x, y),
      modesOf: (id) => engine.screenOf(id)?.modes() ?? null,
      prefixKey: this.prefixKey,
      commandLine: ui.commandLine,
      taskDialog:
        ui.overlay?.kind === 'taskDialog'
          ? { text: ui.overlay.text, cursor: ui.overlay.cursor }
          : null,
      completionNames: () => ({
        workers: state.workerOrder.map((id) => state.workers[id]?.name ?? id),
        tasks: state.tasks.map((task) => task.id),
        commands: COMMAND_LINE_COMMANDS,
      }),
    };
  }
}

import { encodePasteForPane } from '../terminal/keyEncoding.js';
import type { Clock } from '../util/clock.js';
import type { WorkerLookup } from './workerRegistry.js';
import type { WorkerRuntime } from './workerRuntime.js';

const ECHO_POLL_MS = 50;
const ECHO_GIVE_UP_MS = 2_000;
const ANSWER_ENTER_DELAY_MS = 60;

/** Types prompts and answers into workers the way their agents take them in. */
export class PromptEntry {
  constructor(
    private readonly workers: WorkerLookup,
    private readonly clock: Clock,
  ) {}

  /** Types a prompt into a worker: a bracketed paste (when it asked for that) and Enter. */
  send(id: string, text: string): void {
    const runtime = this.workers.runtime(id);
    if (!runtime?.running) return;
    const delivery =
      this.workers.spec(id)?.promptDelivery ?? this.workers.reader(id)?.promptDelivery ?? 'paste';
    if (delivery === 'none') return;
    const body =
      delivery === 'type'
        ? text.replace(/\r?\n/g, ' ')
        : encodePasteForPane(text, runtime.screen.modes());
    runtime.write(body);
    this.enterWhenShown(id, runtime, text, 0);
  }

  typeAnswer(id: string, text: string): void {
    const runtime = this.workers.runtime(id);
    if (!runtime?.running) return;
    runtime.write(text);
    this.clock.setTimeout(() => runtime.write('\r'), ANSWER_ENTER_DELAY_MS);
  }

  /**
   * Enter goes apart from the paste, once the text shows in the agent's input:
   * an Enter that arrives while the agent is still taking in a paste is read as
   * part of it and lost (seen with Claude Code). Without a screen reader, or if
   * the text never shows, Enter goes after a short wait regardless.
   */
  private enterWhenShown(id: string, runtime: WorkerRuntime, text: string, waited: number): void {
    this.clock.setTimeout(() => {
      if (!runtime.running) return;
      const shown =
        this.workers.readScreen(id, (reader, screen) => reader.echoed(screen, text)) ?? true;
      if (shown || waited + ECHO_POLL_MS >= ECHO_GIVE_UP_MS) runtime.write('\r');
      else this.enterWhenShown(id, runtime, text, waited + ECHO_POLL_MS);
    }, ECHO_POLL_MS);
  }
}

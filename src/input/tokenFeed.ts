import type { Clock } from '../util/clock.js';
import { InputTokenizer } from './tokenizer.js';
import type { InputToken } from './types.js';

/** How long a lone ESC waits for the rest of a sequence before it counts as the Esc key. */
export const ESCAPE_TIMEOUT_MS = 30;

/**
 * Raw host input → tokens, with a lone ESC resolved after a short wait: the
 * one place the control room and the replay player read their stdin through.
 */
export class TokenFeed {
  private readonly tokenizer = new InputTokenizer();
  private escapeTimer: unknown = null;

  constructor(
    private readonly clock: Clock,
    private readonly dispatch: (token: InputToken) => void,
  ) {}

  feed(chunk: string): void {
    this.cancel();
    for (const token of this.tokenizer.push(chunk)) this.dispatch(token);
    if (this.tokenizer.hasPending()) {
      this.escapeTimer = this.clock.setTimeout(() => {
        this.escapeTimer = null;
        for (const token of this.tokenizer.flush()) this.dispatch(token);
      }, ESCAPE_TIMEOUT_MS);
    }
  }

  dispose(): void {
    this.cancel();
  }

  private cancel(): void {
    if (this.escapeTimer !== null) this.clock.clearTimeout(this.escapeTimer);
    this.escapeTimer = null;
  }
}

/* eslint-disable no-control-regex -- this module parses raw terminal input: control characters are its subject. */
/**
 * Raw terminal input → keys. Understands bracketed paste (one `paste` key, even
 * across chunks), a lone Esc (after a short pause, so arrow keys and other
 * escape sequences are not mistaken for it) and the few control keys the demo
 * agent uses. Everything else that is not text is dropped.
 */

export type Key =
  | { kind: 'text'; text: string }
  | { kind: 'paste'; text: string }
  | { kind: 'enter' }
  | { kind: 'newline' }
  | { kind: 'backspace' }
  | { kind: 'escape' }
  | { kind: 'ctrl-c' }
  | { kind: 'ctrl-d' }
  | { kind: 'ctrl-u' }
  | { kind: 'ctrl-w' };

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
/** How long a lone ESC waits for the rest of a sequence before it counts as the Esc key. */
const ESC_WAIT_MS = 30;

/** Pasted text as prompt text: one newline style, no stray control characters. */
export function cleanPaste(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(/[\x00-\x09\x0b-\x1f\x7f]/g, '');
}

export class KeyParser {
  private buffer = '';
  private inPaste = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly emit: (key: Key) => void) {}

  feed(chunk: string): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.buffer += chunk;
    this.parse();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.buffer = '';
  }

  private parse(): void {
    while (this.buffer.length > 0) {
      if (this.inPaste) {
        const end = this.buffer.indexOf(PASTE_END);
        if (end < 0) return; // the rest of the paste is still on its way
        const text = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + PASTE_END.length);
        this.inPaste = false;
        this.emit({ kind: 'paste', text: cleanPaste(text) });
        continue;
      }
      const char = this.buffer[0]!;
      if (char === '\x1b') {
        if (!this.escape()) return;
        continue;
      }
      this.buffer = this.buffer.slice(1);
      switch (char) {
        case '\r':
          if (this.buffer.startsWith('\n')) this.buffer = this.buffer.slice(1);
          this.emit({ kind: 'enter' });
          break;
        case '\n':
          this.emit({ kind: 'enter' });
          break;
        case '\x7f':
        case '\b':
          this.emit({ kind: 'backspace' });
          break;
        case '\x03':
          this.emit({ kind: 'ctrl-c' });
          break;
        case '\x04':
          this.emit({ kind: 'ctrl-d' });
          break;
        case '\x15':
          this.emit({ kind: 'ctrl-u' });
          break;
        case '\x17':
          this.emit({ kind: 'ctrl-w' });
          break;
        case '\t':
          this.emit({ kind: 'text', text: '  ' });
          break;
        default: {
          if (char < ' ') break;
          // A run of plain text is one key: typing is echoed in one go.
          const match = /^[^\x00-\x1f\x7f]*/.exec(this.buffer);
          const rest = match ? match[0] : '';
          this.buffer = this.buffer.slice(rest.length);
          this.emit({ kind: 'text', text: char + rest });
        }
      }
    }
  }

  /** No more input for a moment: the ESC at the start was the Esc key. */
  private waitThenEscape(): false {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.buffer = this.buffer.slice(1);
      this.emit({ kind: 'escape' });
      this.parse();
    }, ESC_WAIT_MS);
    return false;
  }

  /** Handles an ESC at the start of the buffer; false = wait for more input. */
  private escape(): boolean {
    const buffer = this.buffer;
    if (buffer.length === 1) {
      return this.waitThenEscape();
    }
    const next = buffer[1]!;
    if (next === '[') {
      const match = /^\x1b\[[0-?]*[ -/]*[@-~]/.exec(buffer);
      if (!match) {
        // An unfinished sequence: wait a moment, then treat the ESC as the key.
        return this.waitThenEscape();
      }
      this.buffer = buffer.slice(match[0].length);
      if (match[0] === PASTE_START) this.inPaste = true;
      else if (match[0] === '\x1b[13;2u') this.emit({ kind: 'newline' }); // Shift+Enter (kitty)
      return true;
    }
    if (next === 'O') {
      if (buffer.length < 3) {
        return this.waitThenEscape();
      }
      this.buffer = buffer.slice(3);
      return true;
    }
    if (next === '\r' || next === '\n') {
      this.buffer = buffer.slice(2);
      this.emit({ kind: 'newline' }); // Alt+Enter
      return true;
    }
    if (next === '\x1b') {
      this.buffer = buffer.slice(1);
      this.emit({ kind: 'escape' });
      return true;
    }
    // Alt+<key>: not used.
    this.buffer = buffer.slice(2);
    return true;
  }
}

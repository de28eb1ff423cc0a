import unicode11 from '@xterm/addon-unicode11';
import xtermHeadless from '@xterm/headless';
import type { IBufferCell, Terminal as XtermTerminal } from '@xterm/headless';
import { DisposableStore, Emitter } from '../util/disposable.js';
import type { Disposable } from '../util/disposable.js';
import { blankRow, rowToAnsi } from './rowToAnsi.js';
import type { CursorState, PaneModes, PaneScreenApi } from './types.js';

// The package is CommonJS without an `exports` map (its `module` field points at a file
// that is not shipped), so under Node ESM only the default import is reliable.
const { Terminal } = xtermHeadless;
const { Unicode11Addon } = unicode11;

export interface PaneScreenOptions {
  cols: number;
  rows: number;
  /** Lines kept above the screen for scrolling back. */
  scrollback: number;
}

type MouseEncoding = 'default' | 'sgr' | 'sgr-pixels';

const OFF_MODES: PaneModes = {
  applicationCursorKeys: false,
  bracketedPaste: false,
  mouseTracking: 'none',
  sgrMouse: false,
};

/** A worker's screen, emulated by @xterm/headless. */
export class PaneScreen implements PaneScreenApi {
  private readonly terminal: XtermTerminal;
  private readonly subscriptions = new DisposableStore();
  private readonly changes = new Emitter<void>();
  private readonly replies = new Emitter<string>();
  /** Reused for every cell read: rendering must not allocate per cell. */
  private readonly scratch: IBufferCell;
  // Not exposed by the public API (xterm keeps them in internal services), so they are
  // followed from the parser, mirroring how xterm itself sets and resets them.
  private cursorHidden = false;
  private mouseEncoding: MouseEncoding = 'default';
  private disposed = false;
  private lastCols: number;
  private lastRows: number;

  constructor(options: PaneScreenOptions) {
    this.terminal = new Terminal({
      cols: options.cols,
      rows: options.rows,
      scrollback: options.scrollback,
      // `buffer` and `parser` are "proposed" API in the headless build.
      allowProposedApi: true,
      // xterm reports a worker's malformed sequences on the console, which is the
      // host terminal under the control room: garbage over the tiles. Stay silent.
      logLevel: 'off',
    });
    // Unicode 11 widths: emoji take two columns, as in every modern host terminal.
    // With xterm's default (Unicode 6) tables a row holding emoji would be drawn
    // one column too wide and spill over the pane's border.
    this.terminal.loadAddon(new Unicode11Addon());
    this.terminal.unicode.activeVersion = '11';
    this.lastCols = options.cols;
    this.lastRows = options.rows;
    this.scratch = this.terminal.buffer.active.getNullCell();

    const terminal = this.terminal;
    const subscriptions = this.subscriptions;
    subscriptions.add(terminal.onData((data) => this.replies.fire(data)));
    subscriptions.add(terminal.onWriteParsed(() => this.changes.fire()));
    // Returning false lets xterm's own handling run after ours.
    subscriptions.add(
      terminal.parser.registerCsiHandler({ prefix: '?', final: 'h' }, (params) =>
        this.trackPrivateModes(params, true),
      ),
    );
    subscriptions.add(
      terminal.parser.registerCsiHandler({ prefix: '?', final: 'l' }, (params) =>
        this.trackPrivateModes(params, false),
      ),
    );
    // DECSTR (soft reset) shows the cursor again but keeps the mouse encoding.
    subscriptions.add(
      terminal.parser.registerCsiHandler({ intermediates: '!', final: 'p' }, () => {
        this.cursorHidden = false;
        return false;
      }),
    );
    // RIS (full reset) resets both.
    subscriptions.add(
      terminal.parser.registerEscHandler({ final: 'c' }, () => {
        this.cursorHidden = false;
        this.mouseEncoding = 'default';
        return false;
      }),
    );
  }

  get cols(): number {
    return this.disposed ? this.lastCols : this.terminal.cols;
  }

  get rows(): number {
    return this.disposed ? this.lastRows : this.terminal.rows;
  }

  write(data: string, onParsed?: () => void): void {
    // A disposed pane has no pty left to acknowledge, so the data and its ack are dropped.
    if (this.disposed) return;
    this.terminal.write(data, onParsed);
  }

  onReply(listener: (data: string) => void): Disposable {
    return this.replies.event(listener);
  }

  onChange(listener: () => void): Disposable {
    return this.changes.event(listener);
  }

  resize(cols: number, rows: number): void {
    if (this.disposed || (cols === this.terminal.cols && rows === this.terminal.rows)) return;
    this.terminal.resize(cols, rows);
    this.lastCols = cols;
    this.lastRows = rows;
    this.changes.fire();
  }

  modes(): PaneModes {
    if (this.disposed) return { ...OFF_MODES };
    const modes = this.terminal.modes;
    return {
      applicationCursorKeys: modes.applicationCursorKeysMode,
      bracketedPaste: modes.bracketedPasteMode,
      mouseTracking: modes.mouseTrackingMode,
      sgrMouse: this.mouseEncoding === 'sgr',
    };
  }

  cursor(): CursorState {
    if (this.disposed) return { x: 0, y: 0, visible: false };
    const buffer = this.terminal.buffer.active;
    return {
      // After the last column is written xterm parks the cursor at x = cols (a pending
      // wrap); the host can only show it on the last cell.
      x: Math.min(buffer.cursorX, this.terminal.cols - 1),
      y: buffer.cursorY,
      visible: !this.cursorHidden && buffer.viewportY === buffer.baseY,
    };
  }

  scrollBy(lines: number): number {
    if (this.disposed) return 0;
    const before = this.scrollOffset();
    // xterm counts positive lines towards the bottom; ours count back into history.
    // It also rejects fractions (a half page of an odd height), so round them away.
    this.terminal.scrollLines(-Math.trunc(lines));
    const after = this.scrollOffset();
    if (after !== before) this.changes.fire();
    return after;
  }

  scrollToBottom(): void {
    if (this.disposed || this.scrollOffset() === 0) return;
    this.terminal.scrollToBottom();
    this.changes.fire();
  }

  scrollOffset(): number {
    if (this.disposed) return 0;
    const buffer = this.terminal.buffer.active;
    return buffer.baseY - buffer.viewportY;
  }

  renderRow(y: number, start = 0, end = this.cols): string {
    if (this.disposed || y < 0 || y >= this.terminal.rows) {
      return blankRow(Math.min(end, this.cols) - Math.max(0, start));
    }
    const buffer = this.terminal.buffer.active;
    return rowToAnsi(buffer.getLine(buffer.viewportY + y), this.terminal.cols, this.scratch, {
      start,
      end,
    });
  }

  /**
   * Row `y` of the view, whole, with each column's start recorded into `starts` (see
   * rowToAnsi): what the screen worker sends so that its mirror can cut column ranges.
   */
  renderRowWithStarts(y: number, starts: Uint32Array): string {
    if (this.disposed || y < 0 || y >= this.terminal.rows) {
      return rowToAnsi(undefined, this.cols, undefined, undefined, starts);
    }
    const buffer = this.terminal.buffer.active;
    const line = buffer.getLine(buffer.viewportY + y);
    return rowToAnsi(line, this.terminal.cols, this.scratch, undefined, starts);
  }

  /** Lines of scrollback above the live screen: how far scrollBy can go back. */
  historyLength(): number {
    return this.disposed ? 0 : this.terminal.buffer.active.baseY;
  }

  /** Whether the application hid the cursor (DECTCEM), whatever the view. */
  cursorHiddenByApp(): boolean {
    return this.cursorHidden;
  }

  rowText(y: number): string {
    if (this.disposed || y < 0 || y >= this.terminal.rows) return '';
    const buffer = this.terminal.buffer.active;
    return buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '';
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.subscriptions.dispose();
    this.changes.dispose();
    this.replies.dispose();
    this.terminal.dispose();
  }

  /** DECSET/DECRST: one sequence may carry several modes (`CSI ? 1000 ; 1006 h`). */
  private trackPrivateModes(params: (number | number[])[], on: boolean): boolean {
    for (const param of params) {
      if (param === 25) this.cursorHidden = !on;
      // Like xterm: the encodings replace each other and any reset returns to default.
      else if (param === 1006) this.mouseEncoding = on ? 'sgr' : 'default';
      else if (param === 1016) this.mouseEncoding = on ? 'sgr-pixels' : 'default';
    }
    return false;
  }
}

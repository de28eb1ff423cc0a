import type { IDisposable, Terminal } from '@xterm/headless';
import { blankRow, rowToAnsi } from '../terminal/rowToAnsi.js';
import type { CursorState, PaneModes, PaneScreenApi } from '../terminal/types.js';
import type { Disposable } from '../util/disposable.js';

/** The interior a pane is shown in. */
export interface ScreenView {
  width: number;
  height: number;
}

const MODES: PaneModes = {
  applicationCursorKeys: false,
  bracketedPaste: false,
  mouseTracking: 'none',
  sgrMouse: false,
};
const HIDDEN: CursorState = { x: 0, y: 0, visible: false };
const NOTHING: Disposable = { dispose: () => {} };

/** xterm keeps the hidden-cursor mode internal (see recording/headlessScreen.ts). */
interface CoreInternals {
  coreService?: { isCursorHidden?: boolean };
}

/**
 * A replayed pane as the compositor reads it: a read-only snapshot of the model's
 * headless terminal, taken when the player has finished a step. The model rebuilds and
 * replays terminals asynchronously, so reading them directly could paint a half-played
 * screen; a snapshot is always a whole moment.
 *
 * A recording larger than the interior is clipped: its left columns, and the rows
 * that keep the cursor in view (the top ones when possible). A smaller one sits in the
 * top-left corner, the rest blank, as a pane waiting for its resize does live.
 */
export class ReplayScreen implements PaneScreenApi {
  private terminal: Terminal | null = null;
  private subscriptions: IDisposable[] = [];
  private dirty = true;
  private view: ScreenView = { width: 0, height: 0 };
  private ansi: string[] = [];
  private text: string[] = [];
  private shownCursor: CursorState = HIDDEN;
  private size = { cols: 0, rows: 0 };
  private recordedSize: { cols: number; rows: number } | null = null;

  /** What was recorded, when there is a screen: the title says so when it is clipped. */
  get recorded(): { cols: number; rows: number } | null {
    return this.recordedSize;
  }

  get clipped(): boolean {
    const recorded = this.recordedSize;
    return !!recorded && (recorded.cols > this.view.width || recorded.rows > this.view.height);
  }

  get cols(): number {
    return this.size.cols;
  }

  get rows(): number {
    return this.size.rows;
  }

  /** Snapshots `terminal` for `view`; true when what is shown may have changed. */
  update(terminal: Terminal | null, view: ScreenView): boolean {
    const sameView = view.width === this.view.width && view.height === this.view.height;
    if (terminal === this.terminal && sameView && !this.dirty) return false;
    if (terminal !== this.terminal) this.follow(terminal);
    this.view = { ...view };
    this.dirty = false;
    this.snapshot();
    return true;
  }

  write(): void {}

  onReply(): Disposable {
    return NOTHING;
  }

  onChange(): Disposable {
    return NOTHING;
  }

  resize(): void {}

  modes(): PaneModes {
    return { ...MODES };
  }

  cursor(): CursorState {
    return { ...this.shownCursor };
  }

  scrollBy(): number {
    return 0;
  }

  scrollToBottom(): void {}

  scrollOffset(): number {
    return 0;
  }

  /**
   * The snapshot's row. Column segments are only asked for around dialogs, which the
   * replay never opens over the panes; one is cut from blanks rather than guessed.
   */
  renderRow(y: number, start = 0, end = this.size.cols): string {
    if (start !== 0 || end !== this.size.cols) return blankRow(end - start);
    return this.ansi[y] ?? blankRow(this.size.cols);
  }

  rowText(y: number): string {
    return this.text[y] ?? '';
  }

  dispose(): void {
    this.follow(null);
  }

  private follow(terminal: Terminal | null): void {
    for (const subscription of this.subscriptions.splice(0)) {
      try {
        subscription.dispose();
      } catch {
        // The model may have disposed the terminal already, its listeners with it.
      }
    }
    this.terminal = terminal;
    this.dirty = true;
    if (!terminal) return;
    const touch = (): void => {
      this.dirty = true;
    };
    this.subscriptions.push(terminal.onWriteParsed(touch), terminal.onResize(touch));
  }

  private snapshot(): void {
    const terminal = this.terminal;
    this.ansi = [];
    this.text = [];
    if (!terminal) {
      this.size = { cols: 0, rows: 0 };
      this.recordedSize = null;
      this.shownCursor = HIDDEN;
      return;
    }
    const cols = Math.min(terminal.cols, this.view.width);
    const rows = Math.min(terminal.rows, this.view.height);
    this.size = { cols, rows };
    this.recordedSize = { cols: terminal.cols, rows: terminal.rows };
    const buffer = terminal.buffer.active;
    const top = Math.max(0, Math.min(terminal.rows - rows, buffer.cursorY - rows + 1));
    const scratch = buffer.getNullCell();
    for (let y = 0; y < rows; y += 1) {
      const line = buffer.getLine(buffer.baseY + top + y);
      this.ansi.push(rowToAnsi(line, terminal.cols, scratch, { start: 0, end: cols }));
      this.text.push(line?.translateToString(true, 0, cols) ?? '');
    }
    const hidden = (terminal as unknown as { _core?: CoreInternals })._core?.coreService
      ?.isCursorHidden;
    const y = buffer.cursorY - top;
    this.shownCursor = {
      x: Math.min(buffer.cursorX, Math.max(0, cols - 1)),
      y,
      // At x = cols the cursor waits to wrap: shown on the last cell unless clipped away.
      visible:
        hidden !== true && (buffer.cursorX < cols || cols === terminal.cols) && y >= 0 && y < rows,
    };
  }
}

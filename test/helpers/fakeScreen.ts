import type { CursorState, PaneModes, PaneScreenApi } from '../../src/terminal/types.js';
import { Emitter } from '../../src/util/disposable.js';

/** A screen of plain text rows, for compositor and engine unit tests. */
export class FakeScreen implements PaneScreenApi {
  rowsText: string[];
  cursorState: CursorState = { x: 0, y: 0, visible: true };
  renderCalls = 0;
  written = '';
  disposed = false;
  private offset = 0;
  private readonly changes = new Emitter<void>();
  private readonly replies = new Emitter<string>();
  modeState: PaneModes = {
    applicationCursorKeys: false,
    bracketedPaste: false,
    mouseTracking: 'none',
    sgrMouse: false,
  };

  constructor(
    public cols: number,
    public rows: number,
  ) {
    this.rowsText = Array.from({ length: rows }, () => '');
  }

  setRow(y: number, text: string): void {
    this.rowsText[y] = text;
    this.changes.fire();
  }

  write(data: string, onParsed?: () => void): void {
    this.written += data;
    onParsed?.();
    this.changes.fire();
  }

  onReply(listener: (data: string) => void) {
    return this.replies.event(listener);
  }

  reply(data: string): void {
    this.replies.fire(data);
  }

  onChange(listener: () => void) {
    return this.changes.event(() => listener());
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
  }

  modes(): PaneModes {
    return this.modeState;
  }

  cursor(): CursorState {
    return { ...this.cursorState, visible: this.cursorState.visible && this.offset === 0 };
  }

  scrollBy(lines: number): number {
    this.offset = Math.max(0, this.offset + lines);
    return this.offset;
  }

  scrollToBottom(): void {
    this.offset = 0;
  }

  scrollOffset(): number {
    return this.offset;
  }

  renderRow(y: number, start = 0, end = this.cols): string {
    this.renderCalls++;
    return '\x1b[0m' + (this.rowsText[y] ?? '').padEnd(this.cols).slice(start, end);
  }

  rowText(y: number): string {
    return (this.rowsText[y] ?? '').trimEnd();
  }

  dispose(): void {
    this.disposed = true;
  }
}

import { Writable } from 'node:stream';

/**
 * The stdout Ink renders into. Ink runs in its debug mode, where every render
 * is written whole and nothing else is: no cursor moves, no erasing. That
 * gives the renderer a complete chrome frame to diff line by line and paint at
 * absolute positions, woven into the same synchronized write as the panes —
 * Ink itself never touches the host terminal.
 */
export class InkStdout extends Writable {
  columns: number;
  rows: number;
  readonly isTTY = true;

  constructor(
    size: { cols: number; rows: number },
    private readonly onFrame: (frame: string) => void,
  ) {
    super({ decodeStrings: false });
    this.columns = size.cols;
    this.rows = size.rows;
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
    this.onFrame(typeof chunk === 'string' ? chunk : String(chunk));
    callback();
  }

  /** Called when the host terminal was resized; Ink re-renders for the new size. */
  setSize(cols: number, rows: number): void {
    this.columns = cols;
    this.rows = rows;
    this.emit('resize');
  }
}

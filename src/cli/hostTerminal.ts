import { CSI } from '../render/ansi.js';

/** Modes the control room turns on in the host terminal, and how to turn each off. */
const ENTER =
  `${CSI}?1049h` + // alternate screen: the user's scrollback is left untouched
  `${CSI}?25l` + // cursor hidden; the compositor shows it in the focused pane
  `${CSI}?1000h${CSI}?1002h${CSI}?1006h` + // mouse buttons and drags, SGR coordinates
  `${CSI}?2004h` + // bracketed paste, so a paste reaches a worker as one paste
  `${CSI}2J${CSI}H`;

const LEAVE =
  `${CSI}?2004l` +
  `${CSI}?1006l${CSI}?1002l${CSI}?1000l` +
  `${CSI}0m` +
  `${CSI}?25h` +
  `${CSI}?1049l`;

export interface HostStreams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

/**
 * Owns the host terminal's modes. `restore` is idempotent and synchronous, so
 * it is safe from signal handlers, `exit` hooks and crash paths alike.
 */
export class HostTerminal {
  private active = false;

  constructor(private readonly streams: HostStreams) {}

  enter(): void {
    if (this.active) return;
    this.active = true;
    this.streams.stdin.setRawMode(true);
    this.streams.stdin.setEncoding('utf8');
    this.streams.stdin.resume();
    this.streams.stdout.write(ENTER);
  }

  restore(): void {
    if (!this.active) return;
    this.active = false;
    try {
      this.streams.stdout.write(LEAVE);
    } catch {
      // stdout may be gone (terminal closed); nothing more to restore there.
    }
    try {
      this.streams.stdin.setRawMode(false);
    } catch {
      // stdin may be gone as well.
    }
    this.streams.stdin.pause();
  }
}

import type { Terminal } from '@xterm/headless';
import { rowToAnsi } from '../../../src/terminal/rowToAnsi.js';

/** One thing a pane did, in order: what the recorder is told. */
export type Step =
  | { kind: 'output'; data: string }
  | { kind: 'resize'; cols: number; rows: number }
  | { kind: 'marker'; label: string }
  | { kind: 'wait'; ms: number };

/** A small deterministic PRNG (mulberry32), so "random" times repeat across runs. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ESC = '\x1b';

/**
 * What a coding agent's pane shows, compressed: coloured logs (16, 256 and true colour),
 * wide glyphs, a spinner redrawn in place, an Ink-style block rewritten with cursor-up,
 * a full-screen program on the alternate screen with a scroll region, a saved cursor,
 * a hidden cursor, a line that fills the last column, and resizes in between.
 */
export function sampleSteps(rounds = 6, seed = 1): Step[] {
  const next = random(seed);
  const steps: Step[] = [];
  const out = (data: string): void => {
    steps.push({ kind: 'output', data });
    steps.push({ kind: 'wait', ms: 5 + Math.floor(next() * 400) });
  };
  out(`${ESC}[1;32m✔${ESC}[0m starting worker ${ESC}[38;5;208mclaude${ESC}[0m\r\n`);
  for (let round = 0; round < rounds; round += 1) {
    steps.push({ kind: 'marker', label: `task ${round} assigned` });
    for (let i = 0; i < 12; i += 1) {
      const colour = 31 + ((round + i) % 7);
      out(
        `${ESC}[${colour}m● ${ESC}[1mstep ${round}.${i}${ESC}[22m ${ESC}[38;2;120;${(i * 20) % 255};200m` +
          `reading src/file${i}.ts ${'·'.repeat(i)} 日本語 🚀${ESC}[0m\r\n`,
      );
    }
    for (let frame = 0; frame < 8; frame += 1) {
      out(`\r${ESC}[2K${ESC}[36m${'⠋⠙⠹⠸⠼⠴⠦⠧'[frame]}${ESC}[0m thinking… ${frame * 12}%`);
    }
    out(`\r\n${ESC}[7mstatus${ESC}[27m line one\r\nline two\r\n`);
    out(
      `${ESC}[2A${ESC}[2K${ESC}[33mstatus rewritten ${round}${ESC}[0m\r\n${ESC}[2Kline two again\r\n`,
    );
    // A line exactly as wide as the pane, its next chunk arriving separately.
    out('='.repeat(60));
    out(`tail after a full line\r\n${ESC}7${ESC}[3;5Hsaved cursor${ESC}8 after restore\r\n`);
    if (round % 2 === 1) {
      out(`${ESC}[?1049h${ESC}[?25l${ESC}[H${ESC}[2J${ESC}[44m editor ${ESC}[0m\r\n`);
      out(`${ESC}[3;10r${ESC}[3;1H`);
      for (let i = 0; i < 15; i += 1) out(`${ESC}[32mscrolled line ${round}.${i}${ESC}[0m\r\n`);
      out(`${ESC}[1;1Hfrozen header`);
      steps.push({ kind: 'marker', label: `status ${round}: editing` });
      if (round === 3) out(`${ESC}[r${ESC}[?25h${ESC}[?1049l`);
    } else if (round > 1) {
      out(`${ESC}[r${ESC}[?25h${ESC}[?1049l${ESC}[0mback on the main screen ${round}\r\n`);
    }
    if (round === 2) steps.push({ kind: 'resize', cols: 80, rows: 30 });
    if (round === 4) steps.push({ kind: 'resize', cols: 50, rows: 12 });
    if (round === 5) steps.push({ kind: 'resize', cols: 100, rows: 40 });
    steps.push({ kind: 'marker', label: `task ${round} done` });
  }
  out(`${ESC}[0m${ESC}[?25h${ESC}[?1049l${ESC}[r\r\nall done ✔\r\n$ `);
  return steps;
}

export const outputOf = (steps: readonly Step[]): string =>
  steps.map((step) => (step.kind === 'output' ? step.data : '')).join('');

/** Rows as text and as ANSI (colours included), and the cursor: equal screens match. */
export function snapshot(terminal: Terminal): {
  size: string;
  text: string[];
  ansi: string[];
  cursor: string;
} {
  const buffer = terminal.buffer.active;
  const text: string[] = [];
  const ansi: string[] = [];
  for (let y = 0; y < terminal.rows; y += 1) {
    const line = buffer.getLine(buffer.baseY + y);
    text.push(line?.translateToString() ?? '');
    ansi.push(rowToAnsi(line, terminal.cols));
  }
  const cursor = `${buffer.cursorX},${buffer.cursorY},${buffer.type}`;
  return { size: `${terminal.cols}x${terminal.rows}`, text, ansi, cursor };
}

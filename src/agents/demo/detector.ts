/**
 * The demo agent's screen detector. Its frame (see screen.ts) always ends with
 * a status row, the prompt box and a hint row:
 *
 *   ⠋ thinking… (1s · esc to interrupt)     ← status: spinner, question or blank
 *   ╭──────────────╮
 *   │ > …          │
 *   ╰──────────────╯
 *   enter send · …                          ← hint
 *
 * Only the status row (the one right above the box) is read for the state: the
 * log above it keeps answered questions (`? Allow editing x? (y/n) y`) and
 * anything a prompt said, so matching "anywhere on screen" would see a
 * question long after it was answered.
 */
import { screenShows } from '../shell/detector.js';
import type { AgentAdapter, ScreenReading, ScreenText } from '../types.js';

/** A spinner frame (screen.ts SPINNER), a space, then what the agent is doing. */
const SPINNER_ROW = /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] +(\S.*)$/u;
/** The y/n question; long file names are cut with "…", so "(y/n)" may not show. */
const QUESTION_ROW = /^\? Allow editing \S/u;
/** The hint row while a question waits: a second witness, should the status row be cut. */
const ASKING_HINT = /^y allow · n deny\b/u;
/** The spinner's "(3s · esc to interrupt)" tail, whole or cut short. */
const SPINNER_TAIL = /\s*\(.*$/u;

interface PromptBox {
  /** Row of `╭─…╮`. */
  top: number;
  /** Row of `╰─…╯`. */
  bottom: number;
}

/** The last prompt box on screen: `╭`, one or more `│` rows, `╰`. */
function findPromptBox(rows: readonly string[]): PromptBox | null {
  for (let bottom = rows.length - 1; bottom >= 2; bottom--) {
    if (!rows[bottom]!.startsWith('╰─')) continue;
    let top = bottom - 1;
    while (top >= 0 && rows[top]!.startsWith('│')) top--;
    if (top >= 0 && top < bottom - 1 && rows[top]!.startsWith('╭─')) return { top, bottom };
  }
  return null;
}

export function detectDemoScreen(screen: ScreenText): ScreenReading | null {
  const rows = screen.rows.map((row) => row.trimEnd());
  const box = findPromptBox(rows);
  // No prompt box yet: starting (nothing drawn) or not the demo agent's screen.
  if (!box) return null;
  // A pane too short for the status row cuts it off the top: only the hint can tell then.
  const status = box.top > 0 ? rows[box.top - 1]!.trim() : null;
  const hint = rows[box.bottom + 1]?.trim() ?? '';

  if ((status !== null && QUESTION_ROW.test(status)) || ASKING_HINT.test(hint)) {
    return { state: 'waiting', reason: 'permission question' };
  }
  if (status === null) return null;
  const spinner = SPINNER_ROW.exec(status);
  if (spinner) {
    const doing = spinner[1]!.replace(SPINNER_TAIL, '').trim();
    return { state: 'working', reason: doing || 'thinking' };
  }
  if (status === '') return { state: 'idle', reason: 'prompt ready' };
  // Something the demo agent never draws there: say nothing rather than guess.
  return null;
}

export const demoAdapter: AgentAdapter = {
  kind: 'demo',
  detect: detectDemoScreen,
  // The prompt shows in the box while it is typed and as "> …" in the log once sent.
  echoed: screenShows,
  promptDelivery: 'paste',
  // Its question reads "(y/n)": one key each, no Enter.
  permissionKeys: { allow: 'y', deny: 'n', denyEndsTurn: false },
};

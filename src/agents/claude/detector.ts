/**
 * Claude Code's screen detector: the fallback when its hooks say nothing (an
 * older binary, hooks disabled). Read from screens of the real binary (2.1.x,
 * test/fixtures/agents/claude). While it takes input, the bottom of its frame is
 *
 *   ✻ Cogitating…                        ← spinner (only while working), maybe a tip
 *   ──────────────────────────           ← the input box: a rule,
 *   ❯ typed text                         ← the prompt row (❯ and a no-break space),
 *   ──────────────────────────           ← a rule,
 *     esc to interrupt · ← for agents    ← the hint: "? for shortcuts" when idle
 *
 * A dialog (permission, workspace trust, API key) replaces the input box, so
 * the box decides first: with it, the agent works or waits for a prompt;
 * without it, a dialog on screen means it waits for a person.
 */
import { screenShows } from '../shell/detector.js';
import type { AgentAdapter, ScreenReading, ScreenText } from '../types.js';

/** The input box's borders: full-width rules (2.x) or the rounded box of 1.x. */
const RULE = /^─{8,}$/u;
const OLD_TOP = /^╭─{8,}╮?$/u;
const OLD_BOTTOM = /^╰─{8,}╯?$/u;
/** The prompt row: `❯ ` in 2.x, `│ > ` in 1.x. `\s` covers the no-break space after ❯. */
const PROMPT_ROW = /^(?:❯|│\s*>)(?:\s|$)/u;
/** The interrupt hint ("esc to interrupt"; the key may be rebound, the words stay). */
const INTERRUPT_HINT = /\bto interrupt\b/u;
/**
 * The spinner while busy, always at column 0: a glyph, a verb, an ellipsis
 * ("✢ Reticulating…"). Done, it reads "✻ Baked for 4s": no ellipsis.
 */
const SPINNER_BUSY = /^[·✢✳✶✻✽*]\s+\S[^…]*…/u;
/** The spinner's row while the CLI retries a failed API request. */
const RETRYING = /^[·✢✳✶✻✽*]\s.*\bRetrying in\b/u;
/** How many rows above the box belong to the spinner and its tip. */
const SPINNER_ROWS = 5;
/** How many rows below the box the hint takes (it wraps on narrow panes). */
const HINT_ROWS = 3;

/** A selected option of a dialog: `❯ 1. Yes`. */
const SELECTED_OPTION = /^\s*❯\s*\d+\.\s/u;
const OPTION = /^\s*(?:❯\s*)?\d+\.\s?\S/u;
const DIALOG_FOOTER = /\b(?:Enter to confirm|Esc to cancel)\b/u;
const PERMISSION_QUESTION = /^\s*Do you want to [^?]*\?\s*$/u;

/** Blocking screens recognised by a line of their text, first match wins. */
const KNOWN_DIALOGS: readonly [RegExp, string][] = [
  [/\btrust (?:this|the files in this) folder\b/u, 'workspace trust'],
  [/\buse this API key\?/u, 'API key confirmation'],
  [/\bSelect login method\b/u, 'login needed'],
  [/\bChoose the text style\b/u, 'first-run setup'],
  [/\bUnable to connect to Anthropic services\b/u, 'cannot reach Anthropic'],
];

/** Longest reason quoted from the screen: the status line is narrow. */
const MAX_QUOTE = 60;

interface InputBox {
  top: number;
  bottom: number;
}

function isTopBorder(row: string): boolean {
  return RULE.test(row) || OLD_TOP.test(row);
}

function isBottomBorder(row: string): boolean {
  return RULE.test(row) || OLD_BOTTOM.test(row);
}

/**
 * The input box: the last prompt row right under a border, down to the next
 * border (a long prompt takes several rows). The log shows sent prompts as
 * `❯ …` too, but never between rules.
 */
function findInputBox(rows: readonly string[]): InputBox | null {
  for (let top = rows.length - 3; top >= 0; top--) {
    if (!isTopBorder(rows[top]!) || !PROMPT_ROW.test(rows[top + 1]!)) continue;
    for (let bottom = top + 2; bottom < rows.length; bottom++) {
      if (isBottomBorder(rows[bottom]!)) return { top, bottom };
    }
    // The box runs off the bottom of the pane: still the box, its hint unseen.
    return { top, bottom: rows.length };
  }
  return null;
}

function readAroundBox(rows: readonly string[], box: InputBox): ScreenReading {
  // Not trimmed: the spinner starts at column 0, the answer's text is indented.
  const above = rows.slice(Math.max(0, box.top - SPINNER_ROWS), box.top);
  const hint = rows.slice(box.bottom + 1, box.bottom + 1 + HINT_ROWS).join(' ');
  // 2.x says "esc to interrupt" in the hint, 1.x on the spinner row ("(3s · esc to interrupt)").
  const busy = INTERRUPT_HINT.test(hint) || above.some((row) => SPINNER_BUSY.test(row));
  if (!busy) return { state: 'idle', reason: 'prompt ready' };
  if (above.some((row) => RETRYING.test(row))) {
    return { state: 'working', reason: 'retrying after an API error' };
  }
  return { state: 'working', reason: 'working' };
}

function quote(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > MAX_QUOTE ? `${trimmed.slice(0, MAX_QUOTE - 1)}…` : trimmed;
}

/**
 * A permission dialog: "Do you want to proceed?" (or "… create x?") above
 * numbered options. Its title ("Bash command", "Create file") is the first
 * row under the rule that opens the dialog.
 */
function readPermission(rows: readonly string[]): ScreenReading | null {
  const question = rows.findLastIndex((row) => PERMISSION_QUESTION.test(row));
  if (question < 0 || !rows.slice(question + 1).some((row) => OPTION.test(row))) return null;
  const rule = rows.slice(0, question).findLastIndex((row) => RULE.test(row));
  const title = rule < 0 ? '' : (rows.slice(rule + 1, question).find((row) => row.trim()) ?? '');
  return { state: 'waiting', reason: title ? `permission: ${quote(title)}` : 'permission' };
}

/** Any other choice Claude Code waits on: a selected numbered option and a dialog footer. */
function readOtherDialog(rows: readonly string[]): ScreenReading | null {
  const selected = rows.findLastIndex((row) => SELECTED_OPTION.test(row));
  if (selected < 0 || !rows.slice(selected).some((row) => DIALOG_FOOTER.test(row))) return null;
  const asked = rows.slice(0, selected).findLast((row) => row.trim().endsWith('?'));
  return { state: 'waiting', reason: asked ? `question: ${quote(asked)}` : 'a question' };
}

export function detectClaudeScreen(screen: ScreenText): ScreenReading | null {
  const rows = screen.rows.map((row) => row.trimEnd());
  const box = findInputBox(rows);
  if (box) return readAroundBox(rows, box);
  for (const [pattern, reason] of KNOWN_DIALOGS) {
    if (rows.some((row) => pattern.test(row))) return { state: 'waiting', reason };
  }
  // Starting up, exiting, or a screen not seen before: say nothing rather than guess.
  return readPermission(rows) ?? readOtherDialog(rows);
}

export const claudeAdapter: AgentAdapter = {
  kind: 'claude',
  detect: detectClaudeScreen,
  // A sent prompt shows in the log as "❯ …" (long pastes too, in full, once sent).
  echoed: screenShows,
  promptDelivery: 'paste',
  // Its dialog takes a digit at once: 1 "Yes" (once), 3 "No" (which ends the turn).
  permissionKeys: { allow: '1', deny: '3', denyEndsTurn: true },
};

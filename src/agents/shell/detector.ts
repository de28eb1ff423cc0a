/**
 * The generic terminal (a shell, or any command without an adapter of its
 * own). Its screen says nothing reliable about being busy, so `detect` never
 * guesses; its echo check — the prompt's text visible anywhere on screen — is
 * the one the other adapters build on.
 */
import type { AgentAdapter, ScreenText } from '../types.js';

/** This many characters of the prompt's first line must show: enough to be unmistakable. */
export const ECHO_CHARS = 30;

/**
 * Whitespace and the sides of a text box, dropped before matching: rows are
 * wrapped at the pane's width (a wrap at a space loses the space, since rows
 * come right-trimmed), and a prompt box puts `│ … │` around each wrapped piece.
 */
const IGNORED = /[\s│┃]/gu;

function squash(text: string): string {
  return text.replace(IGNORED, '');
}

/** The first non-blank line of a prompt, squashed and cut to `ECHO_CHARS` characters. */
export function echoNeedle(text: string): string {
  const line = text.split(/\r\n|\r|\n/).find((candidate) => candidate.trim() !== '') ?? '';
  return Array.from(squash(line)).slice(0, ECHO_CHARS).join('');
}

/**
 * The start of `text` shows somewhere on the screen. The rows are joined
 * first, so text that wrapped across rows (in the log or in a prompt box) is
 * found too. A blank prompt never counts as echoed.
 */
export function screenShows(screen: ScreenText, text: string): boolean {
  const needle = echoNeedle(text);
  if (needle === '') return false;
  return squash(screen.rows.join('')).includes(needle);
}

export const shellAdapter: AgentAdapter = {
  kind: 'shell',
  detect: () => null,
  echoed: screenShows,
  // Plain shells (dash, busybox sh) do not understand bracketed paste: keys always work.
  promptDelivery: 'type',
  permissionKeys: null,
};

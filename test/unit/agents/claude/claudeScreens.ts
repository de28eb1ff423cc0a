/**
 * Claude Code's screens captured from the real binary (captureClaudeFixtures.ts)
 * and how the detector must read each one.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScreenReading, ScreenText } from '../../../../src/agents/types.js';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const CLAUDE_FIXTURE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'agents', 'claude');
/** Half of a wide laptop terminal: two panes side by side. */
export const FIXTURE_SIZE = { cols: 100, rows: 30 };

export const SCREENS = {
  /** Started, welcome banner above an empty prompt box. */
  idle: { state: 'idle', reason: 'prompt ready' },
  /** A prompt pasted into the box, Enter not pressed yet: still waiting for input. */
  typed: { state: 'idle', reason: 'prompt ready' },
  /** The model is thinking: spinner row, "esc to interrupt" under the box. */
  working: { state: 'working', reason: 'working' },
  /** A Write outside acceptEdits: "Do you want to create hello.txt?". */
  'permission-write': { state: 'waiting', reason: 'permission: Create file' },
  /** The turn ended: "✻ Baked for 4s" above the box. */
  done: { state: 'idle', reason: 'prompt ready' },
  /** A Bash command: "Do you want to proceed?". */
  'permission-bash': { state: 'waiting', reason: 'permission: Bash command' },
  /** An approved `sleep 4` running. */
  'tool-running': { state: 'working', reason: 'working' },
  /** Esc on a permission dialog: "Interrupted · What should Claude do instead?". */
  interrupted: { state: 'idle', reason: 'prompt ready' },
  /** The API answered 400: "API Error: 400 …" in the log, the turn over. */
  'api-error': { state: 'idle', reason: 'prompt ready' },
  /** The API answered 529 and the CLI retries: "API error · Retrying in 2s · attempt 2/10". */
  retrying: { state: 'working', reason: 'retrying after an API error' },
  /** An untrusted directory: "Accessing workspace: … Yes, I trust this folder". */
  trust: { state: 'waiting', reason: 'workspace trust' },
  /** ANTHROPIC_API_KEY not approved yet: "Do you want to use this API key?". */
  'api-key': { state: 'waiting', reason: 'API key confirmation' },
} satisfies Record<string, ScreenReading>;

export type ScreenName = keyof typeof SCREENS;
export const SCREEN_NAMES = Object.keys(SCREENS) as ScreenName[];

export function readFixture(name: ScreenName): ScreenText {
  const text = readFileSync(join(CLAUDE_FIXTURE_DIR, `${name}.txt`), 'utf8');
  const cursors = JSON.parse(
    readFileSync(join(CLAUDE_FIXTURE_DIR, 'cursors.json'), 'utf8'),
  ) as Record<string, number>;
  // The file ends with a newline after the last row.
  return { rows: text.split('\n').slice(0, -1), cursorY: cursors[name] ?? 0 };
}

export function readHookSample(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(join(CLAUDE_FIXTURE_DIR, 'hooks', `${name}.json`), 'utf8'),
  ) as Record<string, unknown>;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScreenText } from '../../../../src/agents/types.js';
import type { Scratch } from './agentPty.js';
import { AgentPty, REPO_ROOT, scratchRepo } from './agentPty.js';

/**
 * The demo agent's screen at each phase of a turn, captured from the real
 * program in a real pty through @xterm/headless: the same flow writes the
 * fixtures (captureDemoFixtures.ts) and drives the live detector test.
 */

export const FIXTURE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'agents', 'demo');
/** A small tile of a 4-pane layout on a laptop screen. */
export const FIXTURE_SIZE = { cols: 58, rows: 25 };
/** Fixed, so fixtures do not change with every capture. */
export const FIXTURE_SESSION_ID = '00000000-0000-4000-8000-000000000001';

/** Long enough to wrap inside the prompt box at 58 columns. */
export const FIRST_PROMPT = 'Add a subtract function to src/calc.js and export it next to add';
/** "permission" and "delete" make the demo agent ask y/n first. */
export const PERMISSION_PROMPT = 'Ask for permission, then delete the TODO comment in src/calc.js';

export const PHASES = ['idle', 'typed', 'thinking', 'done', 'permission', 'answered'] as const;
export type Phase = (typeof PHASES)[number];

export function snapshot(agent: AgentPty): ScreenText {
  const buffer = agent.term.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < agent.term.rows; y++) {
    rows.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
  }
  return { rows, cursorY: buffer.cursorY };
}

function paste(text: string): string {
  return `\x1b[200~${text}\x1b[201~`;
}

export interface DemoRun {
  agent: AgentPty;
  scratch: Scratch;
}

export function startDemoAgent(): DemoRun {
  const scratch = scratchRepo();
  const agent = new AgentPty({
    cwd: scratch.repo,
    args: ['--role', 'coder', '--session-id', FIXTURE_SESSION_ID],
    // Normal pace: the thinking phase lasts over a second, long enough to catch.
    env: { DEMO_AGENT_SPEED: 'normal' },
    ...FIXTURE_SIZE,
  });
  return { agent, scratch };
}

/**
 * Walks the agent through one plain turn and one turn with a permission
 * question, handing over the screen at each phase. Phases are recognised by
 * plain text, not by the detector under test.
 */
export async function walkPhases(
  agent: AgentPty,
  onPhase: (phase: Phase, screen: ScreenText) => void | Promise<void>,
): Promise<void> {
  await agent.waitFor(/│ > +│/);
  await agent.waitFor('Prompts that mention');
  await onPhase('idle', snapshot(agent));

  agent.write(paste(FIRST_PROMPT));
  await agent.waitFor('next to add');
  await onPhase('typed', snapshot(agent));

  agent.write('\r');
  await agent.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] thinking…/);
  await onPhase('thinking', snapshot(agent));

  await agent.waitFor('⏺ Done');
  await agent.waitFor(/│ > +│/);
  await onPhase('done', snapshot(agent));

  agent.write(paste(PERMISSION_PROMPT));
  agent.write('\r');
  await agent.waitFor(/^\? Allow editing /m);
  await onPhase('permission', snapshot(agent));

  agent.write('y');
  await agent.waitFor(/⏺ Done: created demo\/ask-for-permission/);
  await onPhase('answered', snapshot(agent));
}

export function readFixture(phase: Phase): ScreenText {
  const text = readFileSync(join(FIXTURE_DIR, `${phase}.txt`), 'utf8');
  const cursors = JSON.parse(readFileSync(join(FIXTURE_DIR, 'cursors.json'), 'utf8')) as Record<
    string,
    number
  >;
  // One row per line; the file ends with a newline.
  return { rows: text.split('\n').slice(0, -1), cursorY: cursors[phase] ?? 0 };
}

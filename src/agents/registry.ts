/**
 * Which adapter reads a worker's screen: chosen from the command a profile
 * starts, so a profile needs no extra field and an unknown command still gets
 * the generic (shell) adapter, which never guesses a state.
 */
import { claudeAdapter } from './claude/detector.js';
import { shellAdapter } from './shell/detector.js';
import { demoAdapter } from './demo/detector.js';
import type { AgentAdapter, AgentKind } from './types.js';

const ADAPTERS: Record<AgentKind, AgentAdapter> = {
  demo: demoAdapter,
  claude: claudeAdapter,
  shell: shellAdapter,
};

export function adapterFor(kind: AgentKind): AgentAdapter {
  return ADAPTERS[kind];
}

/** The demo agent's entry point, built (`dist/…/run.js`) or from source through tsx (`run.ts`). */
const DEMO_ENTRY = /(?:^|[\\/])agents[\\/]demo[\\/]run\.(?:[cm]?js|ts)$/u;
/** Claude Code started through node: `node …/@anthropic-ai/claude-code/cli.js`. */
const CLAUDE_ENTRY = /(?:^|[\\/])@anthropic-ai[\\/]claude-code[\\/]cli\.[cm]?js$/u;

function basename(path: string): string {
  return path.split(/[\\/]/u).pop() ?? path;
}

/**
 * `claude` (any path) → claude; `node …/agents/demo/run.js …` → demo; anything
 * else → shell. An argument counts only when it is, as a whole, a path ending
 * in the entry point (`node --import tsx src/agents/demo/run.ts` too).
 */
export function adapterKindFor(command: string, args: readonly string[]): AgentKind {
  const program = basename(command);
  // The npm package's launcher is bin/claude.exe, on every platform.
  if (program === 'claude' || program === 'claude.exe') return 'claude';
  if (DEMO_ENTRY.test(command) || args.some((arg) => DEMO_ENTRY.test(arg))) return 'demo';
  if (CLAUDE_ENTRY.test(command) || args.some((arg) => CLAUDE_ENTRY.test(arg))) return 'claude';
  return 'shell';
}

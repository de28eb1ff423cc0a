/** The demo agent's command line, its pace and its permission rule. */

export const PERMISSION_MODES = ['default', 'acceptEdits', 'bypassPermissions', 'plan'] as const;
export type PermissionMode = (typeof PERMISSION_MODES)[number];

export interface AgentArgs {
  role: string | null;
  sessionId: string | null;
  resume: string | null;
  permissionMode: PermissionMode;
  /** A role prompt, as Claude Code's `--append-system-prompt` takes it; shown, not used. */
  systemPrompt: string | null;
  /** Positional words: a first prompt submitted at start. */
  prompt: string | null;
  help: boolean;
}

export const USAGE = `demo agent — a scripted stand-in for a coding agent (no model, no network)

Usage: demo-agent [options] [prompt]

Options:
  --role NAME                 role shown in the header (coder, tester, …)
  --session-id UUID           use this session id (default: a new uuid)
  --resume UUID               resume a session: same id, SessionStart source "resume"
  --permission-mode MODE      default | acceptEdits | bypassPermissions | plan
                              (anything but default never asks y/n)
  --append-system-prompt TXT  a role prompt; acknowledged, not used
  -h, --help                  this help

Each prompt: a spinner, log lines, then a real edit in the working directory —
demo/<slug of the first line>.md, created or appended to — committed on the
current branch with the prompt's first line as the message.
A prompt with a word starting with "permission", "deploy" or "delete" asks
"Allow editing <file>? (y/n)" first (in the default permission mode).

Keys: Enter sends · Alt+Enter new line · Esc interrupts a turn ·
      Ctrl-C clears, twice within 1 s exits · Ctrl-D on an empty prompt exits.

Environment:
  DEMO_AGENT_SPEED=fast       ~0.2 s per turn (tests); default ~2–4 s; slow ~6–10 s
  MULTIBOT_HOOK_COMMAND=CMD   run "CMD <Event>" with the hook JSON on stdin
                              (Claude Code's hook protocol); unset = no hooks
`;

const WITH_VALUE = new Set([
  '--role',
  '--session-id',
  '--resume',
  '--permission-mode',
  '--append-system-prompt',
]);

export function parseAgentArgs(argv: readonly string[]): AgentArgs | { error: string } {
  const args: AgentArgs = {
    role: null,
    sessionId: null,
    resume: null,
    permissionMode: 'default',
    systemPrompt: null,
    prompt: null,
    help: false,
  };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      args.help = true;
      continue;
    }
    if (!arg.startsWith('-')) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!WITH_VALUE.has(name)) return { error: `unknown option ${name}` };
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined || value === '') return { error: `${name} needs a value` };
    switch (name) {
      case '--role':
        args.role = value;
        break;
      case '--session-id':
        args.sessionId = value;
        break;
      case '--resume':
        args.resume = value;
        break;
      case '--permission-mode':
        if (!(PERMISSION_MODES as readonly string[]).includes(value)) {
          return { error: `--permission-mode must be one of ${PERMISSION_MODES.join(', ')}` };
        }
        args.permissionMode = value as PermissionMode;
        break;
      case '--append-system-prompt':
        args.systemPrompt = value;
        break;
    }
  }
  if (args.sessionId && args.resume && args.sessionId !== args.resume) {
    return { error: '--session-id and --resume name different sessions' };
  }
  const prompt = words.join(' ').trim();
  args.prompt = prompt || null;
  return args;
}

/**
 * The permission rule, deterministic: a prompt asks before its edit when it
 * holds a word that starts with "permission", "deploy" or "delete", in any case
 * ("Deploy", "deployment", "deleted", "permissions" all count; "undeploy" does
 * not) — and only in the default permission mode.
 */
export function needsPermission(prompt: string, mode: PermissionMode = 'default'): boolean {
  if (mode !== 'default') return false;
  return /(?<![\p{L}\p{N}_])(permission|deploy|delete)/iu.test(prompt);
}

/** The pace of a turn, from `DEMO_AGENT_SPEED`. */
export interface Speed {
  name: 'fast' | 'normal' | 'slow';
  /** The spinner phase before the first log line. */
  thinkMs(): number;
  /** Each following step. */
  stepMs(): number;
}

function between(min: number, max: number): () => number {
  return () => Math.round(min + Math.random() * (max - min));
}

export function speedFrom(value: string | undefined): Speed {
  switch ((value ?? '').trim().toLowerCase()) {
    case 'fast':
      // About 0.2 s for a whole turn: for tests.
      return { name: 'fast', thinkMs: () => 80, stepMs: () => 25 };
    case 'slow':
      return { name: 'slow', thinkMs: between(3_500, 5_000), stepMs: between(700, 1_200) };
    default:
      // About 2–4 s: a human can watch the turn happen.
      return { name: 'normal', thinkMs: between(1_200, 2_000), stepMs: between(250, 450) };
  }
}

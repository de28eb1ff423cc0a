/**
 * How a worker starts Claude Code: its arguments, the `--settings` JSON that
 * installs the control room's hooks, and where its transcript will be. Pure
 * functions: checked against Claude Code 2.1.x (see CLAUDE-CODE.md), nothing
 * here spawns or reads anything.
 */
import { join } from 'node:path';
import { HOOK_EVENTS, type HookEventName } from '../../orchestrator/statusSignals.js';

export const PERMISSION_MODES = ['default', 'acceptEdits', 'plan', 'bypassPermissions'] as const;
export type PermissionMode = (typeof PERMISSION_MODES)[number];

interface CommonLaunch {
  /** `--settings`: a JSON text (hookSettings) or a settings file's path. */
  settingsJson: string;
  /** `--append-system-prompt`: the worker's role, added to Claude Code's own prompt. */
  rolePrompt?: string;
  /** `--model`: an alias (`sonnet`, `opus`) or a full model name. */
  model?: string;
  /**
   * `--permission-mode`. Left out, Claude Code uses the user's own setting.
   * `bypassPermissions` only ever comes from the user's profile: never a default.
   */
  permissionMode?: PermissionMode;
  /** `--mcp-config=<path>`. */
  mcpConfig?: string;
}

/** A new conversation with an id chosen in advance (so the transcript path is known) … */
export interface NewSession extends CommonLaunch {
  sessionId: string;
  resumeId?: undefined;
}

/** … or an earlier one continued (`--resume` keeps its session id). */
export interface ResumedSession extends CommonLaunch {
  resumeId: string;
  sessionId?: undefined;
}

export type ClaudeLaunch = NewSession | ResumedSession;

/** Claude Code rejects a `--session-id` that is not a UUID. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

export function claudeArgs(launch: ClaudeLaunch): string[] {
  const args: string[] = [];
  if (launch.resumeId !== undefined) {
    if (launch.resumeId.trim() === '') throw new Error('claude: empty --resume id');
    args.push('--resume', launch.resumeId);
  } else {
    if (!UUID.test(launch.sessionId)) {
      throw new Error(`claude: --session-id must be a UUID, got "${launch.sessionId}"`);
    }
    args.push('--session-id', launch.sessionId);
  }
  args.push('--settings', launch.settingsJson);
  if (launch.rolePrompt !== undefined && launch.rolePrompt.trim() !== '') {
    args.push('--append-system-prompt', launch.rolePrompt);
  }
  if (launch.model !== undefined && launch.model !== '') args.push('--model', launch.model);
  if (launch.permissionMode !== undefined) {
    if (!PERMISSION_MODES.includes(launch.permissionMode)) {
      throw new Error(`claude: unknown permission mode "${String(launch.permissionMode)}"`);
    }
    args.push('--permission-mode', launch.permissionMode);
  }
  // Always the `=` form: `--mcp-config` takes several values and would swallow what follows.
  if (launch.mcpConfig !== undefined) args.push(`--mcp-config=${launch.mcpConfig}`);
  return args;
}

export interface HookSettingsOptions {
  /**
   * Seconds a PermissionRequest hook may take (it can wait for the human's
   * answer from the inbox). When it runs out, Claude Code's own dialog stays
   * on screen and keys still answer it.
   */
  permissionTimeoutSec?: number;
  /** Seconds every other hook may take: they only report, so keep it short. */
  timeoutSec?: number;
}

interface CommandHook {
  type: 'command';
  command: string;
  timeout?: number;
}

/**
 * The `--settings` JSON installing one command hook per event a control room
 * reads, each running `<hookCommand> <EventName>` with the payload on stdin.
 * `hookCommand` is a shell command line: quote paths in it (shellQuote).
 * No matcher, so tool events fire for every tool. These lists are added to
 * the repository's and user's own hooks, never replacing them.
 */
export function hookSettings(hookCommand: string, options: HookSettingsOptions = {}): string {
  const hooks: Partial<Record<HookEventName, { hooks: CommandHook[] }[]>> = {};
  for (const event of HOOK_EVENTS) {
    const timeout =
      event === 'PermissionRequest' ? options.permissionTimeoutSec : options.timeoutSec;
    const hook: CommandHook = { type: 'command', command: `${hookCommand} ${event}` };
    if (timeout !== undefined) hook.timeout = timeout;
    hooks[event] = [{ hooks: [hook] }];
  }
  return JSON.stringify({ hooks });
}

/** Quotes one word for a POSIX shell (hook commands run through one). */
export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/u.test(word)) return word;
  return `'${word.replace(/'/gu, `'\\''`)}'`;
}

/** Longer project directory names are cut and get a hash, as Claude Code does. */
const MAX_PROJECT_DIR = 200;

/** Java's String.hashCode over UTF-16 units: the hash Claude Code appends to long names. */
function stringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = ((hash << 5) - hash + text.charCodeAt(i)) | 0;
  return hash;
}

/** `/tmp/my repo` → `-tmp-my-repo`: the directory under `projects/` for a working directory. */
export function projectDirName(cwd: string): string {
  const name = cwd.replace(/[^a-zA-Z0-9]/gu, '-');
  if (name.length <= MAX_PROJECT_DIR) return name;
  return `${name.slice(0, MAX_PROJECT_DIR)}-${Math.abs(stringHash(cwd)).toString(36)}`;
}

/**
 * Where Claude Code writes a session's transcript: `<configDir>/projects/<cwd
 * with every non-alphanumeric character as '-'>/<sessionId>.jsonl`. `configDir`
 * is CLAUDE_CONFIG_DIR, else `~/.claude`; `cwd` must be the real path (no
 * symlinks), as the process sees it. Hook payloads carry the path too
 * (`transcript_path`): prefer that when one has arrived.
 */
export function transcriptPath(configDir: string, cwd: string, sessionId: string): string {
  return join(configDir, 'projects', projectDirName(cwd), `${sessionId}.jsonl`);
}

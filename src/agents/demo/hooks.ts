/**
 * The demo agent's hooks, in Claude Code's protocol: for each event the hook
 * command runs with the event name appended as its last argument and one JSON
 * object on its stdin.
 *
 * Contract:
 * - The command is the shell string in `MULTIBOT_HOOK_COMMAND`; unset or empty
 *   means no hooks at all. It runs as `/bin/sh -c '<command> "$1"' sh <Event>`
 *   in the agent's cwd, with the agent's environment (so `MULTIBOT_SOCKET`,
 *   `MULTIBOT_WORKER` and `MULTIBOT_TOKEN` reach it) plus `CLAUDE_PROJECT_DIR`.
 * - Fire and forget: the UI never waits for a hook. Hooks run one at a time in
 *   the order they were fired, so a listener sees events in order; each is
 *   killed (its whole process group) after 2 s. Its stdout and stderr are
 *   dropped, its exit code ignored: a failing hook never fails the agent.
 */
import { spawn } from 'node:child_process';

export type HookEvent =
  | 'SessionStart'
  | 'UserPromptSubmit'
  | 'PreToolUse'
  | 'PostToolUse'
  | 'PermissionRequest'
  | 'Notification'
  | 'Stop'
  | 'SessionEnd';

export type ToolName = 'Write' | 'Bash';

/** The fields each event adds to the common ones. */
export interface HookFields {
  SessionStart: { source: 'startup' | 'resume' };
  UserPromptSubmit: { prompt: string };
  PreToolUse: { tool_name: ToolName; tool_input: Record<string, unknown>; tool_use_id: string };
  PostToolUse: {
    tool_name: ToolName;
    tool_input: Record<string, unknown>;
    tool_use_id: string;
    tool_response: Record<string, unknown>;
  };
  PermissionRequest: { tool_name: ToolName; tool_input: Record<string, unknown> };
  Notification: { notification_type: 'permission_prompt' | 'idle_prompt'; message: string };
  Stop: { last_assistant_message: string; stop_hook_active: false };
  SessionEnd: { reason: 'prompt_input_exit' | 'other' };
}

export interface HookContext {
  sessionId: string;
  cwd: string;
  permissionMode: string;
}

export type HookPayload<E extends HookEvent> = {
  session_id: string;
  transcript_path: null;
  cwd: string;
  permission_mode: string;
  hook_event_name: E;
} & HookFields[E];

export function buildPayload<E extends HookEvent>(
  context: HookContext,
  event: E,
  fields: HookFields[E],
): HookPayload<E> {
  return {
    session_id: context.sessionId,
    transcript_path: null,
    cwd: context.cwd,
    permission_mode: context.permissionMode,
    hook_event_name: event,
    ...fields,
  };
}

export interface HookRunnerOptions extends HookContext {
  /** The shell command; undefined or empty = hooks off. */
  command: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Per hook; 2 s unless told. */
  timeoutMs?: number;
}

export class HookRunner {
  readonly enabled: boolean;
  private chain: Promise<void> = Promise.resolve();
  private readonly timeoutMs: number;

  constructor(private readonly options: HookRunnerOptions) {
    this.enabled = Boolean(options.command?.trim());
    this.timeoutMs = options.timeoutMs ?? 2_000;
  }

  /** Queues the hook and returns at once. */
  fire<E extends HookEvent>(event: E, fields: HookFields[E]): void {
    if (!this.enabled) return;
    const json = JSON.stringify(buildPayload(this.options, event, fields));
    this.chain = this.chain.then(() => this.run(event, json));
  }

  /** Resolves when every queued hook has finished, or after `maxMs`. */
  async flush(maxMs = 4_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.chain,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, maxMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private run(event: HookEvent, json: string): Promise<void> {
    return new Promise<void>((resolve) => {
      let child: ReturnType<typeof spawn>;
      try {
        child = spawn('/bin/sh', ['-c', `${this.options.command ?? ''} "$1"`, 'sh', event], {
          cwd: this.options.cwd,
          env: { ...(this.options.env ?? process.env), CLAUDE_PROJECT_DIR: this.options.cwd },
          stdio: ['pipe', 'ignore', 'ignore'],
          detached: true,
        });
      } catch {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, this.timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      child.once('error', done);
      child.once('exit', done);
      // A hook that never reads its stdin must not break the agent (EPIPE).
      child.stdin?.once('error', () => undefined);
      child.stdin?.end(json);
    });
  }
}

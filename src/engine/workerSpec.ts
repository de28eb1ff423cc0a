/** How to start one worker; plain data, kept so the worker can be restarted. */
export interface WorkerSpec {
  id: string;
  name: string;
  /** The command as the user wrote it, for titles. */
  commandLine: string;
  file: string;
  args: readonly string[];
  cwd: string;
  /** Extra environment on top of the control room's own. */
  env: Readonly<Record<string, string>>;
  /** The command runs through `sh -c`, whose exit code 127 means "not found". */
  viaShell: boolean;
  /** The config profile it came from; null for `--worker NAME=COMMAND`. */
  profile: string | null;
  /** The git worktree `cwd` points into, and its branch, when it has one. */
  worktree: string | null;
  branch: string | null;
  /** The role it plays (coder, tester, …), which decides the tasks it gets. */
  role?: string | null;
  /** How prompts reach it, when its profile says; otherwise its agent adapter decides. */
  promptDelivery?: 'paste' | 'type' | 'none';
  /** Tools whose permission prompts are allowed outright (the profile's policy). */
  allowTools?: readonly string[];
  /** Sent before its first task: its role prompt, for agents without a flag for one. */
  firstPrompt?: string;
  /**
   * Arguments its profile's settings add to every start, fresh or resumed (role
   * prompt, model, permission mode). Already part of `args`; kept apart so a
   * resume, which replaces `args` with the profile's `resumeArgs`, keeps them.
   */
  agentArgs?: readonly string[];
  /** Answer Claude Code's workspace-trust question in the worktree made for it. */
  trustOwnWorktree?: boolean;
}

/** A worker given as one shell command line, as `--worker NAME=COMMAND` does. */
export function shellWorkerSpec(options: {
  id: string;
  name: string;
  commandLine: string;
  cwd: string;
  env?: Readonly<Record<string, string>>;
}): WorkerSpec {
  return {
    id: options.id,
    name: options.name,
    commandLine: options.commandLine,
    file: '/bin/sh',
    args: ['-c', options.commandLine],
    cwd: options.cwd,
    env: options.env ?? {},
    viaShell: true,
    profile: null,
    worktree: null,
    branch: null,
  };
}

/** Words for an exit, as pane titles show them. */
export function describeExit(exit: {
  exitCode: number;
  signal: string | null;
  viaShell: boolean;
}): string | null {
  if (exit.signal) return `killed by ${exit.signal}`;
  if (exit.viaShell && exit.exitCode === 127) return 'command not found';
  if (exit.viaShell && exit.exitCode === 126) return 'command not executable';
  return null;
}

import { z } from 'zod';
import { PERMISSION_MODES } from '../agents/claude/launch.js';
import { parsePrefixKey } from '../input/keymap.js';
import { didYouMean } from './didYouMean.js';

/**
 * The config, described once per field and used twice: `configSchema` checks the
 * merged result and fills in defaults; `configLayerSchema` checks each file on its
 * own, where every key is optional because another file may supply it.
 */

export const PROMPT_DELIVERIES = ['paste', 'type', 'none'] as const;
export type PromptDelivery = (typeof PROMPT_DELIVERIES)[number];

/** `master` names the master pane in focus targets and commands. */
export const RESERVED_WORKER_NAMES: ReadonlySet<string> = new Set(['master']);

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'use 1–32 letters, digits, "_", "." or "-"');

const prefixKey = z
  .string()
  .superRefine((spec, ctx) => {
    try {
      parsePrefixKey(spec);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  })
  .describe('The key that leads a command while typing into a worker, like "C-b". Default: C-b.');

/** A path inside the repository: copying must never reach outside the worktree. */
const repoRelativePath = z
  .string()
  .min(1)
  .refine((path) => !path.startsWith('/') && !path.split(/[\\/]/).includes('..'), {
    message: 'use a path relative to the repository root, without ".."',
  });

const profileFields = {
  description: z.string().describe('What this profile runs, shown in lists.'),
  command: z
    .string()
    .min(1)
    .describe('The program to start; $NAME and ${NAME:-fallback} are expanded.'),
  args: z.array(z.string()).describe('Arguments for a fresh start. Default: [].'),
  resumeArgs: z
    .array(z.string())
    .describe(
      'Arguments used instead of args when a session is resumed; "{agentSessionId}" ' +
        "is replaced by the agent's own session id. Absent: the worker starts fresh.",
    ),
  env: z
    .record(z.string(), z.string())
    .describe("Environment added to the control room's own for this worker. Default: {}."),
  allowTools: z
    .array(z.string().min(1))
    .describe(
      'Tools whose permission prompts are allowed at once, e.g. ["Read", "Grep", "Glob"]; ' +
        'every other prompt waits for you in the inbox. Default: none.',
    ),
  rolePrompt: z
    .enum(['append-system-prompt', 'first-prompt', 'none'])
    .describe(
      "How a worker's role prompt (config/roles/<role>.md) reaches its agent: as " +
        '--append-system-prompt (Claude Code and the demo agent), as its first prompt, or not at ' +
        'all. Default: append-system-prompt for claude and the demo agent, none otherwise.',
    ),
  model: z
    .string()
    .min(1)
    .describe(
      'Claude Code profiles: the model (--model), an alias like "sonnet" or a full name. ' +
        'Absent: Claude Code chooses.',
    ),
  permissionMode: z
    .enum(PERMISSION_MODES)
    .describe(
      'Claude Code profiles: --permission-mode. Absent: your own Claude Code setting. ' +
        '"bypassPermissions" skips every permission prompt: only ever set it on purpose.',
    ),
  trustOwnWorktrees: z
    .boolean()
    .describe(
      "Claude Code profiles: answer Claude Code's workspace-trust question with yes in " +
        'worktrees this control room created for the worker (never elsewhere). Default: true.',
    ),
  promptDelivery: z
    .enum(PROMPT_DELIVERIES)
    .describe(
      'How task prompts reach the worker: "paste" (bracketed paste, then Enter), ' +
        '"type" (as keystrokes), "none" (never sent). Default: paste.',
    ),
};

export const profileSchema = z
  .object({
    description: profileFields.description.optional(),
    command: profileFields.command,
    args: profileFields.args.default([]),
    resumeArgs: profileFields.resumeArgs.optional(),
    env: profileFields.env.default({}),
    promptDelivery: profileFields.promptDelivery.default('paste'),
    rolePrompt: profileFields.rolePrompt.optional(),
    allowTools: profileFields.allowTools.default([]),
    model: profileFields.model.optional(),
    permissionMode: profileFields.permissionMode.optional(),
    trustOwnWorktrees: profileFields.trustOwnWorktrees.default(true),
  })
  .strict();

export const profileLayerSchema = z.object(profileFields).partial().strict();

export const workerEntrySchema = z
  .object({
    name: name.describe("The worker's name: its pane title, branch and worktree folder."),
    profile: z.string().min(1).describe('The profile that starts it.'),
    role: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and "-"')
      .optional()
      .describe(
        'Its role (coder, tester, reviewer, …): tasks with a role go to workers with it, and the ' +
          "role's prompt from config/roles/ is given to its agent.",
      ),
  })
  .strict();

const dispatchSchema = z
  .object({
    strategy: z
      .enum(['capability', 'least-loaded', 'round-robin'])
      .describe('How a ready task picks among fitting idle workers.'),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(20)
      .describe('Attempts per task before it fails for good.'),
    breakerThreshold: z
      .number()
      .int()
      .min(1)
      .max(50)
      .describe('Failed tasks in a row that take a worker out of dispatch.'),
    stallAfterSec: z
      .number()
      .min(5)
      .describe('A working worker with no signal this long is shown as stalled.'),
    confirmTimeoutSec: z
      .number()
      .min(1)
      .describe('A delivered prompt not confirmed this fast is sent once more.'),
  })
  .strict();

const DISPATCH_DEFAULTS = {
  strategy: 'capability',
  maxAttempts: 3,
  breakerThreshold: 3,
  stallAfterSec: 120,
  confirmTimeoutSec: 20,
} as const;

const settingFields = {
  $schema: z.string().describe('The JSON Schema editors use for this file.'),
  prefixKey,
  layout: z.enum(['grid', 'columns', 'rows']).describe('How panes are tiled. Default: grid.'),
  scrollback: z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .describe('Lines of scrollback kept per pane. Default: 5000.'),
  killGraceMs: z
    .number()
    .int()
    .min(0)
    .max(60_000)
    .describe('Milliseconds between SIGTERM and SIGKILL when a worker is killed. Default: 3000.'),
  worktrees: z
    .boolean()
    .describe('Give each worker its own git worktree and branch. Default: true.'),
  copyIntoWorktree: z
    .array(repoRelativePath)
    .describe('Untracked files copied into each new worktree, like ".env". Default: [].'),
  workers: z
    .array(workerEntrySchema)
    .describe('The workers started when no --worker is given. Replaced whole, never merged.'),
};

/** Checks that need the whole merged config: the workers' names and profiles. */
function checkWorkers(
  config: { workers: readonly { name: string; profile: string }[]; profiles: object },
  ctx: z.RefinementCtx,
): void {
  const profiles = Object.keys(config.profiles);
  const seen = new Set<string>();
  config.workers.forEach((worker, index) => {
    if (RESERVED_WORKER_NAMES.has(worker.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['workers', index, 'name'],
        message: `the name "${worker.name}" is reserved; choose another name`,
      });
    }
    if (seen.has(worker.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['workers', index, 'name'],
        message: `two workers are named "${worker.name}"; names must be unique`,
      });
    }
    seen.add(worker.name);
    if (!profiles.includes(worker.profile)) {
      const hint = didYouMean(worker.profile, profiles);
      ctx.addIssue({
        code: 'custom',
        path: ['workers', index, 'profile'],
        message:
          `no profile "${worker.profile}"${hint ? ` — did you mean "${hint}"?` : ''} ` +
          `(profiles defined: ${profiles.join(', ') || 'none'})`,
      });
    }
  });
}

export const configSchema = z
  .object({
    $schema: settingFields.$schema.optional(),
    prefixKey: settingFields.prefixKey.default('C-b'),
    layout: settingFields.layout.default('grid'),
    scrollback: settingFields.scrollback.default(5000),
    killGraceMs: settingFields.killGraceMs.default(3000),
    worktrees: settingFields.worktrees.default(true),
    copyIntoWorktree: settingFields.copyIntoWorktree.default([]),
    profiles: z.record(z.string(), profileSchema).default({}),
    workers: settingFields.workers.default([]),
    dispatch: dispatchSchema
      .partial()
      .default({})
      .transform((value) => ({ ...DISPATCH_DEFAULTS, ...value })),
  })
  .strict()
  .superRefine(checkWorkers);

/** One config file on its own: every key optional, unknown keys still rejected. */
export const configLayerSchema = z
  .object({
    ...settingFields,
    profiles: z
      .record(z.string(), profileLayerSchema)
      .describe(
        'Named ways to start a worker. Files are merged per profile and per field, ' +
          'so a later file can change one field of an earlier profile.',
      ),
    dispatch: dispatchSchema
      .partial()
      .describe('Automatic assignment of ready tasks to idle workers.'),
  })
  .partial()
  .strict()
  .describe("multibot-tui config: config/default.json, then the user's, then .multibot.json.");

export type Config = z.infer<typeof configSchema>;
export type ConfigLayer = z.infer<typeof configLayerSchema>;
export type Profile = z.infer<typeof profileSchema>;

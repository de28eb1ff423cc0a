import { z } from 'zod';
import type { LayoutMode } from '../engine/commands.js';
import { LOG_LIMIT } from '../store/logSlice.js';
import type { TaskStatus } from '../orchestrator/types.js';
import type { ProcessState } from '../store/workersSlice.js';

/**
 * The shape of `sessions/<id>/state.json`. Bump SCHEMA_VERSION on any change an
 * older reader would misread; files with a higher version are refused, not guessed at.
 */
export const SCHEMA_VERSION = 1;

export const SESSION_ENDINGS = ['running', 'quit', 'crashed', 'signal'] as const;
export type SessionEnding = (typeof SESSION_ENDINGS)[number];

// Spelled as objects so the compiler checks them against the store's unions both
// ways: a new store state missing here fails to compile, not to save at run time.
const PROCESS_STATES = {
  starting: 'starting',
  running: 'running',
  paused: 'paused',
  exited: 'exited',
} as const satisfies { [K in ProcessState]: K };
const LAYOUT_MODES = {
  grid: 'grid',
  columns: 'columns',
  rows: 'rows',
} as const satisfies { [K in LayoutMode]: K };

const isoTime = z.iso.datetime({ offset: true });

const jsonObject = z.record(z.string(), z.unknown());

export const savedSessionSchema = z.object({
  id: z.string().min(1),
  repoRoot: z.string(),
  repoName: z.string(),
  /** The ref the workers' branches start from. */
  base: z.string(),
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  /** 'running' while the control room lives; still 'running' after a crash or SIGKILL. */
  ended: z.enum(SESSION_ENDINGS),
  /** The control room's pid, to tell a crashed session from one still running. */
  pid: z.number().int().positive().nullable(),
  /** "demo" for the built-in demo. */
  label: z.string().nullable().optional(),
  /** The effective (merged) config the session ran with. */
  config: jsonObject,
});

export const savedWorkerSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  profile: z.string().nullable(),
  commandLine: z.string(),
  file: z.string(),
  args: z.array(z.string()),
  /** The command runs through `sh -c` (exit 127 means "not found"). */
  viaShell: z.boolean(),
  cwd: z.string(),
  /** The profile's env only — never the control room's environment, which holds secrets. */
  env: z.record(z.string(), z.string()),
  worktree: z.string().nullable(),
  branch: z.string().nullable(),
  process: z.enum(PROCESS_STATES),
  exitCode: z.number().int().nullable(),
  /** The human killed it: it stays ended when the session is resumed. */
  killed: z.boolean(),
  /** The agent's own conversation id, for its resume arguments. */
  agentSessionId: z.string().nullable(),
  role: z.string().nullable().optional(),
});

const TASK_STATUSES = {
  pending: 'pending',
  assigned: 'assigned',
  running: 'running',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
} as const satisfies { [K in TaskStatus]: K };

export const savedTaskSchema = z.object({
  id: z.string().regex(/^T\d+$/),
  title: z.string(),
  brief: z.object({
    objective: z.string(),
    expectedOutput: z.string().nullable(),
    boundaries: z.string().nullable(),
  }),
  role: z.string().nullable(),
  priority: z.number(),
  dependsOn: z.array(z.string()),
  status: z.enum(TASK_STATUSES),
  assignee: z.string().nullable(),
  attempts: z.number().int().min(0),
  maxAttempts: z.number().int().min(1),
  failedOn: z.array(z.string()),
  notBefore: z.number().nullable(),
  result: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export const savedLayoutSchema = z.object({
  mode: z.enum(LAYOUT_MODES),
  focus: z.string(),
  zoom: z.boolean(),
});

export const savedStateSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  session: savedSessionSchema,
  workers: z.array(savedWorkerSchema),
  layout: savedLayoutSchema,
  tasks: z.array(savedTaskSchema).optional(),
  dispatch: z
    .object({ held: z.boolean(), strategy: z.enum(['capability', 'least-loaded', 'round-robin']) })
    .optional(),
  // The event log keeps its newest entries only, as the store does.
  log: z
    .array(z.unknown())
    .transform((entries) => entries.slice(-LOG_LIMIT))
    .optional(),
});

export type SavedState = z.output<typeof savedStateSchema>;
export type SavedSession = z.output<typeof savedSessionSchema>;
export type SavedWorker = z.output<typeof savedWorkerSchema>;
export type SavedLayout = z.output<typeof savedLayoutSchema>;

import { z } from 'zod';
import type { Command, CommandType, ReportType } from '../engine/commands.js';
import { describeIssues } from './protocol.js';
import type { CommandValidation, ValidateCommand } from './requestHandler.js';

/** One schema per command type; the mapped type makes tsc flag a command left out. */
export type CommandSchemas = {
  [K in CommandType]: z.ZodType<Extract<Command, { type: K }>>;
};

/**
 * A `validateCommand` for the control server from a table of schemas: an
 * unknown `type` is `unknown_command`, a known one with bad fields `bad_request`.
 */
export function createCommandValidator(schemas: Partial<CommandSchemas>): ValidateCommand {
  const known = Object.keys(schemas).sort();
  return (json: unknown): CommandValidation => {
    const type = (json as { type?: unknown } | null)?.type;
    const schema =
      typeof type === 'string' && Object.hasOwn(schemas, type)
        ? schemas[type as CommandType]
        : undefined;
    if (!schema) {
      return {
        ok: false,
        code: 'unknown_command',
        message: `unknown command type ${JSON.stringify(type)}; known: ${known.join(', ')}`,
      };
    }
    const parsed = schema.safeParse(json);
    return parsed.success
      ? { ok: true, command: parsed.data }
      : {
          ok: false,
          code: 'bad_request',
          message: `${String(type)}: ${describeIssues(parsed.error)}`,
        };
  };
}

/** What `ctl report TYPE` takes; tsc checks below that it is every ReportType. */
export const REPORT_TYPES = [
  'STATUS_UPDATE',
  'QUESTION',
  'TASK_COMPLETE',
  'ERROR',
] as const satisfies readonly ReportType[];
const allReportTypes: Exclude<ReportType, (typeof REPORT_TYPES)[number]> extends never
  ? true
  : false = true;
void allReportTypes;

const workerId = z.string().min(1).max(128);
const taskId = z.string().min(1).max(128);
const priority = z.int().min(-1_000_000).max(1_000_000);
/** A title, a role, a summary: one line's worth, generously. */
const shortText = z.string().max(4096);
/** A brief, a prompt, an answer: as much as a worker's pty would take in one go. */
const longText = z.string().max(256 * 1024);
/** What is typed into a worker must say something. */
const message = longText.refine((text) => text.trim() !== '', 'expected some text');
const cursor = z.int().min(0);
/** The editors' cursor counts code points, not UTF-16 units. */
const cursorInText = (edit: { text: string; cursor: number }) =>
  edit.cursor <= [...edit.text].length;
const cursorMessage = { message: 'cursor is past the end of the text', path: ['cursor'] };
const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

/**
 * The vocabulary of src/engine/commands.ts as it stands. Strict objects: a
 * misspelt field (`confirm` for `confirmed`) is an error, not silently ignored.
 */
export const engineCommandSchemas: CommandSchemas = {
  'focus.set': command('focus.set', { target: z.string().min(1).max(128) }),
  'focus.move': command('focus.move', { direction: z.enum(['left', 'right', 'up', 'down']) }),
  'focus.cycle': command('focus.cycle', { delta: z.union([z.literal(1), z.literal(-1)]) }),
  'focus.index': command('focus.index', { index: z.int().min(1).max(999) }),
  'layout.zoom': command('layout.zoom', {}),
  'layout.set': command('layout.set', { mode: z.enum(['grid', 'columns', 'rows']) }),
  'layout.cycle': command('layout.cycle', {}),
  'mode.set': command('mode.set', { mode: z.enum(['navigate', 'insert']) }),
  'prefix.set': command('prefix.set', { pending: z.boolean() }),
  'worker.pause': command('worker.pause', { id: workerId }),
  'worker.resume': command('worker.resume', { id: workerId }),
  'worker.togglePause': command('worker.togglePause', { id: workerId }),
  'worker.kill': command('worker.kill', { id: workerId, confirmed: z.boolean().optional() }),
  'worker.restart': command('worker.restart', { id: workerId }),
  'worker.input': command('worker.input', { id: workerId, data: z.string().max(256 * 1024) }),
  'worker.scroll': command('worker.scroll', { id: workerId, lines: z.int() }),
  'worker.scrollToBottom': command('worker.scrollToBottom', { id: workerId }),
  'help.toggle': command('help.toggle', {}),
  'dialog.confirm': command('dialog.confirm', {}),
  'dialog.cancel': command('dialog.cancel', {}),
  'app.quit': command('app.quit', { confirmed: z.boolean().optional() }),
  'screen.resize': command('screen.resize', {
    cols: z.int().min(1).max(10_000),
    rows: z.int().min(1).max(10_000),
  }),
  'task.add': command('task.add', {
    title: shortText.refine((title) => title.trim() !== '', 'a task needs a title'),
    brief: longText.optional(),
    role: shortText.nullable().optional(),
    after: z.array(taskId).max(1000).optional(),
    priority: priority.optional(),
  }),
  'task.assign': command('task.assign', { task: taskId, worker: workerId }),
  'task.reassign': command('task.reassign', { task: taskId, worker: workerId }),
  'task.cancel': command('task.cancel', { task: taskId }),
  'task.retry': command('task.retry', { task: taskId }),
  'task.priority': command('task.priority', { task: taskId, priority }),
  'task.done': command('task.done', { task: taskId, summary: longText.optional() }),
  'task.fail': command('task.fail', { task: taskId, reason: longText.optional() }),
  'dispatch.hold': command('dispatch.hold', {}),
  'dispatch.release': command('dispatch.release', {}),
  'worker.spawn': command('worker.spawn', {
    profile: z.string().min(1).max(128),
    name: workerId.optional(),
  }),
  'worker.say': command('worker.say', { id: workerId, text: message }),
  'worker.broadcast': command('worker.broadcast', { text: message }),
  'worker.report': command('worker.report', {
    id: workerId,
    report: z.enum(REPORT_TYPES),
    text: longText,
    task: taskId.optional(),
  }),
  'worker.answer': command('worker.answer', { id: workerId, text: message }),
  'worker.reinstate': command('worker.reinstate', { id: workerId }),
  'worker.remove': command('worker.remove', { id: workerId, force: z.boolean().optional() }),
  'permission.answer': command('permission.answer', {
    id: workerId.optional(),
    allow: z.boolean(),
  }),
  'focus.nextWaiting': command('focus.nextWaiting', {}),
  'commandLine.set': command('commandLine.set', { text: longText, cursor }).refine(
    cursorInText,
    cursorMessage,
  ),
  'commandLine.submit': command('commandLine.submit', {}),
  'taskDialog.open': command('taskDialog.open', {}),
  'taskDialog.set': command('taskDialog.set', { text: longText, cursor }).refine(
    cursorInText,
    cursorMessage,
  ),
  'taskDialog.submit': command('taskDialog.submit', {}),
};

import { z } from 'zod';
import { errorMessage } from '../util/errors.js';

/**
 * The control socket's wire format: one JSON object per line each way. A client
 * sends requests, the server answers each with one reply line, in order.
 *
 *   → {"token":"…","id":1,"kind":"command","command":{"type":"worker.pause","id":"w2"}}
 *   ← {"id":1,"ok":true,"result":{"ok":true}}
 *
 * Requests are checked here only for their envelope; what a command may contain
 * is the caller's business (`validateCommand`), so new commands need no change here.
 */

/** The longest request line the server accepts, in bytes, without its newline. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

export const ERROR_CODES = [
  'bad_json',
  'bad_request',
  'unauthorized',
  'unknown_command',
  'too_large',
  'busy',
  'failed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const QUERY_TARGETS = ['workers', 'tasks', 'state'] as const;
export type QueryTarget = (typeof QUERY_TARGETS)[number];

/** Echoed back so a client that pipelines requests can pair replies with them. */
const requestId = z.union([z.string().max(128), z.number()]);
export type RequestId = z.infer<typeof requestId>;

const envelope = {
  token: z.string().min(1).max(1024),
  id: requestId.optional(),
};

/** Hook event names as agents spell them: `PreToolUse`, `SessionStart`, … */
export const HOOK_EVENT_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

export const commandRequestSchema = z.object({
  ...envelope,
  kind: z.literal('command'),
  // Only the discriminant is checked here; the caller's validator owns the rest.
  command: z.looseObject({ type: z.string().min(1).max(128) }),
});

export const hookRequestSchema = z.object({
  ...envelope,
  kind: z.literal('hook'),
  worker: z.string().min(1).max(128),
  event: z.string().regex(HOOK_EVENT_PATTERN, 'expected a hook event name like "PreToolUse"'),
  /** The agent's hook JSON as it came on stdin; null when there was none. */
  payload: z.unknown(),
});

export const queryRequestSchema = z.object({
  ...envelope,
  kind: z.literal('query'),
  what: z.enum(QUERY_TARGETS),
});

export const requestSchema = z.discriminatedUnion('kind', [
  commandRequestSchema,
  hookRequestSchema,
  queryRequestSchema,
]);

export type Request = z.infer<typeof requestSchema>;
export type CommandRequest = z.infer<typeof commandRequestSchema>;
export type HookRequest = z.infer<typeof hookRequestSchema>;
export type QueryRequest = z.infer<typeof queryRequestSchema>;
/** A request as a client builds it, before the token is added. */
export type RequestBody =
  | Omit<CommandRequest, 'token' | 'id'>
  | Omit<HookRequest, 'token' | 'id'>
  | Omit<QueryRequest, 'token' | 'id'>;

export interface ReplyError {
  code: ErrorCode;
  message: string;
}

export type Reply =
  { id?: RequestId; ok: true; result: unknown } | { id?: RequestId; ok: false; error: ReplyError };

/** Replies are parsed by the clients: a server of another version may say anything. */
export const replySchema = z.union([
  z.object({ id: requestId.optional(), ok: z.literal(true), result: z.unknown() }),
  z.object({
    id: requestId.optional(),
    ok: z.literal(false),
    error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
  }),
]);

export const okReply = (id: RequestId | undefined, result: unknown): Reply =>
  // `undefined` would vanish from the JSON; a reply always carries a result.
  withId(id, { ok: true, result: result === undefined ? null : result });

export const errorReply = (id: RequestId | undefined, code: ErrorCode, message: string): Reply =>
  withId(id, { ok: false, error: { code, message } });

const withId = <R extends Reply>(id: RequestId | undefined, reply: R): R =>
  id === undefined ? reply : { id, ...reply };

/** One line of the wire format, newline included. */
export const encodeLine = (value: unknown): string => `${JSON.stringify(value)}\n`;

/** A reply as a line; a result that cannot be JSON (a cycle, a BigInt) becomes `failed`. */
export function encodeReply(reply: Reply): string {
  try {
    return encodeLine(reply);
  } catch (error) {
    return encodeLine(
      errorReply(reply.id, 'failed', `the result is not JSON-serializable: ${errorMessage(error)}`),
    );
  }
}

/**
 * The request id of a line that failed validation, when it has a usable one,
 * so even an error reply can be paired with its request.
 */
export function salvageId(value: unknown): RequestId | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const parsed = requestId.safeParse((value as { id?: unknown }).id);
  return parsed.success ? parsed.data : undefined;
}

/** A zod error as one short line: the first few problems with their paths. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  if (error.issues.length > 3) parts.push(`and ${error.issues.length - 3} more`);
  return parts.join('; ');
}

import type { Command, CommandResult } from '../engine/commands.js';
import { errorMessage } from '../util/errors.js';
import {
  type QueryTarget,
  type Reply,
  type Request,
  describeIssues,
  errorReply,
  okReply,
  requestSchema,
  salvageId,
} from './protocol.js';
import { tokensMatch } from './token.js';

/** What the caller's command validator says about a `command` object. */
export type CommandValidation =
  | { ok: true; command: Command }
  | { ok: false; code: 'unknown_command' | 'bad_request'; message: string };

/**
 * Turns the JSON of a request's `command` into a Command of the vocabulary. The
 * server knows no command types itself, so later commands need no change here.
 */
export type ValidateCommand = (json: unknown) => CommandValidation;

/** The control room's side of the socket. Any of these may be async or throw. */
export interface ControlHandlers {
  command(command: Command): CommandResult | Promise<CommandResult>;
  /** An agent hook forwarded by `multibot-tui hook EVENT`; the result goes back to it. */
  hook(worker: string, event: string, payload: unknown): unknown;
  query(what: QueryTarget): unknown;
}

export interface RequestHandlerOptions {
  token: string;
  handlers: ControlHandlers;
  validateCommand: ValidateCommand;
  /** A handler that takes longer gets a `failed` reply; its late result is dropped. */
  handlerTimeoutMs: number;
}

export interface LineOutcome {
  reply: Reply;
  /** The line carried a missing or wrong token. */
  unauthorized: boolean;
}

/**
 * One request line in, one reply out — never a throw: whatever the line or
 * the handlers do, the connection gets an answer and the server stays up.
 * Returns null for a blank line, which needs no answer.
 */
export function createRequestHandler(options: RequestHandlerOptions) {
  return async (line: string): Promise<LineOutcome | null> => {
    if (line.trim() === '') return null;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      return answer(errorReply(undefined, 'bad_json', `not valid JSON: ${errorMessage(error)}`));
    }
    const id = salvageId(json);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      return answer(errorReply(id, 'bad_request', 'a request is a JSON object'));
    }
    // The token comes before the schema so a stranger learns nothing about the protocol.
    if (!tokensMatch(options.token, (json as { token?: unknown }).token)) {
      return {
        reply: errorReply(id, 'unauthorized', 'missing or wrong token'),
        unauthorized: true,
      };
    }
    const parsed = requestSchema.safeParse(json);
    if (!parsed.success) return answer(errorReply(id, 'bad_request', describeIssues(parsed.error)));
    try {
      return answer(
        await withTimeout(dispatch(parsed.data, options), options.handlerTimeoutMs, id),
      );
    } catch (error) {
      return answer(errorReply(id, 'failed', errorMessage(error)));
    }
  };
}

async function dispatch(request: Request, options: RequestHandlerOptions): Promise<Reply> {
  const { handlers } = options;
  switch (request.kind) {
    case 'command': {
      const validation = options.validateCommand(request.command);
      if (!validation.ok) return errorReply(request.id, validation.code, validation.message);
      return okReply(request.id, await handlers.command(validation.command));
    }
    case 'hook':
      return okReply(
        request.id,
        await handlers.hook(request.worker, request.event, request.payload ?? null),
      );
    case 'query':
      return okReply(request.id, await handlers.query(request.what));
  }
}

async function withTimeout(
  work: Promise<Reply>,
  timeoutMs: number,
  id: Reply['id'],
): Promise<Reply> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Reply>((resolve) => {
    timer = setTimeout(
      () =>
        resolve(errorReply(id, 'failed', `the control room did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const answer = (reply: Reply): LineOutcome => ({ reply, unauthorized: false });

import { type Reply, HOOK_EVENT_PATTERN } from './protocol.js';
import { sendRequest } from './client.js';
import { type InputStream, readCapped } from './readCapped.js';
import { ENV_WORKER, type Env, endpointFromEnv } from './sessionEndpoint.js';

export interface HookOptions {
  env: Env;
  stdin: InputStream;
  /** The whole budget: reading stdin, connecting, the reply. */
  timeoutMs?: number;
  /** Larger payloads (a big tool output) are forwarded as null rather than cut. */
  maxStdinBytes?: number;
  /**
   * The seam for hook decisions (e.g. answering a PermissionRequest): called
   * with the control room's reply; it may write the decision JSON to stdout and
   * return an exit code. Nothing else may write to stdout — Claude Code reads a
   * hook's stdout as a decision.
   */
  onReply?: (reply: Reply) => number | void | Promise<number | void>;
}

/** Half a payload is useless JSON; this keeps the request under the server's 1 MiB lines. */
const DEFAULT_MAX_STDIN_BYTES = 512 * 1024;

/** The least time left for the request after reading stdin. */
const MIN_SEND_MS = 100;

/**
 * `multibot-tui hook EVENT`: forwards an agent's hook event and its JSON to
 * the control room named by the worker's environment. Resolves with the exit
 * code — 0 whatever happens (no control room, a timeout, garbage on stdin),
 * within about `timeoutMs`: a hook must never break or stall the agent.
 */
export async function runHook(event: string, options: HookOptions): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 800;
  let timer: NodeJS.Timeout | undefined;
  // A last guard: whatever hangs inside, the hook ends shortly after its budget.
  const deadline = new Promise<number>((resolve) => {
    timer = setTimeout(() => resolve(0), timeoutMs + 200);
    timer.unref();
  });
  try {
    return await Promise.race([forward(event, options, timeoutMs), deadline]);
  } catch {
    return 0;
  } finally {
    clearTimeout(timer);
  }
}

async function forward(event: string, options: HookOptions, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const endpoint = endpointFromEnv(options.env);
  const worker = options.env[ENV_WORKER];
  // Outside a control room (the agent run by hand), the hook has nothing to do.
  if (!endpoint || !worker || !HOOK_EVENT_PATTERN.test(event)) return 0;

  const input = await readCapped(options.stdin, {
    maxBytes: options.maxStdinBytes ?? DEFAULT_MAX_STDIN_BYTES,
    timeoutMs: Math.max(timeoutMs - MIN_SEND_MS, 0) / 2,
  });
  const reply = await sendRequest({
    socketPath: endpoint.socket,
    request: {
      token: endpoint.token,
      kind: 'hook',
      worker,
      event,
      payload: input.complete ? parsePayload(input.text) : null,
    },
    timeoutMs: Math.max(timeoutMs - (Date.now() - started), MIN_SEND_MS),
  });
  const code = await options.onReply?.(reply);
  return typeof code === 'number' ? code : 0;
}

/** The hook's JSON, or null when there was none or it was not JSON. */
function parsePayload(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

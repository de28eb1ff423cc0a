import { createCommandValidator, engineCommandSchemas } from '../control/commandValidator.js';
import { startControlServer } from '../control/controlServer.js';
import {
  removeSessionEndpoint,
  socketPathFor,
  workerEnv,
  writeSessionEndpoint,
} from '../control/sessionEndpoint.js';
import { socketRefusal } from '../control/socketPolicy.js';
import { createToken } from '../control/token.js';
import type { Engine } from '../engine/engine.js';

export interface ControlPlane {
  /** Environment that lets a worker's hooks and `ctl` reach this control room. */
  envFor(workerId: string): Record<string, string>;
  close(): Promise<void>;
}

/**
 * The session's control socket: `ctl` commands run through the engine like
 * keys do, except what only the human may do (socketPolicy.ts); hook events are logged and tell the engine the agent's session id.
 */
export async function startControlPlane(options: {
  engine: Engine;
  sessionDir: string;
  onError?: (error: unknown) => void;
}): Promise<ControlPlane> {
  const { engine, sessionDir } = options;
  const token = createToken();
  const server = await startControlServer({
    socketPath: socketPathFor(sessionDir),
    token,
    validateCommand: createCommandValidator(engineCommandSchemas),
    ...(options.onError ? { onError: options.onError } : {}),
    handlers: {
      command: (command) =>
        socketRefusal(command, engine.store.getState().workers) ?? engine.execute(command),
      hook: (worker, event, payload) => engine.receiveHook(worker, event, payload),
      query: (what) => engine.query(what),
    },
  });
  const endpoint = { socket: server.address, token };
  await writeSessionEndpoint(sessionDir, endpoint);
  return {
    envFor: (workerId) => workerEnv(endpoint, workerId),
    close: async () => {
      await server.close();
      await removeSessionEndpoint(sessionDir);
    },
  };
}

import { fail, type Command, type CommandResult } from '../engine/commands.js';
import type { WorkerInfo } from '../store/workersSlice.js';

/**
 * What the control socket will not do for anyone. Every worker holds the
 * socket's token (its hooks and `ctl` need it), so a command from the socket
 * may come from an agent: an agent must never be able to say yes to its own
 * permission prompt, or to another's. Those answers belong to the human, at
 * the keyboard of the control room.
 */
export function socketRefusal(
  command: Command,
  workers: Readonly<Record<string, WorkerInfo>>,
): CommandResult | null {
  switch (command.type) {
    case 'permission.answer':
      return fail(
        'permission prompts are answered only in the control room (a allows · d denies), ' +
          'never over the control socket',
      );
    case 'worker.input':
    case 'worker.answer': {
      const worker = workers[command.id];
      if (!worker?.permission) return null;
      return fail(
        `${worker.name} is waiting on a permission prompt; only the human answers it, ` +
          'in the control room',
      );
    }
    default:
      return null;
  }
}

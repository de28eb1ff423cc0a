/* eslint-disable no-console -- this module swaps the console's methods out; it never prints. */
import { appendFileSync } from 'node:fs';
import { format } from 'node:util';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: readonly ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];

/**
 * While the control room owns the terminal, anything a library prints on the
 * console (node-pty's late write errors, say) would land over the tiles. It
 * goes to a debug log in the session folder instead. Returns the undo.
 */
export function consoleToFile(file: string): () => void {
  const saved = new Map(METHODS.map((method) => [method, console[method]] as const));
  for (const method of METHODS) {
    console[method] = (...args: unknown[]) => {
      try {
        appendFileSync(file, `${new Date().toISOString()} ${method}: ${format(...args)}\n`);
      } catch {
        // A debug log that cannot be written is not worth breaking the control room for.
      }
    };
  }
  return () => {
    for (const [method, original] of saved) console[method] = original;
  };
}

/**
 * Last-resort cleanup: whatever the bench started (worker process groups, tmux
 * servers, clients) is ended even when the bench throws or is interrupted.
 * Every action is synchronous so it can run from an 'exit' handler.
 */
const actions = new Set<() => void>();
let installed = false;

export function onCleanup(action: () => void): () => void {
  install();
  actions.add(action);
  return () => actions.delete(action);
}

export function runCleanups(): void {
  for (const action of [...actions]) {
    actions.delete(action);
    try {
      action();
    } catch {
      // Best effort: one failure must not keep the others from running.
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runCleanups);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, cleaning up\n`);
      runCleanups();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { AppState, AppStore } from '../store/store.js';
import { fail, ok, type CommandResult } from './commands.js';
import type { WorkerLookup } from './workerRegistry.js';

/** Who answered a permission prompt: the log tells an override from a decision by it. */
export type Answerer = 'the human' | 'profile policy';

/**
 * The worker whose permission prompt an answer is for: the one named, else the
 * focused worker when it asks, else the one that has asked longest.
 */
export function permissionTarget(
  state: Pick<AppState, 'workers' | 'workerOrder' | 'layout'>,
  id: string | undefined,
): string | undefined {
  const { workers, workerOrder, layout } = state;
  return (
    id ??
    (workers[layout.focus]?.permission ? layout.focus : undefined) ??
    [...workerOrder]
      .filter((w) => workers[w]?.permission)
      .sort(
        (a, b) => (workers[a]!.permission!.since ?? 0) - (workers[b]!.permission!.since ?? 0),
      )[0]
  );
}

/**
 * Answers permission prompts by the agent's own keys — the channel that
 * works whether or not its hooks could carry a decision.
 */
export class PermissionInbox {
  constructor(
    private readonly store: AppStore,
    private readonly workers: WorkerLookup,
    private readonly orchestrator: Pick<Orchestrator, 'permissionAnswered' | 'execute'>,
  ) {}

  answer(id: string | undefined, allow: boolean, who: Answerer): CommandResult {
    const state = this.store.getState();
    const target = permissionTarget(state, id);
    const info = target ? state.workers[target] : undefined;
    if (!target || !info?.permission) return fail('no permission prompt is waiting');
    const keys = this.workers.reader(target)?.permissionKeys;
    const runtime = this.workers.runtime(target);
    if (!keys || !runtime?.running)
      return fail(`${info.name} has no prompt this control room can answer`);
    runtime.write(allow ? keys.allow : keys.deny);
    const what = [info.permission.tool, info.permission.detail].filter(Boolean).join(' ');
    state.appendLog({
      at: Date.now(),
      kind: who === 'the human' ? 'override' : 'decision',
      text: `${allow ? 'allowed' : 'denied'} ${what} for ${info.name} (${who})`,
      workerId: target,
    });
    this.orchestrator.permissionAnswered(target);
    this.store.getState().patchWorker(target, { permission: null });
    // Claude Code ends its turn on "No" without a Stop hook: its task ends here.
    const task = info.currentTask;
    if (!allow && keys.denyEndsTurn && task) {
      this.orchestrator.execute({ type: 'task.fail', task, reason: `denied ${what}` });
    }
    return ok(allow ? 'allowed' : 'denied');
  }

  /** The profile allows this tool outright: answered at once, and logged as a decision. */
  answerByPolicy(workerId: string, event: string, fields: Record<string, unknown>): void {
    const allowed = this.workers.spec(workerId)?.allowTools ?? [];
    if (event === 'PermissionRequest' && allowed.includes(String(fields.tool_name))) {
      this.answer(workerId, true, 'profile policy');
    }
  }
}

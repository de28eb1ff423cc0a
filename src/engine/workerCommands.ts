import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { AppState, AppStore } from '../store/store.js';
import type { WorkerInfo } from '../store/workersSlice.js';
import { errorMessage } from '../util/errors.js';
import { MASTER_PANE_ID, fail, ok, type Command, type CommandResult } from './commands.js';
import { askConfirmation, logWorker, notice } from './feedback.js';
import type { WorkerRegistry } from './workerRegistry.js';
import type { WorkerRuntime } from './workerRuntime.js';
import type { WorkerSpec } from './workerSpec.js';

export type WorkerCommand = Extract<
  Command,
  {
    type:
      | 'worker.pause'
      | 'worker.resume'
      | 'worker.togglePause'
      | 'worker.kill'
      | 'worker.restart'
      | 'worker.input'
      | 'worker.scroll'
      | 'worker.scrollToBottom'
      | 'worker.remove'
      | 'worker.spawn';
  }
>;

export type RemoveWorktree = (
  spec: WorkerSpec,
  force: boolean,
) => Promise<{ removed: boolean; reason?: string }>;

export type SpawnWorker = (profile: string, name: string | undefined) => Promise<void>;

export interface WorkerCommandsOptions {
  store: AppStore;
  workers: WorkerRegistry;
  orchestrator: Pick<Orchestrator, 'humanTyped' | 'workerRemoved'>;
  killGraceMs: number;
  removeWorktree?: RemoveWorktree;
  spawnWorker?: SpawnWorker;
  /** Runs a command through the engine: a toggle is answered as a pause or a resume. */
  run: (command: Command) => CommandResult;
  /** A worker's view moved and wants painting. */
  screenChanged: (id: string) => void;
}

/** The human's hand on one worker's life: pause, kill, restart, type, scroll, remove, spawn. */
export class WorkerCommands {
  constructor(private readonly options: WorkerCommandsOptions) {}

  private get state(): AppState {
    return this.options.store.getState();
  }

  execute(command: WorkerCommand): CommandResult {
    const state = this.state;
    switch (command.type) {
      case 'worker.pause':
        return this.withWorker(command.id, (runtime, info) =>
          runtime.pause() ? ok() : fail(`${info.name} is not running`),
        );
      case 'worker.resume':
        return this.withWorker(command.id, (runtime, info) =>
          runtime.resume() ? ok() : fail(`${info.name} is not paused`),
        );
      case 'worker.togglePause':
        return this.withWorker(command.id, (runtime, info) => {
          if (!runtime.running) return fail(`${info.name} has exited — r restarts it`);
          return runtime.isPaused
            ? this.options.run({ type: 'worker.resume', id: command.id })
            : this.options.run({ type: 'worker.pause', id: command.id });
        });
      case 'worker.kill':
        return this.withWorker(command.id, (runtime, info) => {
          if (!runtime.running) return fail(`${info.name} has already exited`);
          if (!command.confirmed) {
            return askConfirmation(
              this.options.store,
              `Kill ${info.name}?`,
              `SIGTERM to its process group, SIGKILL after ${Math.round(this.options.killGraceMs / 1000)} s.`,
              { ...command, confirmed: true },
            );
          }
          runtime.kill();
          state.patchWorker(command.id, { killed: true });
          logWorker(this.options.store, `${info.name}: kill requested`, command.id);
          return ok();
        });
      case 'worker.restart':
        return this.withWorker(command.id, (runtime, info) => {
          if (runtime.running) return fail(`${info.name} is still running — x kills it first`);
          runtime.restart();
          state.patchWorker(command.id, {
            restarts: info.restarts + 1,
            scrollOffset: 0,
            killed: false,
          });
          return ok();
        });
      case 'worker.input':
        return this.withWorker(command.id, (runtime) => {
          runtime.write(command.data, 'human');
          this.options.orchestrator.humanTyped(command.id);
          return ok();
        });
      case 'worker.scroll':
        return this.withWorker(command.id, (runtime) => {
          const offset = runtime.screen.scrollBy(command.lines);
          state.patchWorker(command.id, { scrollOffset: offset });
          this.options.screenChanged(command.id);
          return ok();
        });
      case 'worker.scrollToBottom':
        return this.withWorker(command.id, (runtime) => {
          runtime.screen.scrollToBottom();
          state.patchWorker(command.id, { scrollOffset: 0 });
          this.options.screenChanged(command.id);
          return ok();
        });
      case 'worker.remove':
        return this.withWorker(command.id, (runtime, info) => {
          if (runtime.running) return fail(`${info.name} is running — x kills it first`);
          return this.remove(command.id, command.force ?? false);
        });
      case 'worker.spawn':
        return this.spawn(command.profile, command.name);
    }
  }

  private withWorker(
    id: string,
    action: (runtime: WorkerRuntime, info: WorkerInfo) => CommandResult,
  ): CommandResult {
    const runtime = this.options.workers.runtime(id);
    const info = this.state.workers[id];
    if (!runtime || !info) return fail(`no worker ${id}`);
    const result = action(runtime, info);
    if (!result.ok) notice(this.options.store, result.error, 'warn');
    return result;
  }

  private remove(id: string, force: boolean): CommandResult {
    const { store, workers } = this.options;
    const spec = workers.spec(id);
    const info = this.state.workers[id];
    if (!workers.has(id) || !spec || !info) return fail(`no worker ${id}`);
    workers.remove(id);
    this.options.orchestrator.workerRemoved(id);
    if (this.state.layout.focus === id) this.state.setLayout({ focus: MASTER_PANE_ID });
    this.state.removeWorker(id);
    logWorker(store, `${info.name}: removed`, id);
    const removeWorktree = this.options.removeWorktree;
    if (spec.worktree && removeWorktree) {
      removeWorktree(spec, force).then(
        (result) =>
          result.removed
            ? logWorker(store, `${info.name}: worktree and branch ${spec.branch ?? ''} removed`)
            : notice(
                store,
                `${info.name}: worktree kept — ${result.reason ?? 'it holds work'}`,
                'warn',
              ),
        (error: unknown) =>
          notice(store, `${info.name}: worktree kept — ${errorMessage(error)}`, 'warn'),
      );
    }
    return ok('removed');
  }

  private spawn(profile: string, name: string | undefined): CommandResult {
    const spawnWorker = this.options.spawnWorker;
    if (!spawnWorker) return fail('starting new workers is not available here');
    notice(this.options.store, `starting a ${profile} worker…`);
    spawnWorker(profile, name).catch((error: unknown) =>
      notice(
        this.options.store,
        `cannot start a ${profile} worker: ${errorMessage(error)}`,
        'error',
      ),
    );
    return ok('starting');
  }
}

import { WorkerRuntime } from '../../../src/engine/workerRuntime.js';
import { shellWorkerSpec, type WorkerSpec } from '../../../src/engine/workerSpec.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import { FakePtyBackend } from '../../helpers/fakePty.js';
import { FakeScreen } from '../../helpers/fakeScreen.js';

/** A started worker runtime on a fake pty and a fake screen, for the engine's helpers. */
export function liveWorker(
  id: string,
  options: { clock?: FakeClock; spec?: Partial<WorkerSpec> } = {},
) {
  const clock = options.clock ?? new FakeClock();
  const backend = new FakePtyBackend();
  const screen = new FakeScreen(80, 24);
  const spec: WorkerSpec = {
    ...shellWorkerSpec({ id, name: id, commandLine: `echo ${id}`, cwd: '/tmp' }),
    ...options.spec,
  };
  const runtime = new WorkerRuntime(
    spec,
    {
      backend,
      createScreen: () => screen,
      resolveExecutable: (file) => file,
      baseEnv: {},
      clock,
      killGraceMs: 10,
      resizeDebounceMs: 1,
      update: () => {},
      screenChanged: () => {},
      log: () => {},
    },
    { cols: 80, rows: 24 },
  );
  runtime.start();
  return { spec, runtime, screen, pty: backend.last(), clock };
}

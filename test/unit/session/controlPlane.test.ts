import { afterEach, describe, expect, it } from 'vitest';
import { sendRequest } from '../../../src/control/client.js';
import { readSessionEndpoint } from '../../../src/control/sessionEndpoint.js';
import { Engine } from '../../../src/engine/engine.js';
import { shellWorkerSpec } from '../../../src/engine/workerSpec.js';
import { startControlPlane, type ControlPlane } from '../../../src/session/controlPlane.js';
import { createAppStore } from '../../../src/store/store.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import { FakePtyBackend } from '../../helpers/fakePty.js';
import { FakeScreen } from '../../helpers/fakeScreen.js';
import { shortTempDir } from '../control/support.js';

let plane: ControlPlane | null = null;
let cleanup: (() => void) | null = null;
afterEach(async () => {
  await plane?.close();
  plane = null;
  cleanup?.();
  cleanup = null;
});

/** A real control socket in front of a real engine whose worker asks for a permission. */
async function setup() {
  const temp = shortTempDir();
  cleanup = temp.cleanup;
  const backend = new FakePtyBackend();
  const engine = new Engine({
    store: createAppStore(),
    backend,
    clock: new FakeClock(),
    createScreen: ({ cols, rows }) => new FakeScreen(cols, rows),
    resolveExecutable: (file) => file,
    settings: { scrollback: 10, killGraceMs: 10, resizeDebounceMs: 1 },
    readerFor: () => ({
      promptDelivery: 'paste',
      permissionKeys: { allow: 'y', deny: 'n', denyEndsTurn: false },
      detect: () => null,
      echoed: () => false,
    }),
  });
  engine.addWorker(shellWorkerSpec({ id: 'w1', name: 'w1', commandLine: 'agent', cwd: '/tmp' }));
  engine.receiveHook('w1', 'PermissionRequest', {
    tool_name: 'Bash',
    tool_input: { command: 'rm -rf build' },
  });
  plane = await startControlPlane({ engine, sessionDir: temp.dir });
  const { socket, token } = await readSessionEndpoint(temp.dir);
  const command = (body: object) =>
    sendRequest({
      socketPath: socket,
      request: { token, kind: 'command', command: body },
      timeoutMs: 5000,
    });
  return { engine, backend, command };
}

describe('the control plane', () => {
  it('never lets the socket answer a permission prompt: that is the human’s', async () => {
    const { engine, backend, command } = await setup();
    const reply = await command({ type: 'permission.answer', id: 'w1', allow: true });
    expect(reply).toMatchObject({ ok: true, result: { ok: false } });
    expect(JSON.stringify(reply)).toContain('answered only in the control room');
    // Nor by typing the agent's "yes" key into it.
    const typed = await command({ type: 'worker.input', id: 'w1', data: 'y' });
    expect(typed).toMatchObject({ ok: true, result: { ok: false } });
    expect(JSON.stringify(typed)).toContain('waiting on a permission prompt');
    expect(backend.last().written).toEqual([]);
    expect(engine.store.getState().workers.w1!.permission).toMatchObject({ tool: 'Bash' });
  });

  it('runs other commands through the engine as keys would', async () => {
    const { engine, command } = await setup();
    expect(await command({ type: 'task.add', title: 'Write the notes' })).toMatchObject({
      ok: true,
      result: { ok: true },
    });
    expect(engine.store.getState().tasks.map((task) => task.title)).toEqual(['Write the notes']);
  });
});

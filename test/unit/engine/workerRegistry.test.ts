import { describe, expect, it } from 'vitest';
import type { ScreenReader } from '../../../src/engine/screenReader.js';
import { WorkerRegistry } from '../../../src/engine/workerRegistry.js';
import { liveWorker } from './liveWorker.js';

const reader: ScreenReader = {
  promptDelivery: 'paste',
  permissionKeys: null,
  detect: () => null,
  echoed: () => false,
};

describe('WorkerRegistry', () => {
  it("reads a running worker's screen as text rows with its cursor row", () => {
    const workers = new WorkerRegistry();
    const { spec, runtime, screen } = liveWorker('a');
    workers.add(spec, runtime, reader);
    screen.setRow(1, '> hello');
    screen.cursorState.y = 1;
    const seen = workers.readScreen('a', (_reader, text) => text);
    expect(seen?.rows).toHaveLength(24);
    expect(seen?.rows[1]).toBe('> hello');
    expect(seen?.cursorY).toBe(1);
  });

  it('reads nothing without a reader or once the worker has ended', () => {
    const workers = new WorkerRegistry();
    const plain = liveWorker('plain');
    workers.add(plain.spec, plain.runtime, null);
    expect(workers.readScreen('plain', () => 'read')).toBeNull();
    const ended = liveWorker('ended');
    workers.add(ended.spec, ended.runtime, reader);
    ended.pty.end(0);
    expect(workers.readScreen('ended', () => 'read')).toBeNull();
    expect(workers.readScreen('nobody', () => 'read')).toBeNull();
  });

  it('keeps specs after its runtimes are disposed, and forgets a removed worker wholly', () => {
    const workers = new WorkerRegistry();
    const a = liveWorker('a');
    const b = liveWorker('b');
    workers.add(a.spec, a.runtime, reader);
    workers.add(b.spec, b.runtime, reader);
    workers.remove('b');
    expect(b.pty.disposed).toBe(true);
    expect([workers.has('b'), workers.spec('b'), workers.reader('b')]).toEqual([
      false,
      undefined,
      null,
    ]);
    workers.disposeRuntimes();
    expect(a.pty.disposed).toBe(true);
    expect(workers.has('a')).toBe(false);
    expect(workers.spec('a')).toBe(a.spec);
  });
});

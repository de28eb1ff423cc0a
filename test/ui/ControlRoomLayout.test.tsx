import { PassThrough } from 'node:stream';
import { render } from 'ink';
import { describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { InkStdout } from '../../src/render/inkStdout.js';
import { makeTask } from '../helpers/tasks.js';
import { makeStore, makeWorker, screenLines } from './support.js';

const SIZE = { cols: 120, rows: 40 };
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('ControlRoom as panes arrive and focus moves', () => {
  it('keeps the master pane rows in place when its border style changes', async () => {
    const store = makeStore({ screen: SIZE });
    store.getState().setTasks([makeTask({ id: 'T1', title: 'first task' })]);
    let frame = '';
    const out = new InkStdout(SIZE, (written) => (frame = written));
    // Rendered as the control room renders: Ink's debug mode into InkStdout.
    const ink = render(<App store={store} helpEntries={[]} version="1.0.0" />, {
      stdout: out as unknown as NodeJS.WriteStream,
      stdin: new PassThrough() as unknown as NodeJS.ReadStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    await settle();
    for (const id of ['a', 'b', 'c']) {
      store.getState().addWorker(makeWorker({ id, name: id }));
      await settle();
    }
    store.getState().setLayout({ focus: 'a' });
    for (let i = 0; i < 12; i++) {
      store.getState().appendLog({ at: 0, kind: 'status', text: `a: working (hook) ${i}` });
      await settle();
    }
    const lines = screenLines(frame);
    const top = lines.findIndex((line) => line.includes('master'));
    expect(top).toBeGreaterThan(0);
    // The board's header sits right under the master's top border, the command line on its last row.
    expect(lines[top + 1]).toContain('pending 1');
    expect(lines[top + 1]).toContain('a: working (hook) 3');
    const bottom = lines.findIndex((line, y) => y > top && /^[└╚]/.test(line));
    expect(lines[bottom - 1]).toContain('›');
    ink.unmount();
  });
});

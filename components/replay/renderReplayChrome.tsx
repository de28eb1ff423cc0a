import { PassThrough } from 'node:stream';
import { render } from 'ink';
import type { InkStdout } from '../../src/render/inkStdout.js';
import type { ReplayStore } from '../../src/replay/replayStore.js';
import { ReplayApp } from './ReplayApp.js';

/**
 * Renders the replay's chrome as the live room renders its own: Ink in debug mode into
 * the renderer's InkStdout, with a stdin of its own (the host's is read raw).
 */
export function renderReplayChrome(store: ReplayStore, inkStdout: InkStdout): { unmount(): void } {
  const ink = render(<ReplayApp store={store} />, {
    stdout: inkStdout as unknown as NodeJS.WriteStream,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { unmount: () => ink.unmount() };
}

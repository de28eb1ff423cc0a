/*
 * Entry point of the screen worker thread (see screenHost.ts, which starts it): the
 * emulators of every pane, driven by ScreenWorkerCore over the parent port.
 */
import { parentPort } from 'node:worker_threads';
import type { ToWorker } from './screenProtocol.js';
import { ScreenWorkerCore } from './screenWorkerCore.js';

const port = parentPort;
if (port) {
  const core = new ScreenWorkerCore({ post: (message) => port.postMessage(message) });
  port.on('message', (message: ToWorker) => core.handle(message));
}

/**
 * The demo agent as a program: `node dist/src/agents/demo/run.js [options]`
 * (or `npx tsx src/agents/demo/run.ts`). See `--help`.
 */
import { main } from './demoAgent.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Everything is closed by now; should some handle linger, do not hang the pane.
setTimeout(() => process.exit(code), 1_000).unref();

/**
 * Child process of crashSafety.test.ts: resumes from the state file (as
 * `multibot-tui resume` would), then saves a growing state in a tight loop until
 * it is killed. Run with `node --import tsx crashChild.ts FILE`.
 */
import { openSessionFile } from '../../../src/persistence/sessionStore.js';
import { crashState, crashStateNumber } from './crashState.js';

const file = process.argv[2];
if (!file) throw new Error('usage: crashChild.ts STATE_FILE');

const db = await openSessionFile(file);
let n = db.state ? crashStateNumber(db.state) + 1 : 0;
process.stdout.write(`saving from ${n}\n`);
for (;;) {
  // Two saves without waiting, then wait: exercises the coalescing queue too.
  void db.save(crashState(n++));
  await db.save(crashState(n++));
}

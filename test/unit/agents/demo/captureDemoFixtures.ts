/**
 * Rewrites test/fixtures/agents/demo/*.txt from the real demo agent:
 *   npx tsx test/unit/agents/demo/captureDemoFixtures.ts
 * Run it after changing the demo agent's screen, then check the detector test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_DIR, startDemoAgent, walkPhases } from './demoScreens.js';

const { agent, scratch } = startDemoAgent();
const cursors: Record<string, number> = {};
try {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  await walkPhases(agent, (phase, screen) => {
    writeFileSync(join(FIXTURE_DIR, `${phase}.txt`), `${screen.rows.join('\n')}\n`, 'utf8');
    cursors[phase] = screen.cursorY;
    process.stdout.write(`captured ${phase}\n`);
  });
  writeFileSync(join(FIXTURE_DIR, 'cursors.json'), `${JSON.stringify(cursors, null, 2)}\n`);
} finally {
  agent.kill();
  await scratch.cleanup();
}

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand, resolveReplayHome } from '../../../src/replay/commands.js';
import { SESSION_ID, recordSession, type RecordedSession } from './fixture.js';

let recorded: RecordedSession;
beforeAll(async () => {
  recorded = await recordSession();
});
afterAll(() => {
  for (const screen of recorded.live.values()) screen.dispose();
  rmSync(recorded.home, { recursive: true, force: true });
});

describe('export command', () => {
  it('writes the room beside the current directory by default and says how to play it', async () => {
    let text = '';
    const code = await exportCommand(
      { home: recorded.home, repo: null, session: SESSION_ID, worker: null, out: null },
      { cwd: recorded.home, env: {}, out: { write: (chunk) => (text += chunk) } },
    );
    const file = join(recorded.home, `${SESSION_ID}.cast`);
    expect(code).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(text).toBe(
      `Wrote ${file}: the whole room at 120×40, 00:39 long, ${text.match(/(\d+) events/)?.[1]} events.\n` +
        `Play it with: asciinema play ${file}\n`,
    );
  });

  it('writes one pane where --out says', async () => {
    let text = '';
    await exportCommand(
      { home: recorded.home, repo: null, session: SESSION_ID, worker: 'coder', out: 'coder.cast' },
      { cwd: recorded.home, env: {}, out: { write: (chunk) => (text += chunk) } },
    );
    expect(text).toContain(`Wrote ${join(recorded.home, 'coder.cast')}: pane coder,`);
  });

  it('finds the home without a repository or a config', async () => {
    const { home, repoRoot } = await resolveReplayHome(
      { home: recorded.home, repo: null },
      { cwd: recorded.home, env: {} },
    );
    expect(home.sessionsDir).toBe(recorded.sessionsDir);
    expect(repoRoot).toBeNull();
  });
});

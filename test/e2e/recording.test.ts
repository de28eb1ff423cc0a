import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionDirOf } from '../helpers/savedSession.js';
import { CLI, Tui, eventually } from '../helpers/tuiHarness.js';

/** The built CLI with the control room's home and folder; waits for it to finish. */
const cli = (t: Tui, args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], {
    cwd: t.cwd,
    env: { ...process.env, MULTIBOT_HOME: t.home },
    encoding: 'utf8',
  });

let tui: Tui | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

describe('recording', () => {
  it("records every pane's output as asciicast v2 with markers, and asciinema can read it", async () => {
    const t = new Tui({
      args: ['-w', `painter=printf '\\033[35m%s\\033[0m\\n' PURPLE-$((6*7)); exec cat`],
    });
    tui = t;
    await t.waitFor('PURPLE-42');
    t.write('i');
    await t.waitFor(/INSERT/);
    t.write('typed-line\r');
    await t.waitFor((s) => (s.match(/typed-line/g) ?? []).length >= 2);
    t.write('\x02\x1b');
    await t.waitFor(/NAVIGATE/);
    // A task on the board, held so that cat is not sent it.
    const sessionDir = await eventually(() => sessionDirOf(t.home), 'the session folder');
    for (const args of [['hold'], ['task', 'add', 'Check the replayed board']]) {
      const done = cli(t, ['ctl', '--session-dir', sessionDir, ...args]);
      expect(done.status, done.stderr).toBe(0);
    }
    await t.waitFor(/T1.*Check the replayed board/);
    t.write('q');
    await t.waitFor('Quit multibot-tui?');
    t.write('y');
    expect(await t.waitForExit()).toBe(0);

    const sessions = readdirSync(join(t.home, 'sessions')).filter((name) => /^\d{8}-/.test(name));
    expect(sessions).toHaveLength(1);
    const dir = join(t.home, 'sessions', sessions[0]!, 'recordings');
    const cast = await eventually(
      () => readdirSync(dir).find((name) => name.endsWith('.cast')),
      'a cast file',
    );
    const lines = readFileSync(join(dir, cast), 'utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ version: 2, env: { TERM: 'xterm-256color' } });
    expect(header.width).toBeGreaterThan(10);
    expect(header.height).toBeGreaterThan(3);
    const events = lines.slice(1).map((line) => JSON.parse(line) as [number, string, string]);
    let previous = 0;
    for (const [time, code] of events) {
      expect(time).toBeGreaterThanOrEqual(previous);
      expect(['o', 'r', 'm', 'i']).toContain(code);
      previous = time;
    }
    const output = events
      .filter(([, code]) => code === 'o')
      .map(([, , data]) => data)
      .join('');
    expect(output).toContain('\x1b[35mPURPLE-42\x1b[0m');
    expect(output).toContain('typed-line');
    // Typed input is not recorded unless asked for; the moment of typing is a marker.
    expect(events.some(([, code]) => code === 'i')).toBe(false);
    expect(events.some(([, code, data]) => code === 'm' && data.includes('typed'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(JSON.stringify(manifest)).toContain('painter');
    // The task board's history beside the casts: a snapshot, then the task added.
    const history = readFileSync(join(dir, 'tasks.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; added?: { title: string }[] });
    expect(history[0]).toMatchObject({ kind: 'snapshot', tasks: [] });
    expect(history.flatMap((record) => record.added ?? []).map((task) => task.title)).toEqual([
      'Check the replayed board',
    ]);

    // The whole grid exported as one asciicast…
    const out = join(t.home, 'room.cast');
    const exported = cli(t, ['export', sessions[0]!, '-o', out]);
    expect(exported.status, exported.stderr).toBe(0);
    const room = readFileSync(out, 'utf8').trim().split('\n');
    expect(JSON.parse(room[0]!)).toMatchObject({ version: 2 });
    expect(
      room
        .slice(1)
        .map((line) => JSON.parse(line)[2])
        .join(''),
    ).toContain('PURPLE-42');

    // …and replayed in the terminal, on one clock, until q; with the saved tasks gone,
    // the board still shows the task: it comes from the recorded history.
    const stateFile = join(t.home, 'sessions', sessions[0]!, 'state.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    delete state.tasks;
    writeFileSync(stateFile, JSON.stringify(state));
    const replay = new Tui({ args: ['replay', sessions[0]!], cwd: t.cwd, home: t.home });
    await replay.waitFor('PURPLE-42');
    await replay.waitFor(/\d+:\d\d/);
    // The board's counts (the event log names the task too, so its title proves nothing).
    await replay.waitFor(/pending 1/);
    replay.write('q');
    expect(await replay.waitForExit()).toBe(0);
    replay.kill();
  });
});

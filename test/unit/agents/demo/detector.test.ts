import { afterEach, describe, expect, it } from 'vitest';
import { demoAdapter, detectDemoScreen } from '../../../../src/agents/demo/detector.js';
import type { ScreenReading, ScreenText } from '../../../../src/agents/types.js';
import type { DemoRun, Phase } from './demoScreens.js';
import {
  FIRST_PROMPT,
  FIXTURE_SIZE,
  PERMISSION_PROMPT,
  PHASES,
  readFixture,
  startDemoAgent,
  walkPhases,
} from './demoScreens.js';

// Fixtures: the real demo agent at 58×25 (captureDemoFixtures.ts). The live
// test walks the same phases and must read them the same way.

const EXPECTED: Record<Phase, ScreenReading> = {
  idle: { state: 'idle', reason: 'prompt ready' },
  // Typing into the box is not work: the agent waits for Enter.
  typed: { state: 'idle', reason: 'prompt ready' },
  thinking: { state: 'working', reason: 'thinking…' },
  done: { state: 'idle', reason: 'prompt ready' },
  permission: { state: 'waiting', reason: 'permission question' },
  // The answered question stays in the log; only the status row counts.
  answered: { state: 'idle', reason: 'prompt ready' },
};

function screenOf(rows: string[], cursorY = rows.length - 1): ScreenText {
  return { rows, cursorY };
}

/** The demo agent's bottom rows around a given status row. */
function frame(status: string, hint = 'enter send · alt+enter new line'): string[] {
  return [
    ' DEMO  demo agent · coder · project',
    'session 1',
    '> earlier prompt',
    status,
    '╭──────────╮',
    '│ >        │',
    '╰──────────╯',
    hint,
  ];
}

describe('the demo detector on captured screens', () => {
  it.each(PHASES)('reads the %s screen', (phase) => {
    const screen = readFixture(phase);
    expect(screen.rows).toHaveLength(FIXTURE_SIZE.rows);
    expect(detectDemoScreen(screen)).toEqual(EXPECTED[phase]);
  });

  it('reads rows padded to the pane width the same way', () => {
    for (const phase of PHASES) {
      const screen = readFixture(phase);
      const padded = screen.rows.map((row) => row.padEnd(FIXTURE_SIZE.cols));
      expect(detectDemoScreen({ ...screen, rows: padded })).toEqual(EXPECTED[phase]);
    }
  });

  it('sees a prompt typed into the box, even across the box’s wrap', () => {
    const typed = readFixture('typed');
    expect(demoAdapter.echoed(typed, FIRST_PROMPT)).toBe(true);
    // "…export it │" + "│    next to add": the borders and the indent are skipped.
    expect(demoAdapter.echoed(typed, 'and export it next to add')).toBe(true);
    expect(demoAdapter.echoed(readFixture('idle'), FIRST_PROMPT)).toBe(false);
  });

  it('sees a sent prompt in the log, wrapped at the pane width', () => {
    const done = readFixture('done');
    expect(demoAdapter.echoed(done, FIRST_PROMPT)).toBe(true);
    // The log wraps "…nex" / "t to add" mid-word.
    expect(demoAdapter.echoed(done, 'export it next to add')).toBe(true);
    // Only the first line of a prompt is looked for.
    expect(demoAdapter.echoed(done, `\n  ${FIRST_PROMPT}\nmore lines\nthat never show`)).toBe(true);
    expect(demoAdapter.echoed(readFixture('permission'), PERMISSION_PROMPT)).toBe(true);
  });

  it('does not see prompts that are not there, nor blank ones', () => {
    const done = readFixture('done');
    expect(demoAdapter.echoed(done, 'Write tests for add and subtract')).toBe(false);
    expect(demoAdapter.echoed(done, '')).toBe(false);
    expect(demoAdapter.echoed(done, ' \n\t\n')).toBe(false);
  });
});

describe('the demo detector on made-up screens', () => {
  it('cannot tell before anything is drawn, or on a screen that is not the demo agent', () => {
    expect(detectDemoScreen(screenOf(Array.from({ length: 25 }, () => '')))).toBeNull();
    expect(detectDemoScreen(screenOf(['user@host:~/project$ ls', 'README.md', '$']))).toBeNull();
    expect(detectDemoScreen(screenOf([]))).toBeNull();
  });

  it('names what the spinner says, without its timer', () => {
    expect(detectDemoScreen(screenOf(frame('⠼ editing… (2s · esc to interrupt)')))).toEqual({
      state: 'working',
      reason: 'editing…',
    });
    // A narrow pane cuts the timer short.
    expect(detectDemoScreen(screenOf(frame('⠏ committing… (1s · es…')))).toEqual({
      state: 'working',
      reason: 'committing…',
    });
  });

  it('sees a question whose "(y/n)" was cut off', () => {
    expect(detectDemoScreen(screenOf(frame('? Allow editing demo/a-very-long-na…')))).toEqual({
      state: 'waiting',
      reason: 'permission question',
    });
  });

  it('trusts the hint row when the status row is cut off the top', () => {
    const rows = frame('');
    const cut = rows.slice(4);
    expect(detectDemoScreen(screenOf(cut))).toBeNull();
    const asking = [...cut.slice(0, -1), 'y allow · n deny · esc interrupt'];
    expect(detectDemoScreen(screenOf(asking))).toEqual({
      state: 'waiting',
      reason: 'permission question',
    });
  });

  it('says nothing about a status row it does not know', () => {
    expect(detectDemoScreen(screenOf(frame('something else entirely')))).toBeNull();
  });

  it('ignores questions and spinners in the log above the status row', () => {
    const rows = frame('');
    rows.splice(2, 0, '? Allow editing demo/x.md? (y/n) n', '⠋ thinking… (0s · esc to interrupt)');
    expect(detectDemoScreen(screenOf(rows))).toEqual({ state: 'idle', reason: 'prompt ready' });
  });
});

describe('the demo detector live', () => {
  let run: DemoRun | null = null;

  afterEach(async () => {
    run?.agent.kill();
    await run?.scratch.cleanup();
    run = null;
  });

  it('reads every phase of the real demo agent in a pty', async () => {
    run = startDemoAgent();
    const seen: Phase[] = [];
    await walkPhases(run.agent, (phase, screen) => {
      seen.push(phase);
      expect(detectDemoScreen(screen), phase).toEqual(EXPECTED[phase]);
      if (phase === 'typed' || phase === 'done') {
        expect(demoAdapter.echoed(screen, FIRST_PROMPT), phase).toBe(true);
      }
      if (phase === 'permission') {
        expect(demoAdapter.echoed(screen, PERMISSION_PROMPT), phase).toBe(true);
      }
    });
    expect(seen).toEqual([...PHASES]);
  });
});

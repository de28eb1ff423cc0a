import { describe, expect, it } from 'vitest';
import { claudeAdapter, detectClaudeScreen } from '../../../../src/agents/claude/detector.js';
import type { ScreenText } from '../../../../src/agents/types.js';
import { FIXTURE_SIZE, SCREEN_NAMES, SCREENS, readFixture } from './claudeScreens.js';

// Fixtures: the real claude binary at 100×30 (captureClaudeFixtures.ts). The
// synthetic screens below cover what a capture cannot produce offline or
// what older versions drew.

function screenOf(rows: string[], cursorY = rows.length - 1): ScreenText {
  return { rows, cursorY };
}

const RULE = '─'.repeat(60);

/** The bottom of a 2.x frame: something above the input box, the box, the hint. */
function frame(above: string[], hint: string, input = '❯\u00a0'): string[] {
  return ['❯ earlier prompt', '', '● An earlier answer.', '', ...above, RULE, input, RULE, hint];
}

describe('the claude detector on captured screens', () => {
  it.each(SCREEN_NAMES)('reads the %s screen', (name) => {
    const screen = readFixture(name);
    expect(screen.rows).toHaveLength(FIXTURE_SIZE.rows);
    expect(detectClaudeScreen(screen)).toEqual(SCREENS[name]);
  });

  it('reads rows padded to the pane width the same way', () => {
    for (const name of SCREEN_NAMES) {
      const screen = readFixture(name);
      const padded = screen.rows.map((row) => row.padEnd(FIXTURE_SIZE.cols));
      expect(detectClaudeScreen({ ...screen, rows: padded })).toEqual(SCREENS[name]);
    }
  });

  it('still reads a permission dialog whose top scrolled off a short pane', () => {
    const screen = readFixture('permission-bash');
    const question = screen.rows.findIndex((row) => row.includes('Do you want to proceed?'));
    expect(detectClaudeScreen(screenOf(screen.rows.slice(question)))).toEqual({
      state: 'waiting',
      reason: 'permission',
    });
  });

  it('reads the box alone when the log above it scrolled away', () => {
    const screen = readFixture('working');
    const box = screen.rows.findIndex((row) => row.startsWith('─'));
    expect(detectClaudeScreen(screenOf(screen.rows.slice(box)))).toEqual(SCREENS.working);
  });
});

describe('the claude detector on other screens', () => {
  it('says nothing about a blank screen or one it does not know', () => {
    expect(detectClaudeScreen(screenOf(Array.from({ length: 30 }, () => '')))).toBeNull();
    expect(detectClaudeScreen(screenOf(['$ claude', 'Segmentation fault', '$ ']))).toBeNull();
  });

  it('sees work from the spinner when the hint is cut off', () => {
    const rows = frame(['✢ Reticulating… (12s · ↓ 1.2k tokens)', ''], '').slice(0, -1);
    expect(detectClaudeScreen(screenOf(rows))).toEqual({ state: 'working', reason: 'working' });
  });

  it('does not take an answer that talks about interrupting for work', () => {
    const rows = frame(
      ['● Press esc to interrupt a turn… or wait.', '', '✻ Baked for 3s', ''],
      '  ? for shortcuts',
    );
    expect(detectClaudeScreen(screenOf(rows))).toEqual({ state: 'idle', reason: 'prompt ready' });
  });

  it('does not take a question in the log for a dialog while the box shows', () => {
    const rows = frame(['● Do you want to proceed?', '  1. Yes', ''], '  ? for shortcuts');
    expect(detectClaudeScreen(screenOf(rows))).toEqual({ state: 'idle', reason: 'prompt ready' });
  });

  it('reads a long prompt in the box over several rows', () => {
    const rows = [RULE, '❯\u00a0first line of a long prompt', '  second line', RULE, ''];
    expect(detectClaudeScreen(screenOf(rows))).toEqual({ state: 'idle', reason: 'prompt ready' });
  });

  it('reads the rounded input box of Claude Code 1.x', () => {
    const box = [
      '╭────────────────────────────╮',
      '│ >                          │',
      '╰────────────────────────────╯',
    ];
    const idle = ['● Done.', '', ...box, '  ? for shortcuts'];
    const busy = ['✻ Thinking… (3s · ↑ 42 tokens · esc to interrupt)', '', ...box, ''];
    expect(detectClaudeScreen(screenOf(idle))).toEqual({ state: 'idle', reason: 'prompt ready' });
    expect(detectClaudeScreen(screenOf(busy))).toEqual({ state: 'working', reason: 'working' });
  });

  it('names first-run and login screens (not reachable offline, text from the CLI)', () => {
    const cases: [string, string][] = [
      ['Choose the text style that looks best with your terminal', 'first-run setup'],
      ['Select login method:', 'login needed'],
      ['Unable to connect to Anthropic services', 'cannot reach Anthropic'],
      ['Do you trust the files in this folder?', 'workspace trust'],
    ];
    for (const [text, reason] of cases) {
      const rows = ['', ` ${text}`, '', ' ❯ 1. Something', '   2. Other', ''];
      expect(detectClaudeScreen(screenOf(rows))).toEqual({ state: 'waiting', reason });
    }
  });

  it('reads any other numbered choice with a dialog footer as a question', () => {
    const rows = [
      RULE,
      ' Exit plan mode?',
      ' Would you like to proceed with this plan?',
      ' ❯ 1. Yes, and auto-accept edits',
      '   2. No, keep planning',
      '',
      ' Enter to confirm · Esc to cancel',
    ];
    expect(detectClaudeScreen(screenOf(rows))).toEqual({
      state: 'waiting',
      reason: 'question: Would you like to proceed with this plan?',
    });
    expect(detectClaudeScreen(screenOf(rows.slice(3)))).toEqual({
      state: 'waiting',
      reason: 'a question',
    });
  });
});

describe('the claude adapter', () => {
  it('delivers prompts as a paste', () => {
    expect(claudeAdapter.kind).toBe('claude');
    expect(claudeAdapter.promptDelivery).toBe('paste');
  });

  it('sees a prompt typed into the box and once sent in the log', () => {
    expect(claudeAdapter.echoed(readFixture('typed'), 'Please write hello.txt')).toBe(true);
    expect(claudeAdapter.echoed(readFixture('done'), 'Please write hello.txt')).toBe(true);
    expect(claudeAdapter.echoed(readFixture('idle'), 'Please write hello.txt')).toBe(false);
  });

  it('does not count a collapsed paste placeholder as the prompt', () => {
    // Long or multi-line pastes show as "[Pasted text #1 +5 lines]" until sent.
    const rows = frame([], '  paste again to expand', '❯\u00a0[Pasted text #1 +5 lines] ');
    expect(claudeAdapter.echoed(screenOf(rows), 'line 1 of a long prompt\nline 2')).toBe(false);
    const sent = frame(['❯ line 1 of a long prompt', '  line 2', ''], '  esc to interrupt');
    expect(claudeAdapter.echoed(screenOf(sent), 'line 1 of a long prompt\nline 2')).toBe(true);
  });
});

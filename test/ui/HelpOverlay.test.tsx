import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { HELP_CLOSE_HINT, HelpOverlay, type HelpEntry } from '../../components/HelpOverlay.js';
import { SCREEN, VERSION, onScreen, screenLines } from './support.js';

const GROUPS = ['Navigate', 'Workers', 'Insert'] as const;
const ENTRIES: HelpEntry[] = [
  { keys: '←↑↓→ h j k l', description: 'move the focus', group: 'Navigate' },
  { keys: 'p', description: 'pause or resume the focused worker', group: 'Workers' },
  { keys: '1–9', description: 'focus worker N', group: 'Navigate' },
  { keys: 'Ctrl-b Esc', description: 'back to navigate', group: 'Insert' },
  { keys: 'x', description: 'kill the focused worker', group: 'Workers' },
];

afterEach(() => cleanup());

function renderHelp(entries: HelpEntry[], screen: { cols: number; rows: number } = SCREEN) {
  const view = render(
    onScreen(<HelpOverlay entries={entries} screen={screen} version={VERSION} />, screen),
  );
  return screenLines(view.lastFrame());
}

describe('HelpOverlay', () => {
  it('lists every entry under its group, groups in order of first appearance', () => {
    const lines = renderHelp(ENTRIES);
    const text = lines.join('\n');
    for (const entry of ENTRIES) {
      expect(text).toContain(entry.keys);
      expect(text).toContain(entry.description);
    }
    const groupRows = GROUPS.map((g) => lines.findIndex((l) => l.includes(`║ ${g}`)));
    expect(groupRows.every((row) => row >= 0)).toBe(true);
    expect([...groupRows].sort((a, b) => a - b)).toEqual(groupRows);
    // Entries sit under their own group: "x" (Workers) comes before the Insert heading.
    const killRow = lines.findIndex((l) => l.includes('kill the focused worker'));
    expect(killRow).toBeGreaterThan(groupRows[1] ?? Infinity);
    expect(killRow).toBeLessThan(groupRows[2] ?? -Infinity);
  });

  it('says how to close it, and which version this is', () => {
    const text = renderHelp(ENTRIES).join('\n');
    expect(text).toContain(HELP_CLOSE_HINT);
    expect(text).toContain(VERSION);
  });

  it('flows into columns when the list is taller than the screen', () => {
    const many: HelpEntry[] = Array.from({ length: 30 }, (_, i) => ({
      keys: `k${i}`,
      description: `command number ${i}`,
      group: i < 15 ? 'First' : 'Second',
    }));
    const screen = { cols: 100, rows: 24 };
    const lines = renderHelp(many, screen);
    expect(lines).toHaveLength(screen.rows);
    const text = lines.join('\n');
    for (const entry of many)
      expect(text).toMatch(new RegExp(`${entry.keys} +${entry.description}\\b`));
  });

  it('counts the entries it cannot show rather than dropping them silently', () => {
    const many: HelpEntry[] = Array.from({ length: 60 }, (_, i) => ({
      keys: `key-${i}`,
      description: `a command described at some length ${i}`,
      group: 'All',
    }));
    const screen = { cols: 60, rows: 14 };
    const lines = renderHelp(many, screen);
    expect(lines).toHaveLength(screen.rows);
    const text = lines.join('\n');
    const shown = text.match(/key-\d+ /g)?.length ?? 0;
    const hidden = Number(/… (\d+) more/.exec(text)?.[1]);
    expect(shown).toBeGreaterThan(0);
    expect(shown + hidden).toBe(many.length);
  });
});

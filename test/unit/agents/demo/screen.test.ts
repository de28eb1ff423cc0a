import { describe, expect, it } from 'vitest';
import type { View } from '../../../../src/agents/demo/screen.js';
import { renderFrame, textWidth, wrap } from '../../../../src/agents/demo/screen.js';

const strip = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

function view(overrides: Partial<View> = {}): View {
  return {
    role: 'coder',
    dir: 'project',
    sessionId: 'sess',
    log: [],
    status: null,
    input: '',
    hint: 'hint',
    cursor: true,
    asking: false,
    ...overrides,
  };
}

describe('renderFrame', () => {
  it('fills the terminal: header, log, status, prompt box, hint', () => {
    const frame = renderFrame(
      view({ log: [{ text: 'hello', tone: 'info' }], input: 'typed' }),
      40,
      12,
    );
    const lines = frame.lines.map(strip);
    expect(lines).toHaveLength(12);
    expect(lines[0]).toContain('DEMO');
    expect(lines[0]).toContain('demo agent · coder · project');
    expect(lines).toContain('hello');
    expect(lines[8]).toBe(`╭${'─'.repeat(38)}╮`);
    expect(lines[9]).toBe(`│ > typed${' '.repeat(29)} │`);
    expect(lines[10]).toBe(`╰${'─'.repeat(38)}╯`);
    expect(lines[11]).toBe('hint');
    expect(frame.cursor).toEqual({ x: 9, y: 9 });
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(40);
  });

  it('shows multi-line input and the spinner', () => {
    const frame = renderFrame(
      view({
        input: 'one\ntwo',
        status: { kind: 'spinner', text: 'thinking…', frame: 0, elapsedMs: 1500 },
      }),
      40,
      12,
    );
    const lines = frame.lines.map(strip);
    expect(lines).toContain('⠋ thinking… (1s · esc to interrupt)');
    expect(lines.some((l) => l.startsWith('│ > one'))).toBe(true);
    expect(lines.some((l) => l.startsWith('│   two'))).toBe(true);
  });

  it('wraps by cell width', () => {
    expect(wrap('abcdef', 4)).toEqual(['abcd', 'ef']);
    expect(wrap('日本語', 4)).toEqual(['日本', '語']);
  });
});

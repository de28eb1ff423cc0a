import { describe, expect, it } from 'vitest';
import { adapterFor, adapterKindFor } from '../../../src/agents/registry.js';
import { echoNeedle, screenShows } from '../../../src/agents/shell/detector.js';
import type { AgentKind } from '../../../src/agents/types.js';

describe('adapterKindFor', () => {
  it('knows claude by its program name, wherever it lives', () => {
    expect(adapterKindFor('claude', [])).toBe('claude');
    expect(adapterKindFor('/home/me/.local/bin/claude', ['--resume', 'abc'])).toBe('claude');
    expect(
      adapterKindFor('/usr/bin/node', ['/x/node_modules/@anthropic-ai/claude-code/cli.js']),
    ).toBe('claude');
    expect(adapterKindFor('claude-helper', [])).toBe('shell');
  });

  it('knows the demo agent by its entry point, built or from source', () => {
    expect(
      adapterKindFor('/usr/bin/node', ['/pkg/dist/src/agents/demo/run.js', '--role', 'coder']),
    ).toBe('demo');
    expect(adapterKindFor('node', ['--import', 'tsx', 'src/agents/demo/run.ts'])).toBe('demo');
  });

  it('falls back to the shell for anything else', () => {
    expect(adapterKindFor('/bin/bash', [])).toBe('shell');
    expect(adapterKindFor('node', ['script.js'])).toBe('shell');
    // A word that merely mentions the entry point is not it.
    expect(adapterKindFor('echo', ['see agents/demo/run.js now'])).toBe('shell');
    expect(adapterKindFor('echo', ['claude'])).toBe('shell');
  });
});

describe('adapterFor', () => {
  it('gives each kind its adapter', () => {
    for (const kind of ['demo', 'claude', 'shell'] as const satisfies readonly AgentKind[]) {
      expect(adapterFor(kind).kind).toBe(kind);
    }
    expect(adapterFor('demo').promptDelivery).toBe('paste');
    expect(adapterFor('claude').promptDelivery).toBe('paste');
    expect(adapterFor('shell').promptDelivery).toBe('type');
  });

  it('never guesses a state for a shell, nor (yet) for claude', () => {
    const screen = { rows: ['$ make', '⠋ thinking…', '│ > │'], cursorY: 0 };
    expect(adapterFor('shell').detect(screen)).toBeNull();
    expect(adapterFor('claude').detect(screen)).toBeNull();
  });
});

describe('screenShows', () => {
  it('matches the first 30 characters of the first line, whitespace aside', () => {
    const text = 'Refactor the parser so that errors carry positions';
    expect(echoNeedle(text)).toBe('Refactortheparsersothaterrorsc');
    const rows = ['$ Refactor the parser so that', 'errors c'];
    expect(screenShows({ rows, cursorY: 1 }, text)).toBe(true);
    expect(screenShows({ rows: ['$ Refactor the parser'], cursorY: 0 }, text)).toBe(false);
  });
});

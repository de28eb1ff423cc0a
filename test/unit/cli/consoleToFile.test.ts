import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleToFile } from '../../../src/cli/consoleToFile.js';

describe('consoleToFile', () => {
  it('sends console output to the file while active, and restores the console after', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'multibot-console-')), 'debug.log');
    const originalError = console.error;
    const undo = consoleToFile(file);
    console.error('Unhandled pty write error', { code: 'EBADF' });
    console.log('plain %d', 42);
    undo();
    expect(console.error).toBe(originalError);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/error: Unhandled pty write error \{ code: 'EBADF' \}/);
    expect(text).toMatch(/log: plain 42/);
  });
});

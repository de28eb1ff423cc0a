import { describe, expect, it } from 'vitest';
import {
  claudeArgs,
  hookSettings,
  projectDirName,
  shellQuote,
  transcriptPath,
} from '../../../../src/agents/claude/launch.js';
import { HOOK_EVENTS } from '../../../../src/orchestrator/statusSignals.js';
import { readHookSample } from './claudeScreens.js';

const ID = '0f0e0d0c-0b0a-4909-8807-060504030201';

describe('claudeArgs', () => {
  it('starts a new conversation with a known session id and the settings', () => {
    expect(claudeArgs({ sessionId: ID, settingsJson: '{}' })).toEqual([
      '--session-id',
      ID,
      '--settings',
      '{}',
    ]);
  });

  it('resumes an earlier conversation instead', () => {
    expect(claudeArgs({ resumeId: ID, settingsJson: '{}' })).toEqual([
      '--resume',
      ID,
      '--settings',
      '{}',
    ]);
  });

  it('adds the role prompt, model, permission mode and MCP config when given', () => {
    const args = claudeArgs({
      sessionId: ID,
      settingsJson: '{}',
      rolePrompt: 'You are the reviewer.\nBe brief.',
      model: 'sonnet',
      permissionMode: 'acceptEdits',
      mcpConfig: '/tmp/mcp servers.json',
    });
    expect(args.slice(4)).toEqual([
      '--append-system-prompt',
      'You are the reviewer.\nBe brief.',
      '--model',
      'sonnet',
      '--permission-mode',
      'acceptEdits',
      // One argument: the flag is variadic and would swallow a following one.
      '--mcp-config=/tmp/mcp servers.json',
    ]);
  });

  it('leaves out empty options and never skips permissions by itself', () => {
    const args = claudeArgs({ sessionId: ID, settingsJson: '{}', rolePrompt: '  ', model: '' });
    expect(args).toHaveLength(4);
    expect(args.join(' ')).not.toMatch(/dangerously|bypass/);
  });

  it('passes bypassPermissions only when the profile asks for it', () => {
    const args = claudeArgs({
      sessionId: ID,
      settingsJson: '{}',
      permissionMode: 'bypassPermissions',
    });
    expect(args.slice(-2)).toEqual(['--permission-mode', 'bypassPermissions']);
  });

  it('rejects what claude would reject', () => {
    expect(() => claudeArgs({ sessionId: 'worker-1', settingsJson: '{}' })).toThrow(/UUID/);
    expect(() => claudeArgs({ resumeId: ' ', settingsJson: '{}' })).toThrow(/resume/);
    expect(() =>
      claudeArgs({
        sessionId: ID,
        settingsJson: '{}',
        permissionMode: 'yolo' as unknown as 'default',
      }),
    ).toThrow(/permission mode/);
  });
});

describe('hookSettings', () => {
  it('installs one command hook per event, each naming its event', () => {
    const settings = JSON.parse(hookSettings("'/opt/multibot tui' hook")) as {
      hooks: Record<string, { matcher?: string; hooks: { type: string; command: string }[] }[]>;
    };
    expect(Object.keys(settings.hooks)).toEqual([...HOOK_EVENTS]);
    for (const event of HOOK_EVENTS) {
      expect(settings.hooks[event]).toEqual([
        { hooks: [{ type: 'command', command: `'/opt/multibot tui' hook ${event}` }] },
      ]);
    }
  });

  it('gives the permission hook its own timeout', () => {
    const settings = JSON.parse(
      hookSettings('mb hook', { permissionTimeoutSec: 300, timeoutSec: 10 }),
    ) as { hooks: Record<string, { hooks: { timeout?: number }[] }[]> };
    expect(settings.hooks.PermissionRequest![0]!.hooks[0]!.timeout).toBe(300);
    expect(settings.hooks.Stop![0]!.hooks[0]!.timeout).toBe(10);
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and quotes the rest for sh', () => {
    expect(shellQuote('/usr/bin/node')).toBe('/usr/bin/node');
    expect(shellQuote('/home/me/my tools/mb.js')).toBe("'/home/me/my tools/mb.js'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });
});

describe('transcriptPath', () => {
  it('is where the real binary said it writes (SessionStart payload)', () => {
    const start = readHookSample('SessionStart');
    const path = transcriptPath(
      '/tmp/multibot-claude-fixture/home/.claude',
      String(start.cwd),
      String(start.session_id),
    );
    expect(path).toBe(start.transcript_path);
  });

  it('cuts long directory names and adds the hash claude adds', () => {
    // Observed from claude 2.1.197 started in this directory.
    const cwd =
      '/tmp/cc-longpath/a-very-long-directory-name-' +
      'x'.repeat(60) +
      '/ünïcödé dir with spaces/and-another-long-segment-' +
      'y'.repeat(80) +
      '/project';
    expect(projectDirName(cwd)).toBe(
      '-tmp-cc-longpath-a-very-long-directory-name-' +
        'x'.repeat(60) +
        '--n-c-d--dir-with-spaces-and-another-long-segment-' +
        'y'.repeat(46) +
        '-8bqodw',
    );
    expect(projectDirName('/a/b.c_d')).toBe('-a-b-c-d');
  });
});

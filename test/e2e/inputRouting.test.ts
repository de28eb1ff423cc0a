import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, KEY, Tui } from '../helpers/tuiHarness.js';

/** A bash worker that switches on the modes in $1, then prints every key it reads, quoted (ESC as \E). */
const KEY_ECHO = join(mkdtempSync(join(tmpdir(), 'multibot-keys-')), 'key-echo.sh');
writeFileSync(
  KEY_ECHO,
  'printf "$1"; stty -echo; while IFS= read -rsn1 c; do printf "%q" "$c"; done\n',
);
const keyEcho = (name: string, setup: string) => `${name}=bash ${KEY_ECHO} '${setup}'`;

const PASTE_ON = '\\033[?2004h';
const APP_CURSOR_ON = '\\033[?1h';

/** An SGR mouse report at a 0-based cell. */
const mouse = (button: number, x: number, y: number, release = false) =>
  `\x1b[<${button};${x + 1};${y + 1}${release ? 'm' : 'M'}`;
const WHEEL_UP = 64;

let tui: Tui | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

function start(args: string[]): Tui {
  tui = new Tui({ args });
  return tui;
}

describe('input routing in a real terminal', () => {
  it('re-encodes cursor keys for a pane in application-cursor mode only', async () => {
    const t = start(['-w', keyEcho('app', APP_CURSOR_ON), '-w', keyEcho('normal', '')]);
    await t.waitFor(/app · .*(idle|working|starting) \(/);
    t.write('i');
    await t.waitFor(/INSERT\s+app/);
    t.write(KEY.up);
    // bash reads ESC on its own, so SS3 up shows as $'\E' then OA.
    await t.waitFor("$'\\E'OA");
    t.write(KEY.ctrlB + '2');
    await t.waitFor(/INSERT\s+normal/);
    t.write(KEY.up);
    await t.waitFor("$'\\E'\\[A");
  });

  it('passes paste markers only to panes that enabled bracketed paste', async () => {
    const t = start(['-w', keyEcho('bracketed', PASTE_ON), '-w', keyEcho('plain', '')]);
    await t.waitFor(/bracketed · .*(idle|working|starting) \(/);
    t.write('i');
    await t.waitFor(/INSERT\s+bracketed/);
    t.write('\x1b[200~pq\x1b[201~');
    await t.waitFor("$'\\E'\\[200\\~pq$'\\E'\\[201\\~");
    t.write(KEY.ctrlB + '2');
    await t.waitFor(/INSERT\s+plain/);
    t.write('\x1b[200~xy\x1b[201~');
    await t.waitFor((s) => s.split('\n').some((line) => /[│║]xy\s*[│║]/.test(line)));
    expect(t.screen()).not.toContain('200\\~xy');
  });

  it('focuses a pane on click and scrolls its scrollback with the wheel', async () => {
    const t = start(['-w', 'left=seq 1 200; exec cat', '-w', 'right=seq 1 200; exec cat']);
    await t.waitFor(/NAVIGATE\s+left/);
    await t.waitFor((s) => (s.match(/200/g) ?? []).length >= 2);
    t.write(mouse(0, 90, 10) + mouse(0, 90, 10, true));
    await t.waitFor(/NAVIGATE\s+right/);
    for (let i = 0; i < 3; i++) t.write(mouse(WHEEL_UP, 90, 10));
    await t.waitFor(/↑ 9 lines/);
    // Any key in INSERT returns the view to the bottom.
    t.write('i');
    await t.waitFor(/INSERT\s+right/);
    t.write('z');
    await t.waitFor((s) => !s.includes('↑ 9 lines'));
  });

  it('opens and closes the help overlay listing the keys', async () => {
    const t = start(['-w', 'one=exec cat']);
    await t.waitFor(/NAVIGATE\s+one/);
    t.write('?');
    // One frame can arrive in several reads: wait for all of it.
    const wanted = ['keys · multibot-tui', 'zoom', 'ctrl-b', 'quit', 'pause'];
    await t.waitFor((screen) => wanted.every((text) => screen.toLowerCase().includes(text)));
    t.write(KEY.escape);
    await t.waitFor((s) => !s.includes('keys · multibot-tui'));
  });
});

describe('refusals', () => {
  it('refuses to run without a terminal, saying why', () => {
    const result = spawnSync(process.execPath, [CLI], { input: '', encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('needs an interactive terminal');
  });
});

import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIRM_HINT, ConfirmDialog } from '../../components/ConfirmDialog.js';
import { BORDER, SCREEN, onScreen, screenLines } from './support.js';

const TITLE = 'Quit?';
const MESSAGE =
  'Two workers are still running. Quitting ends their process groups: SIGTERM now, SIGKILL after the grace period.';

afterEach(() => cleanup());

describe('ConfirmDialog', () => {
  it('shows the title in its border, the whole message wrapped, and the keys', () => {
    const view = render(
      onScreen(<ConfirmDialog title={TITLE} message={MESSAGE} screen={SCREEN} />),
    );
    const lines = screenLines(view.lastFrame());
    const top = lines.findIndex((l) => l.includes(`${BORDER.focusedTopLeft}═ ${TITLE} ═`));
    expect(top).toBeGreaterThanOrEqual(0);
    const body = lines
      .slice(top + 1)
      .map((l) => l.replace(/[║]/g, '').trim())
      .filter(Boolean);
    expect(body.slice(0, -2).join(' ')).toBe(MESSAGE);
    expect(body.at(-2)).toBe(CONFIRM_HINT);
    expect(lines).toHaveLength(SCREEN.rows);
  });

  it('is centred on the screen above the status bar', () => {
    const screen = { cols: 80, rows: 21 };
    const view = render(
      onScreen(<ConfirmDialog title={TITLE} message="Sure?" screen={screen} />, screen),
    );
    const lines = screenLines(view.lastFrame());
    const rows = lines.flatMap((l, i) => (l.trim() ? [i] : []));
    const first = rows[0] ?? 0;
    const last = rows.at(-1) ?? 0;
    // 20 rows above the status bar; the margins above and below differ by at most one.
    expect(Math.abs(first - (screen.rows - 2 - last))).toBeLessThanOrEqual(1);
    const left = lines[first]?.indexOf(BORDER.focusedTopLeft) ?? 0;
    const right = screen.cols - Array.from(lines[first] ?? '').length;
    expect(Math.abs(left - right)).toBeLessThanOrEqual(1);
  });
});

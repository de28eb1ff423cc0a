import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Timeline } from '../../../components/replay/Timeline.js';
import { createReplayStore } from '../../../src/replay/replayStore.js';
import { barColumn, timelineLine } from '../../../src/replay/timelineText.js';
import { onScreen, screenLines, settle } from '../support.js';

afterEach(() => cleanup());

const WIDTH = 80;

function renderTimeline() {
  const store = createReplayStore({
    positionMs: 0,
    durationMs: 600_000,
    markers: [
      { timeMs: 150_000, label: 'a', panes: null },
      { timeMs: 450_000, label: 'b', panes: null },
    ],
  });
  const rect = { x: 0, y: 0, width: WIDTH, height: 1 };
  const view = render(onScreen(<Timeline store={store} rect={rect} />, { cols: WIDTH, rows: 1 }));
  return { store, line: () => screenLines(view.lastFrame())[0] ?? '' };
}

describe('Timeline', () => {
  it('shows play state, position, duration, speed, markers and the head', async () => {
    const { store, line } = renderTimeline();
    expect(line()).toMatch(/^❚❚ 00:00 \/ 10:00 {2}×1 {2}●─*\|─*\|─*$/);
    expect(Array.from(line())).toHaveLength(WIDTH);
    store.setState({ playing: true, positionMs: 300_000, speed: 4 });
    await settle();
    const text = line();
    expect(text.startsWith('▶ 05:00 / 10:00  ×4  ')).toBe(true);
    const head = '▶ 05:00 / 10:00  ×4  '.length;
    const bar = Array.from(text).slice(head);
    const at = bar.indexOf('●');
    expect(at).toBe(barColumn(300_000, 600_000, bar.length));
    expect(bar.filter((c) => c === '|')).toHaveLength(2);
    expect(bar.indexOf('|')).toBeLessThan(at);
  });

  it('says when the session is live and when idle gaps are compressed', async () => {
    const { store, line } = renderTimeline();
    store.setState({ live: true, idleLimitS: 2 });
    await settle();
    expect(line()).toMatch(/─ idle ≤ 2 s live$/);
  });

  it('drops the bar, not the clock, when narrow', () => {
    const line = timelineLine(
      {
        positionMs: 1_000,
        durationMs: 2_000,
        playing: true,
        speed: 1,
        live: false,
        idleLimitS: null,
        markers: [],
      },
      22,
    );
    expect(line.bar).toBe('');
    expect(line.head).toBe('▶ 00:01 / 00:02  ×1   ');
  });
});

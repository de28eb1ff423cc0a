import {
  SessionRecorder,
  type SessionRecorderOptions,
} from '../../../src/recording/sessionRecorder.js';
import { PaneScreen } from '../../../src/terminal/paneScreen.js';
import { FakeClock } from '../../helpers/fakeClock.js';
import type { Step } from './sample.js';

export const START = { cols: 60, rows: 20, command: 'claude --resume', title: 'worker 1' };
export const WALL_START = 1_700_000_000_000;

/**
 * Plays `steps` into a recorder as pane "w1" on a fake clock; "w2" starts a second in,
 * prints a little and ends, so the manifest has a late pane and an ended one.
 */
export async function recordSteps(
  dir: string,
  steps: readonly Step[],
  options: Partial<SessionRecorderOptions> = {},
): Promise<{ recorder: SessionRecorder; clock: FakeClock }> {
  const clock = new FakeClock();
  const recorder = await SessionRecorder.open({
    dir,
    clock,
    wallClock: () => WALL_START,
    env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
    keyframes: { everyChars: 1500, everySeconds: 10 },
    ...options,
  });
  recorder.startPane('w1', START);
  recorder.layoutChanged({ panes: ['w1'], focus: 'w1', zoom: null });
  let second = false;
  for (const step of steps) {
    switch (step.kind) {
      case 'output':
        recorder.output('w1', step.data);
        break;
      case 'resize':
        recorder.resize('w1', step.cols, step.rows);
        break;
      case 'marker':
        recorder.marker(step.label);
        break;
      case 'wait':
        clock.advance(step.ms);
        break;
    }
    if (!second && recorder.now() >= 1000) {
      second = true;
      recorder.startPane('w2', { cols: 30, rows: 5, command: 'bash' });
      recorder.layoutChanged({ panes: ['w1', 'w2'], focus: 'w2', zoom: null });
      recorder.output('w2', '$ echo hi\r\nhi\r\n');
      recorder.marker('w2 only', ['w2']);
      clock.advance(100);
      recorder.endPane('w2');
      recorder.layoutChanged({ panes: ['w1'], focus: 'w1', zoom: 'w1' });
    }
  }
  return { recorder, clock };
}

/** The live pane's emulator fed the same steps: what the user saw at the end. */
export async function liveScreen(steps: readonly Step[]): Promise<PaneScreen> {
  const screen = new PaneScreen({ cols: START.cols, rows: START.rows, scrollback: 5000 });
  for (const step of steps) {
    if (step.kind === 'output') {
      await new Promise<void>((resolve) => screen.write(step.data, resolve));
    } else if (step.kind === 'resize') {
      screen.resize(step.cols, step.rows);
    }
  }
  return screen;
}

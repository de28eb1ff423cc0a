import { describe, expect, it } from 'vitest';
import {
  FLOW_HIGH_WATERMARK_CHARS,
  FLOW_LOW_WATERMARK_CHARS,
  FlowController,
} from '../../../src/pty/flowControl.js';

function controller(high = 100, low = 10) {
  const calls: string[] = [];
  const flow = new FlowController({
    high,
    low,
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
  });
  return { flow, calls };
}

describe('FlowController', () => {
  it("uses vscode's watermarks by default", () => {
    expect(FLOW_HIGH_WATERMARK_CHARS).toBe(100_000);
    expect(FLOW_LOW_WATERMARK_CHARS).toBe(5_000);
    const calls: string[] = [];
    const flow = new FlowController({
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
    });
    flow.onData(100_000);
    expect(calls).toEqual([]);
    flow.onData(1);
    expect(calls).toEqual(['pause']);
    flow.ack(95_001);
    expect(calls).toEqual(['pause']);
    flow.ack(1);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('pauses once above the high watermark, not at it', () => {
    const { flow, calls } = controller();
    flow.onData(100);
    expect(flow.paused).toBe(false);
    flow.onData(1);
    expect(flow.paused).toBe(true);
    expect(flow.unacknowledged).toBe(101);
    flow.onData(500);
    expect(calls).toEqual(['pause']);
  });

  it('resumes once below the low watermark, not at it', () => {
    const { flow, calls } = controller();
    flow.onData(150);
    flow.ack(140);
    expect(flow.unacknowledged).toBe(10);
    expect(flow.paused).toBe(true);
    flow.ack(1);
    expect(flow.paused).toBe(false);
    flow.ack(5);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('never resumes what it did not pause', () => {
    const { flow, calls } = controller();
    flow.onData(50);
    flow.ack(50);
    expect(calls).toEqual([]);
  });

  it('cycles pause and resume as data keeps coming', () => {
    const { flow, calls } = controller();
    for (let round = 0; round < 3; round += 1) {
      flow.onData(200);
      flow.ack(200);
    }
    expect(calls).toEqual(['pause', 'resume', 'pause', 'resume', 'pause', 'resume']);
  });

  it('does not count below zero on an extra ack', () => {
    const { flow } = controller();
    flow.onData(5);
    flow.ack(50);
    expect(flow.unacknowledged).toBe(0);
  });

  it('rejects watermarks that cannot work', () => {
    const noop = () => undefined;
    expect(() => new FlowController({ high: 10, low: 10, pause: noop, resume: noop })).toThrow(
      RangeError,
    );
    expect(() => new FlowController({ high: 10, low: -1, pause: noop, resume: noop })).toThrow(
      RangeError,
    );
  });
});

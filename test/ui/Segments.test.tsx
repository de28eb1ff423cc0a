import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Segments, drawnRuns, fitSegments } from '../../components/Segments.js';

describe('drawnRuns', () => {
  it('leaves out the trailing unstyled spaces a fitted line is padded with', () => {
    const line = fitSegments([{ text: 'T1', bold: true }, { text: ' ready' }], 40);
    expect(drawnRuns(line)).toEqual([{ text: 'T1', bold: true }, { text: ' ready' }]);
  });

  it('keeps trailing spaces that show: styled, or the cursor', () => {
    const cursor = [{ text: '/task' }, { text: ' ', inverse: true }, { text: '    ' }];
    expect(drawnRuns(cursor)).toEqual([{ text: '/task' }, { text: ' ', inverse: true }]);
    expect(drawnRuns([{ text: 'a' }, { text: '  ', dim: true }])).toEqual([
      { text: 'a' },
      { text: '  ', dim: true },
    ]);
  });

  it('joins neighbours in the same style into one run', () => {
    const runs = drawnRuns([
      { text: 'a', dim: true },
      { text: 'b', dim: true, bold: false },
      { text: 'c', color: 'red' },
      { text: 'd', color: 'red' },
      { text: ' ' },
      { text: 'e' },
    ]);
    expect(runs).toEqual([{ text: 'ab', dim: true }, { text: 'cd', color: 'red' }, { text: ' e' }]);
  });

  it('keeps one cell of an empty line, so that it still takes its row', () => {
    expect(drawnRuns(fitSegments([], 30))).toEqual([{ text: ' ' }]);
    expect(drawnRuns([])).toEqual([{ text: ' ' }]);
  });

  it('draws the same text as the segments it was given', () => {
    const segments = fitSegments(
      [{ text: 'one', bold: true }, { text: ' · ' }, { text: 'two', color: 'cyan' }],
      20,
    );
    const { lastFrame } = render(<Segments segments={segments} />);
    expect(lastFrame()).toBe('one · two');
  });
});

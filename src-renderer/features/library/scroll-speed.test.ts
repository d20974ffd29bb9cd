import { describe, expect, it } from 'vitest';
import { FAST_SCROLL_PX_PER_S, isFastScroll, nextScrollSpeed, STILL } from './scroll-speed.ts';

const run = (samples: [offset: number, at: number][]) =>
  samples.reduce((s, [offset, at]) => nextScrollSpeed(s, offset, at), STILL);

describe('scroll speed', () => {
  it('a fling (400 px a frame) is fast; reading pace (5 px a frame) is not', () => {
    const fling = run([
      [0, 0],
      [400, 16],
      [800, 33],
      [1200, 50],
    ]);
    expect(fling.pxPerS).toBeGreaterThan(FAST_SCROLL_PX_PER_S);
    expect(isFastScroll(fling, true)).toBe(true);
    const reading = run([
      [0, 0],
      [5, 16],
      [10, 33],
      [15, 50],
    ]);
    expect(reading.pxPerS).toBeLessThan(FAST_SCROLL_PX_PER_S);
    expect(isFastScroll(reading, true)).toBe(false);
  });

  it('is not fast once the scroll has stopped, whatever the last speed', () => {
    expect(
      isFastScroll(
        run([
          [0, 0],
          [400, 16],
          [800, 33],
        ]),
        false,
      ),
    ).toBe(false);
  });

  it('starts over after a pause instead of averaging across it', () => {
    const resumed = run([
      [0, 0],
      [400, 16],
      [800, 33],
      [805, 1000],
    ]);
    expect(resumed.pxPerS).toBe(0);
    expect(
      run([
        [0, 0],
        [400, 16],
        [800, 33],
        [805, 1000],
        [810, 1016],
      ]).pxPerS,
    ).toBeLessThan(FAST_SCROLL_PX_PER_S);
  });

  it('slowing down brings it under the threshold within a few frames', () => {
    const samples: [number, number][] = [
      [0, 0],
      [400, 16],
      [800, 33],
      [1200, 50],
    ];
    let offset = 1200;
    for (let frame = 4; frame < 9; frame++) samples.push([(offset += 10), frame * 16.7]);
    expect(isFastScroll(run(samples), true)).toBe(false);
  });

  it('ignores a repeated or out-of-order timestamp', () => {
    expect(nextScrollSpeed({ offset: 0, at: 10, pxPerS: 9000 }, 400, 10).pxPerS).toBe(0);
    expect(nextScrollSpeed({ offset: 0, at: 10, pxPerS: 9000 }, 400, 5).pxPerS).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { formatDuration, resolutionLabel } from './video-info.ts';

describe('video facts in words', () => {
  it('formats a length as m:ss (h:mm:ss past an hour)', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(5_000)).toBe('0:05');
    expect(formatDuration(15_400)).toBe('0:15');
    expect(formatDuration(75_000)).toBe('1:15');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('names the resolution by the short side, whatever the aspect ratio', () => {
    expect(resolutionLabel(1280, 720)).toBe('720p');
    expect(resolutionLabel(540, 960)).toBe('540p');
    expect(resolutionLabel(720, 720)).toBe('720p');
  });
});

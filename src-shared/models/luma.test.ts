import { describe, expect, it } from 'vitest';
import {
  buildLumaModelInput,
  isCameraMove,
  lumaFrameSize,
  pathPriceMicroUsd,
  segmentCount,
  segmentPrompt,
} from './luma.ts';
import { videoPricePerSecond } from './video-prices.ts';

describe('Luma Ray2 requests', () => {
  it('builds modelInput with frame0 and frame1 keyframes as the AWS page documents them', () => {
    const input = buildLumaModelInput({
      prompt: 'a red door',
      camera: 'push-in',
      aspectRatio: '4:3',
      duration: '9s',
      resolution: '540p',
      loop: true,
      frame0: { base64: 'AAAA', mediaType: 'image/png' },
      frame1: { base64: 'BBBB', mediaType: 'image/jpeg' },
    });
    expect(input).toEqual({
      prompt: 'a red door. the camera pushes in slowly.',
      aspect_ratio: '4:3',
      // An end frame decides the last frame: loop is not asked for with one.
      loop: false,
      duration: '9s',
      resolution: '540p',
      keyframes: {
        frame0: { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
        frame1: { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'BBBB' } },
      },
    });
  });

  it('sends a one-image clip from frame0 alone, loop kept, and free-text moves as written', () => {
    const input = buildLumaModelInput({
      prompt: ' waves ',
      camera: 'slow drift over the water',
      aspectRatio: '16:9',
      duration: '5s',
      resolution: '720p',
      loop: true,
      frame0: { base64: 'AAAA', mediaType: 'image/png' },
    });
    expect(input.prompt).toBe('waves. slow drift over the water.');
    expect(input.loop).toBe(true);
    expect(Object.keys(input.keyframes ?? {})).toEqual(['frame0']);
    expect(isCameraMove('orbit-left')).toBe(true);
    expect(isCameraMove('slow drift')).toBe(false);
    expect(segmentPrompt('x', 'static')).toContain('does not move');
  });

  it('counts one segment per pair (one for a single image) and frame sizes per aspect', () => {
    expect([1, 2, 3, 32].map(segmentCount)).toEqual([1, 1, 2, 31]);
    expect(lumaFrameSize('720p', '16:9')).toEqual({ width: 1280, height: 720 });
    expect(lumaFrameSize('540p', '9:16')).toEqual({ width: 540, height: 960 });
    expect(lumaFrameSize('720p', '21:9')).toEqual({ width: 1680, height: 720 });
  });

  it('prices a path per second by resolution; an unknown price stays null, never $0', () => {
    const per = videoPricePerSecond('luma.ray-v2:0', '720p');
    expect(per).toEqual({ microUsdPerSecond: 1_500_000, key: 'luma-ray2/720p', source: 'catalog:2026-12-01' });
    expect(pathPriceMicroUsd(per.microUsdPerSecond, 2, '9s')).toEqual({ perSegment: 13_500_000, total: 27_000_000 });
    expect(videoPricePerSecond('luma.ray-v2:0', '540p', { 'luma-ray2/540p': 500_000 })).toMatchObject({
      microUsdPerSecond: 500_000,
      source: 'user',
    });
    const unknown = videoPricePerSecond('some.other-video-v1:0', '720p');
    expect(unknown.microUsdPerSecond).toBeNull();
    expect(pathPriceMicroUsd(unknown.microUsdPerSecond, 3, '5s')).toEqual({ perSegment: null, total: null });
  });
});

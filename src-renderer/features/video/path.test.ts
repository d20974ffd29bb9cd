import { describe, expect, it } from 'vitest';
import { VideoRequestSchema } from '../../../src-shared/contract/video.ts';
import {
  addImages,
  cameraValue,
  draftIssues,
  moveImage,
  newDraft,
  priceWords,
  removeImage,
  segments,
  setCamera,
  videoRequest,
} from './path.ts';
import type { PathDraft } from './path.ts';

const img = (id: string) => ({ id, label: `Image ${id}` });
const ids = (d: { images: { id: string }[] }) => d.images.map((i) => i.id);

describe('the camera path draft', () => {
  it('keeps one move per segment: one image makes one clip, N images N − 1 segments', () => {
    expect(newDraft([img('1')]).cameras).toHaveLength(1);
    expect(segments(newDraft([img('1')]))).toEqual([{ from: img('1'), to: null }]);
    const three = newDraft([img('1'), img('2'), img('3')]);
    expect(three.cameras).toHaveLength(2);
    expect(segments(three).map((s) => [s.from.id, s.to?.id])).toEqual([
      ['1', '2'],
      ['2', '3'],
    ]);
  });

  it('drops duplicates and stops at 32 images', () => {
    const many = Array.from({ length: 40 }, (_, i) => img(String(i + 1)));
    expect(newDraft([img('1'), img('1'), img('2')]).images).toHaveLength(2);
    const full = newDraft(many);
    expect(full.images).toHaveLength(32);
    expect(full.cameras).toHaveLength(31);
    expect(addImages(full, [img('99')]).images).toHaveLength(32);
  });

  it('reorders, removes and adds, keeping the moves of the segments that stay', () => {
    let d = newDraft([img('1'), img('2'), img('3')]);
    d = setCamera(d, 1, { preset: 'orbit-left' });
    expect(ids(moveImage(d, 2, 0))).toEqual(['3', '1', '2']);
    expect(ids(moveImage(d, 0, 9))).toEqual(['2', '3', '1']);
    expect(moveImage(d, 1, 1)).toBe(d);
    const removed = removeImage(d, 1);
    expect(ids(removed)).toEqual(['1', '3']);
    expect(removed.cameras.map(cameraValue)).toEqual(['orbit-left']);
    const added = addImages(removed, [img('3'), img('4')]);
    expect(ids(added)).toEqual(['1', '3', '4']);
    expect(added.cameras.map(cameraValue)).toEqual(['orbit-left', 'push-in']);
    expect(removeImage(newDraft([img('1')]), 0).images).toEqual([]);
  });

  it('says what blocks Render', () => {
    const d = newDraft([img('1'), img('2')]);
    expect(draftIssues(d)).toEqual(['Describe the video in the prompt.']);
    const ready = { ...d, prompt: 'a quiet harbour at dawn' };
    expect(draftIssues(ready)).toEqual([]);
    expect(draftIssues(setCamera(ready, 0, { free: '  ' }))).toEqual(['Describe the camera move of segment 1.']);
    expect(draftIssues({ ...ready, images: [] })).toContain('Add at least one image.');
  });

  it('builds a request the contract accepts, free text sent as written', () => {
    let d: PathDraft = { ...newDraft([img('1'), img('2'), img('3')], '  harbour  '), loop: true, resolution: '540p' };
    d = setCamera(d, 0, { free: 'slow dolly zoom' });
    const request = videoRequest(d, 'work');
    expect(request).toMatchObject({
      imageIds: ['1', '2', '3'],
      cameras: ['slow dolly zoom', 'push-in'],
      prompt: 'harbour',
      loop: true,
      resolution: '540p',
      profile: 'work',
    });
    expect(VideoRequestSchema.safeParse(request).success).toBe(true);
    expect(videoRequest(d, null)).not.toHaveProperty('profile');
  });

  it('words the price, and an unknown price is never $0', () => {
    const known = { segments: 2, seconds: 10, perSecondMicroUsd: 1_500_000, totalMicroUsd: 15_000_000, source: 'x' };
    expect(priceWords(known)).toBe('$15.00 (2 segments, 10 s of video at $1.50/s)');
    const unknown = { ...known, perSecondMicroUsd: null, totalMicroUsd: null };
    expect(priceWords(unknown)).toMatch(/^price unknown/);
    expect(priceWords(unknown)).not.toContain('$0');
  });
});

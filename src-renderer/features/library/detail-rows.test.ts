import { describe, expect, it } from 'vitest';
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import type { VideoJob } from '../../../src-shared/contract/video.ts';
import { detailRows, modelRow, videoDetailRows } from './detail-rows.ts';

type ImageDetail = CallResponse<'images.get'>['image'];
type JobInfo = CallResponse<'jobs.get'>;

const image = (over: Partial<ImageDetail> = {}): ImageDetail =>
  ({
    id: '7',
    prompt: 'a lighthouse',
    negativePrompt: null,
    modelId: 'amazon.nova-canvas-v1:0',
    width: 1024,
    height: 1024,
    source: 'generated',
    createdAt: '2026-03-15T10:00:00.000Z',
    mimeType: 'image/png',
    bytes: 2048,
    rating: 0,
    sha256: 'ab'.repeat(32),
    profile: 'default',
    region: 'us-east-1',
    ...over,
  }) as ImageDetail;

const job = (params: Record<string, unknown>, priceMicroUsd: number | null = 40_000): JobInfo =>
  ({ job: { profile: 'default', region: 'us-east-1', priceMicroUsd }, params }) as unknown as JobInfo;

const labels = (rows: { label: string }[]) => rows.map((r) => r.label);

describe('detail rows', () => {
  it('names the model, with its id on hover; an unknown model is shown by its id', () => {
    expect(modelRow('amazon.nova-canvas-v1:0')).toEqual({
      label: 'Model',
      value: 'Nova Canvas',
      title: 'amazon.nova-canvas-v1:0',
    });
    expect(modelRow('sd_xl_base_1.0')).toEqual({ label: 'Model', value: 'sd_xl_base_1.0' });
    expect(modelRow(null)).toBeNull();
  });

  it('shows only the fields the model has: no rows of "—"', () => {
    const rows = detailRows(image(), job({ task: 'text-to-image', cfgScale: 6.5, quality: 'standard' }), []);
    expect(labels(rows)).toEqual([
      'Prompt',
      'Model',
      'Size',
      'Task',
      'CFG scale',
      'Quality',
      'Cost',
      'Profile / region',
      'Created',
      'Source',
      'File',
      'SHA-256',
    ]);
    expect(rows.map((r) => r.value)).not.toContain('—');
    expect(rows.find((r) => r.label === 'Cost')?.value).toBe('$0.04');
  });

  it('keeps an unknown price as "unknown" for a generation; an import has no cost nor profile', () => {
    expect(detailRows(image(), job({ task: 'text-to-image' }, null), []).find((r) => r.label === 'Cost')?.value).toBe(
      'unknown',
    );
    const imported = labels(detailRows(image({ source: 'imported', modelId: null }), null, ['fox']));
    expect(imported).not.toContain('Cost');
    expect(imported).not.toContain('Profile / region');
    expect(imported).not.toContain('Model');
    expect(imported).toContain('Tags');
  });
});

describe('a video’s detail rows', () => {
  const videoJob = {
    segments: [{ camera: 'orbit-left' }, { camera: 'slow crane over the masts' }],
    duration: '5s',
    aspectRatio: '16:9',
    loop: false,
    chargedMicroUsd: 7_500_000,
    uncertainMicroUsd: 0,
    region: 'us-west-2',
  } as unknown as VideoJob;

  it('says what the path was and what it cost, and leaves out the poster’s file facts', () => {
    const rows = videoDetailRows(image({ media: 'video', modelId: 'luma.ray-v2:0' }), videoJob, ['dawn']);
    expect(Object.fromEntries(rows.map((r) => [r.label, r.value]))).toMatchObject({
      Model: 'Luma Ray2',
      'Camera moves': 'orbit-left → slow crane over the masts',
      Clips: '2 × 5s, 16:9',
      Cost: '$7.50',
      Region: 'us-west-2',
      Tags: 'dawn',
    });
    expect(labels(rows)).not.toContain('SHA-256');
    expect(labels(rows)).not.toContain('File');
  });

  it('says "unknown" for the cost until the job is known, never $0', () => {
    const rows = videoDetailRows(image({ media: 'video' }), null, []);
    expect(rows.find((r) => r.label === 'Cost')?.value).toBe('unknown');
  });
});

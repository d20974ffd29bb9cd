import { describe, expect, it } from 'vitest';
import { formatA1111Parameters, parseA1111Parameters } from './a1111.ts';
import type { A1111Parameters } from './a1111.ts';

describe('formatA1111Parameters', () => {
  it('writes the A1111 layout', () => {
    const text = formatA1111Parameters({
      prompt: 'a lighthouse at dusk',
      negativePrompt: 'blurry',
      steps: 30,
      sampler: 'K_EULER',
      cfgScale: 7,
      seed: 42,
      width: 1024,
      height: 1024,
      model: 'stability.stable-diffusion-xl-v1',
      extra: {},
    });
    expect(text).toBe(
      'a lighthouse at dusk\nNegative prompt: blurry\n' +
        'Steps: 30, Sampler: K_EULER, CFG scale: 7, Seed: 42, Size: 1024x1024, Model: stability.stable-diffusion-xl-v1',
    );
  });

  it('omits an absent or empty negative prompt and quotes values that need it', () => {
    const text = formatA1111Parameters({
      prompt: 'p',
      negativePrompt: '',
      steps: 5,
      extra: { 'Style preset': 'neon, punk', Note: 'say "hi"' },
    });
    expect(text).toBe('p\nSteps: 5, Style preset: "neon, punk", Note: "say \\"hi\\""');
  });

  it('writes only the prompt when nothing else is known', () => {
    expect(formatA1111Parameters({ prompt: 'just this', extra: {} })).toBe('just this');
  });
});

describe('parseA1111Parameters', () => {
  it('parses the real A1111 sample', () => {
    const p = parseA1111Parameters(
      'photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5, Seed: 235284042, Size: 512x400, Model hash: c0d1994c73, Model: realistic_realisticVisionV20_v20',
    );
    expect(p).toEqual({
      prompt: 'photo of a duck',
      negativePrompt: 'monochrome',
      steps: 15,
      sampler: 'UniPC',
      cfgScale: 5,
      seed: 235284042,
      width: 512,
      height: 400,
      model: 'realistic_realisticVisionV20_v20',
      extra: { 'Model hash': 'c0d1994c73' },
    });
  });

  it('keeps multi-line prompts and negative prompts', () => {
    const p = parseA1111Parameters(
      'line one,\nline two: with colon\n\nline four\nNegative prompt: bad,\nugly\nSteps: 20, Sampler: Euler a, CFG scale: 6.5, Seed: 1',
    );
    expect(p.prompt).toBe('line one,\nline two: with colon\n\nline four');
    expect(p.negativePrompt).toBe('bad,\nugly');
    expect(p.sampler).toBe('Euler a');
    expect(p.cfgScale).toBe(6.5);
  });

  it('handles a missing negative prompt', () => {
    const p = parseA1111Parameters('a cat\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 3');
    expect(p.prompt).toBe('a cat');
    expect(p.negativePrompt).toBeUndefined();
    expect(p.seed).toBe(3);
  });

  it('unquotes values containing commas, colons and escaped quotes', () => {
    const p = parseA1111Parameters(
      'x\nSteps: 20, Lora hashes: "a: 1, b: 2", Sampler: DPM++ 2M, TI: "say \\"hi\\"", Seed: 9, Version: v1.9.4',
    );
    expect(p.extra).toEqual({ 'Lora hashes': 'a: 1, b: 2', TI: 'say "hi"', Version: 'v1.9.4' });
    expect(p.sampler).toBe('DPM++ 2M');
    expect(p.steps).toBe(20);
    expect(p.seed).toBe(9);
  });

  it('treats a last line with fewer than three settings as prompt text', () => {
    const p = parseA1111Parameters('portrait\nstyle: oil, mood: calm');
    expect(p.prompt).toBe('portrait\nstyle: oil, mood: calm');
    expect(p.steps).toBeUndefined();
    expect(p.extra).toEqual({});
  });

  it('keeps odd values in extra instead of inventing numbers', () => {
    const p = parseA1111Parameters('x\nSteps: many, Seed: 18446744073709551615, Size: big, CFG scale: high');
    expect(p.steps).toBeUndefined();
    expect(p.seed).toBeUndefined();
    expect(p.extra).toEqual({ Steps: 'many', Seed: '18446744073709551615', Size: 'big', 'CFG scale': 'high' });
  });

  it('accepts CRLF line ends and an empty string', () => {
    expect(parseA1111Parameters('a\r\nNegative prompt: b\r\nSteps: 1, Seed: 2, Sampler: c').negativePrompt).toBe('b');
    expect(parseA1111Parameters('')).toEqual({ prompt: '', extra: {} });
  });

  it('round-trips through format', () => {
    const cases: A1111Parameters[] = [
      {
        prompt: 'a, b\nc',
        negativePrompt: 'd\ne',
        steps: 30,
        sampler: 'K_DPMPP_2M',
        cfgScale: 7.5,
        seed: 4294967295,
        width: 832,
        height: 1216,
        model: 'stability.sd3-5-large-v1:0',
        extra: { 'Style preset': 'photographic', Quoted: 'x, y: z' },
      },
      { prompt: 'only a prompt', seed: 0, steps: 1, cfgScale: 0, extra: {} },
    ];
    for (const p of cases) expect(parseA1111Parameters(formatA1111Parameters(p))).toEqual(p);
  });
});

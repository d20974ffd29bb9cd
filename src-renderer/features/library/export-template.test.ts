import { describe, expect, it } from 'vitest';
import { extensionOf, previewName, promptForName, templateProblem, templateValues } from './export-template.ts';

const image = { id: '12', prompt: 'a knight / on a "horse"', seed: 42, modelId: 'amazon.nova-canvas-v1:0', createdAt: '2026-03-04T10:00:00.000Z', width: 1024, height: 768, mimeType: 'image/png' };

describe('export template preview', () => {
  it('names a file from the fields, values never create folders, the template does', () => {
    const values = templateValues(image, 3, 120, 'Hero pack');
    expect(previewName('{prompt}_{seed}', values, 'png')).toBe('a knight _ on a _horse_42.png');
    expect(previewName('{collection}/{index}-{seed}', values, extensionOf(image.mimeType))).toBe('Hero pack/003-42.png');
    expect(previewName('{date}_{width}x{height}.png', values, 'png')).toBe('2026-03-04_1024x768.png');
  });

  it('falls back to image-<id> when every field is empty, and drops empty folders', () => {
    const values = templateValues({ ...image, prompt: null, seed: null }, 1, 1, null);
    expect(previewName('{collection}/{prompt}_{seed}', values, 'jpg')).toBe('image-12.jpg');
  });

  it('reports unknown fields and empty templates', () => {
    expect(templateProblem('{prompt}_{seed}')).toBeNull();
    expect(templateProblem('  ')).toMatch(/empty/);
    expect(templateProblem('{prompt}_{sampler}')).toMatch(/Unknown field \{sampler\}/);
  });

  it('cuts long prompts at a word boundary', () => {
    const long = 'word '.repeat(40);
    const cut = promptForName(long);
    expect(cut.length).toBeLessThanOrEqual(60);
    expect(cut.endsWith('word')).toBe(true);
  });
});

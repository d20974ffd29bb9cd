import { describe, expect, it } from 'vitest';
import {
  COLLECTION_TEMPLATE,
  DEFAULT_TEMPLATE,
  extensionOf,
  MAX_COMPONENT_BYTES,
  parseTemplate,
  previewName,
  promptForName,
  renderTemplate,
  safeComponent,
  slugForName,
  templateProblem,
  templateValues,
  truncateBytes,
  type TemplateValues,
} from './file-names.ts';

const values = (over: Partial<TemplateValues> = {}): TemplateValues => ({
  collection: 'Sprites',
  prompt: 'a red dragon',
  slug: 'a-red-dragon',
  seed: '42',
  model: 'stability.sd3-5-large-v1:0',
  id: '7',
  date: '2026-03-15',
  index: '003',
  width: '1024',
  height: '768',
  ...over,
});

describe('parseTemplate', () => {
  it('drops a trailing image extension (the image format decides it) and refuses unknown fields', () => {
    expect(parseTemplate('{collection}/{prompt}_{seed}.png')).toBe('{collection}/{prompt}_{seed}');
    expect(parseTemplate('{id}.JPG')).toBe('{id}');
    expect(() => parseTemplate('{prompt}_{sede}')).toThrow(/\{sede\}, which Easel does not know/);
    expect(() => parseTemplate('  ')).toThrow(/empty/);
  });
});

describe('renderTemplate', () => {
  it('fills every field and makes folders only from the template', () => {
    expect(renderTemplate('{collection}/{index}_{prompt}_{seed}', values(), 'x')).toEqual([
      'Sprites',
      '003_a red dragon_42',
    ]);
    expect(renderTemplate('{model}/{date}/{id}_{width}x{height}', values(), 'x')).toEqual([
      'stability.sd3-5-large-v1_0',
      '2026-03-15',
      '7_1024x768',
    ]);
  });

  it('never escapes the folder: slashes and dots in values stay inside one name', () => {
    const evil = values({ prompt: '../../../etc/passwd', collection: '..' });
    expect(renderTemplate('{collection}/{prompt}', evil, 'x')).toEqual(['etc_passwd']);
    expect(renderTemplate('../{prompt}', values({ prompt: '..\\..\\win' }), 'x')).toEqual(['win']);
    expect(renderTemplate('/abs/{id}', values(), 'x')).toEqual(['abs', '7']);
    for (const segment of renderTemplate('{prompt}/{prompt}', values({ prompt: '..' }), 'fallback'))
      expect(segment).not.toMatch(/^\.|[/\\]/);
  });

  it('drops separators left by empty values and empty folders; an empty name gets the fallback', () => {
    expect(renderTemplate('{prompt}_{seed}', values({ seed: '' }), 'x')).toEqual(['a red dragon']);
    expect(renderTemplate('{collection}/{prompt}_{seed}', values({ collection: '' }), 'x')).toEqual([
      'a red dragon_42',
    ]);
    expect(renderTemplate('{prompt}', values({ prompt: '' }), 'image-7')).toEqual(['image-7']);
  });
});

describe('safeComponent', () => {
  it('replaces characters Windows refuses and control characters', () => {
    expect(safeComponent('a<b>c:d"e|f?g*h')).toBe('a_b_c_d_e_f_g_h');
    expect(safeComponent('line\nbreak\ttab\u0007bell\u009bcsi')).toBe('line break tab_bell_csi');
  });

  it('avoids reserved device names with or without extension, in any case', () => {
    for (const name of ['CON', 'con', 'Nul', 'aux', 'PRN', 'COM1', 'lpt9', 'COM¹', 'CONIN$'])
      expect(safeComponent(name)).not.toMatch(/^(con|nul|aux|prn|com.|lpt.|conin\$)(\.|$)/i);
    expect(safeComponent('nul.tar')).toBe('nul_.tar');
    expect(safeComponent('console')).toBe('console');
  });

  it('removes leading dots and trailing dots and spaces', () => {
    expect(safeComponent('.hidden')).toBe('hidden');
    expect(safeComponent('name. . ')).toBe('name');
    expect(safeComponent('..')).toBe('');
  });

  it('limits the length in UTF-8 bytes without splitting a character', () => {
    const long = '猫'.repeat(200); // 3 bytes each
    const safe = safeComponent(long);
    expect(new TextEncoder().encode(safe).length).toBeLessThanOrEqual(MAX_COMPONENT_BYTES);
    expect(safe).toBe('猫'.repeat(Math.floor(MAX_COMPONENT_BYTES / 3)));
    const emoji = safeComponent('🐉'.repeat(100)); // 4 bytes, surrogate pairs in JS
    expect(emoji).toBe('🐉'.repeat(MAX_COMPONENT_BYTES / 4));
    expect(truncateBytes('aé', 2)).toBe('a');
  });

  it('normalises to NFC (macOS hands out decomposed names)', () => {
    expect(safeComponent('cafe\u0301')).toBe('café');
  });
});

describe('promptForName', () => {
  it('keeps short prompts and cuts long ones at a word', () => {
    expect(promptForName('a  red\n dragon')).toBe('a red dragon');
    const cut = promptForName('an extremely detailed painting of a lighthouse on a cliff at dusk with crashing waves');
    expect(cut).toBe('an extremely detailed painting of a lighthouse on a cliff at');
    expect(promptForName('an extremely detailed painting of a lighthouse on a cliff atop the sea')).toBe(
      'an extremely detailed painting of a lighthouse on a cliff',
    );
    expect(promptForName(null)).toBe('');
    expect([...promptForName('x'.repeat(500))]).toHaveLength(60);
  });
});

// The export dialog's preview (moved from src-renderer/features/library/export-template.test.ts).
const previewImage = {
  id: '12',
  prompt: 'a knight / on a "horse"',
  seed: 42,
  modelId: 'amazon.nova-canvas-v1:0',
  createdAt: '2026-03-04T10:00:00.000Z',
  width: 1024,
  height: 768,
  mimeType: 'image/png',
};

describe('export template preview', () => {
  it('names a file from the fields, values never create folders, the template does', () => {
    const named = templateValues(previewImage, 3, 120, 'Hero pack');
    expect(previewName('{prompt}_{seed}', named, 'png')).toBe('a knight _ on a _horse_42.png');
    expect(previewName('{collection}/{index}-{seed}', named, extensionOf(previewImage.mimeType))).toBe(
      'Hero pack/003-42.png',
    );
    expect(previewName('{date}_{width}x{height}.png', named, 'png')).toBe('2026-03-04_1024x768.png');
  });

  it('falls back to image-<id> when every field is empty, and drops empty folders', () => {
    const named = templateValues({ ...previewImage, prompt: null, seed: null }, 1, 1, null);
    expect(previewName('{collection}/{prompt}_{seed}', named, 'jpg')).toBe('image-12.jpg');
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

describe('the default template', () => {
  const image = {
    id: '12',
    prompt: 'A knight, on a  "white" horse; at dawn — épée',
    seed: 42,
    modelId: 'amazon.nova-canvas-v1:0',
    createdAt: '2026-03-15T10:00:00.000Z',
    width: 1024,
    height: 1024,
  };
  it('gives clean names: the prompt as a lower-case slug, then the seed (no spaces or commas)', () => {
    expect(DEFAULT_TEMPLATE).toBe('{slug}_{seed}');
    const name = previewName(DEFAULT_TEMPLATE, templateValues(image, 1, 1, null), 'png');
    expect(name).toBe('a-knight-on-a-white-horse-at-dawn-épée_42.png');
    expect(name).not.toMatch(/[ ,;"]/);
    expect(slugForName(null)).toBe('');
    expect(slugForName('...')).toBe('');
  });
  it('keeps spaces and commas when the template asks for them ({prompt}, its own text)', () => {
    expect(previewName('{prompt}, take {index}', templateValues(image, 2, 9, null), 'png')).toBe(
      'A knight, on a _white_ horse; at dawn — épée, take 002.png',
    );
  });
  it('names a collection export by folder, position and slug', () => {
    expect(previewName(COLLECTION_TEMPLATE, templateValues(image, 3, 20, 'Level 1'), 'png')).toBe(
      'Level 1/003_a-knight-on-a-white-horse-at-dawn-épée.png',
    );
  });
});

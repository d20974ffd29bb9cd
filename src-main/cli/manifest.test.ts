// A large YAML manifest is read a chunk of assets at a time (manifest-source.ts); what it reads must
// be exactly what one whole-document parse reads, and whatever the cutting cannot vouch for
// (anchors used across chunks, odd layouts) falls back to the whole parse.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadManifest } from './manifest.ts';
import { readManifestSource } from './manifest-source.ts';

const CORE = 'stability.stable-image-core-v1:1';

/** 1,200 assets in every layout the block form allows: comments, block scalars, quotes, flow maps. */
function bigYaml(): string {
  const assets: string[] = [];
  for (let i = 0; i < 1_200; i++) {
    if (i % 4 === 0) assets.push(`  - key: a${i}\n    prompt: a plain prompt ${i}\n`);
    if (i % 4 === 1)
      assets.push(
        `  # asset ${i}\n  - key: a${i}\n    prompt: |\n      line one ${i}\n      - not an item\n    variants: 2\n`,
      );
    if (i % 4 === 2) assets.push(`  - { key: a${i}, prompt: "quoted: ${i}", seed: ${i} }\n\n`);
    if (i % 4 === 3)
      assets.push(
        `  -\n    key: a${i}\n    prompt: >-\n      folded\n      ${i}\n    params: { aspectRatio: "16:9" }\n    tags: [x, y]\n`,
      );
  }
  return `name: big # the batch\ndefaults:\n  model: ${CORE}\n  tags: [d]\nassets:\n${assets.join('')}# the end\n`;
}

function summary(text: string) {
  return loadManifest(text, 'm').items.map((i) => [i.asset, i.variant, i.batchKey, i.request.params, i.tags]);
}

describe('loadManifest on a large YAML manifest', () => {
  it('reads it in chunks, with exactly the items of a whole-document parse', () => {
    const text = bigYaml();
    expect(readManifestSource(text, { chunked: true }).assets).not.toBeNull();
    const whole = JSON.stringify(parseYaml(text));
    expect(summary(text)).toEqual(summary(whole));
    expect(summary(text)).toHaveLength(1_500);
    // A bare list of assets too.
    const list = Array.from({ length: 600 }, (_, i) => `- key: l${i}\n  model: ${CORE}\n  prompt: p${i}\n`).join('');
    expect(readManifestSource(list, { chunked: true }).assets).not.toBeNull();
    expect(summary(list)).toEqual(summary(JSON.stringify(parseYaml(list))));
  });

  it('falls back to the whole parse for anchors used across chunks, with the same result', () => {
    // Every 20th asset refers to the model anchored in the first one (40 aliases, across chunks).
    const assets = Array.from({ length: 800 }, (_, i) =>
      i === 0
        ? `  - { key: a0, prompt: first, model: &m ${CORE} }\n`
        : `  - { key: a${i}, prompt: p${i}${i % 20 === 0 ? ', model: *m' : ''} }\n`,
    );
    const text = `defaults: { model: ${CORE} }\nassets:\n${assets.join('')}`;
    expect(summary(text)).toEqual(summary(JSON.stringify(parseYaml(text))));
    expect(summary(text)).toHaveLength(800);
    // Anchored in the head, used by the assets.
    const headAnchor = `defaults: { model: &m ${CORE} }\nassets:\n${assets.slice(1).join('')}`;
    expect(summary(headAnchor)).toEqual(summary(JSON.stringify(parseYaml(headAnchor))));
  });

  it('names the asset of a problem found in a later chunk', () => {
    const assets = Array.from({ length: 700 }, (_, i) => `  - key: a${i}\n    prompt: ${i === 650 ? "''" : `p${i}`}\n`);
    const text = `defaults:\n  model: ${CORE}\nassets:\n${assets.join('')}`;
    expect(() => loadManifest(text, 'm')).toThrow(/assets\[650\]\.prompt: the prompt is empty/);
  });
});

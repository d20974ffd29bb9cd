// `easel generate --model <service> --init-image F [--mask F] [--style-image F] [--option k=v ...]`
// through the real CLI (a child process) against the emulator of today's Bedrock, from a us-east-1
// profile: each of the thirteen Stability Image Services round-trips with its own parameters (the
// body Bedrock received carries them), and a limit violation of each is a usage error (exit 2)
// naming the allowed range or keys, with nothing sent.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio } from '../../src-main/core/studio/index.ts';
import type { Job } from '../../src-shared/domain.ts';
import { IMAGE_SERVICE_IDS } from '../../src-shared/models/index.ts';
import { createCliHarness, json, type CliHarness } from './cli-harness.ts';

let h: CliHarness;
const id = (name: string) => `stability.${name}-v1:0`;

interface Result {
  imageId: string;
  path: string;
  modelId: string;
  region: string;
  invokeId: string;
  status: string;
  costMicroUsd: number;
  jobId: string;
}

beforeAll(async () => {
  h = await createCliHarness({ emulator: { bedrock2025: false } });
  const png = (width: number, height: number, background: string) =>
    sharp({ create: { width, height, channels: 3, background } })
      .png()
      .toBuffer();
  await writeFile(join(h.dir, 'source.png'), await png(256, 192, '#2878c8'));
  await writeFile(join(h.dir, 'style.png'), await png(256, 192, '#dcb414'));
  await writeFile(join(h.dir, 'large.png'), await png(1600, 800, '#888888'));
  const square = await png(96, 96, '#ffffff');
  await writeFile(
    join(h.dir, 'mask.png'),
    await sharp(await png(256, 192, '#000000'))
      .composite([{ input: square, left: 80, top: 48 }])
      .png()
      .toBuffer(),
  );
  await writeFile(join(h.dir, 'small-mask.png'), await png(64, 64, '#ffffff'));
});

afterAll(async () => {
  await h?.cleanup();
});

interface Case {
  /** The model id as given (base id, or the `us.` form for some). */
  model: string;
  args: string[];
  /** Fields the body sent to Bedrock must carry (image payloads are stored as `<image:ID>`). */
  body: Record<string, unknown>;
  price: number;
  /** A limit violation: the arguments replacing `args`'s options, and what the error names. */
  violation: { args: string[]; message: RegExp };
}

const SRC = ['--init-image', 'source.png'];
const CASES: Record<string, Case> = {
  'stable-image-inpaint': {
    model: id('stable-image-inpaint'),
    args: ['a cat', ...SRC, '--mask', 'mask.png', '--option', 'grow_mask=8', '--option', 'style_preset=anime'],
    body: { prompt: 'a cat', grow_mask: 8, style_preset: 'anime' },
    price: 70_000,
    violation: {
      args: ['a cat', ...SRC, '--option', 'grow_mask=21'],
      message: /--option grow_mask must be a whole number from 0 to 20/,
    },
  },
  'stable-outpaint': {
    model: id('stable-outpaint'),
    args: ['sea', ...SRC, '--option', 'left=64', '--option', 'down=32', '--option', 'creativity=0.6'],
    body: { prompt: 'sea', left: 64, right: 0, up: 0, down: 32, creativity: 0.6 },
    price: 60_000,
    violation: {
      args: ['sea', ...SRC, '--option', 'left=2001'],
      message: /left must be a whole number from 0 to 2000/,
    },
  },
  'stable-image-erase-object': {
    model: id('stable-image-erase-object'),
    args: [...SRC, '--mask', 'mask.png', '--option', 'grow_mask=3'],
    body: { grow_mask: 3 },
    price: 70_000,
    violation: {
      args: [...SRC, '--mask', 'mask.png', '--option', 'grow_mask=2.5'],
      message: /grow_mask must be a whole number from 0 to 20 .*not "2\.5"/,
    },
  },
  'stable-image-remove-background': {
    model: id('stable-image-remove-background'),
    args: [...SRC, '--option', 'output_format=jpeg'],
    body: { output_format: 'jpeg' },
    price: 70_000,
    violation: {
      args: [...SRC, '--option', 'output_format=gif'],
      message: /output_format must be one of png, jpeg, webp, not "gif"/,
    },
  },
  'stable-image-search-replace': {
    model: id('stable-image-search-replace'),
    args: ['a dog', ...SRC, '--option', 'search_prompt=the cat', '--option', 'grow_mask=4'],
    body: { prompt: 'a dog', search_prompt: 'the cat', grow_mask: 4 },
    price: 70_000,
    violation: {
      args: ['a dog', ...SRC, '--option', 'search_prompt=the cat', '--option', 'grow_mask=-1'],
      message: /grow_mask must be a whole number from 0 to 20/,
    },
  },
  'stable-image-search-recolor': {
    model: id('stable-image-search-recolor'),
    args: ['red', ...SRC, '--option', 'select_prompt=the sky', '--option', 'style_preset=photographic'],
    body: { prompt: 'red', select_prompt: 'the sky', style_preset: 'photographic' },
    price: 70_000,
    violation: {
      args: ['red', ...SRC, '--option', 'select_prompt=the sky', '--option', 'style_preset=oil-painting'],
      message: /style_preset must be one of 3d-model, .*tile-texture, not "oil-painting"/,
    },
  },
  'stable-image-control-sketch': {
    model: id('stable-image-control-sketch'),
    args: ['a castle', ...SRC, '--option', 'control_strength=0.6', '--option', 'style_preset=line-art'],
    body: { prompt: 'a castle', control_strength: 0.6, style_preset: 'line-art' },
    price: 70_000,
    violation: {
      args: ['a castle', ...SRC, '--option', 'control_strength=1.5'],
      message: /control_strength must be a number from 0 to 1 for Stable Image Control Sketch, not 1\.5/,
    },
  },
  'stable-image-control-structure': {
    model: `us.${id('stable-image-control-structure')}`,
    args: ['a castle', ...SRC, '--option', 'control_strength=0.9'],
    body: { prompt: 'a castle', control_strength: 0.9 },
    price: 70_000,
    violation: {
      // Control structure takes no style preset (Bedrock refuses the field): the keys it takes are named.
      args: ['a castle', ...SRC, '--option', 'style_preset=anime'],
      message: /takes no option style_preset; its options: control_strength, output_format/,
    },
  },
  'stable-image-style-guide': {
    model: `us.${id('stable-image-style-guide')}`,
    args: ['a lighthouse', ...SRC, '--option', 'fidelity=0.7', '--option', 'aspect_ratio=3:2'],
    body: { prompt: 'a lighthouse', fidelity: 0.7, aspect_ratio: '3:2' },
    price: 70_000,
    violation: {
      args: ['a lighthouse', ...SRC, '--option', 'fidelity=2'],
      message: /fidelity must be a number from 0 to 1/,
    },
  },
  'stable-style-transfer': {
    model: id('stable-style-transfer'),
    args: [
      ...SRC,
      '--style-image',
      'style.png',
      '--option',
      'style_strength=0.8',
      '--option',
      'composition_fidelity=0.9',
      '--option',
      'change_strength=0.5',
    ],
    body: { style_strength: 0.8, composition_fidelity: 0.9, change_strength: 0.5 },
    price: 80_000,
    violation: {
      args: [...SRC, '--style-image', 'style.png', '--option', 'change_strength=0.05'],
      message: /change_strength must be a number from 0\.1 to 1/,
    },
  },
  'stable-fast-upscale': {
    model: id('stable-fast-upscale'),
    args: [...SRC],
    body: { output_format: 'png' },
    price: 30_000,
    // Each side at most 1,536 px: the catalog refuses a 1600×800 source before sending.
    violation: { args: ['--init-image', 'large.png'], message: /at most 1536 px/ },
  },
  'stable-conservative-upscale': {
    model: id('stable-conservative-upscale'),
    // 0.1 is the 2026 lower bound (it was 0.2).
    args: ['crisp', ...SRC, '--option', 'creativity=0.1'],
    body: { prompt: 'crisp', creativity: 0.1 },
    price: 400_000,
    violation: {
      args: ['crisp', ...SRC, '--option', 'creativity=0.6'],
      message: /creativity must be a number from 0\.1 to 0\.5/,
    },
  },
  'stable-creative-upscale': {
    model: id('stable-creative-upscale'),
    args: ['crisp', ...SRC, '--option', 'creativity=0.2', '--option', 'style_preset=enhance'],
    body: { prompt: 'crisp', creativity: 0.2, style_preset: 'enhance' },
    price: 600_000,
    violation: {
      args: ['crisp', ...SRC, '--option', 'creativity=0'],
      message: /creativity must be a number from 0\.1 to 0\.5/,
    },
  },
};

/** The job as the data folder records it (the CLI has exited: the folder is free). */
async function recordedJob(jobId: string): Promise<Job> {
  const studio = createStudio({ dataDir: h.dataDir, env: h.env });
  try {
    return studio.getJob(jobId);
  } finally {
    await studio.close();
  }
}

describe('easel generate on the Stability Image Services', () => {
  it('has a case for every service the catalog lists', () => {
    expect(Object.keys(CASES).map(id).sort()).toEqual([...IMAGE_SERVICE_IDS].sort());
  });

  it.each(Object.keys(CASES))('%s: round-trips with its own parameters through us. from us-east-1', async (name) => {
    const c = CASES[name]!;
    const billed = h.emulator.billing().length;
    const result = await h.run(['generate', '--model', c.model, ...c.args, '--seed', '5', '--json'], {
      timeoutMs: 40_000,
    });
    expect(result.code, result.stderr).toBe(0);
    const [image] = json<Result[]>(result);
    expect(image).toMatchObject({
      status: 'succeeded',
      region: 'us-east-1',
      invokeId: `us.${id(name)}`,
      costMicroUsd: c.price,
    });
    expect(h.emulator.billing().slice(billed)).toMatchObject([{ modelId: `us.${id(name)}`, region: 'us-east-1' }]);

    const job = await recordedJob(image!.jobId);
    const sourceId = job.params.initImageId;
    expect(job.sourceImageId).toBe(sourceId);
    expect(job.request).toMatchObject({
      ...c.body,
      [name === 'stable-style-transfer' ? 'init_image' : 'image']: `<image:${sourceId}>`,
    });
    if (name === 'stable-style-transfer')
      expect(job.request).toMatchObject({ style_image: `<image:${job.params.styleImageId}>` });
    if (c.args.includes('--mask')) expect(job.request).toMatchObject({ mask: `<image:${job.params.maskImageId}>` });

    const meta = await sharp(image!.path).metadata();
    if (name === 'stable-outpaint') expect([meta.width, meta.height]).toEqual([320, 224]);
    if (name === 'stable-fast-upscale') expect([meta.width, meta.height]).toEqual([1024, 768]);
    if (name === 'stable-image-remove-background') expect(meta.format).toBe('jpeg');
  });

  it.each(Object.keys(CASES))('%s: a limit violation is a usage error (exit 2), nothing sent', async (name) => {
    const c = CASES[name]!;
    const sent = h.emulator.invocations();
    const result = await h.run(['generate', '--model', c.model, ...c.violation.args, '--json']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(c.violation.message);
    expect(json<{ error: { code: string } }>(result).error.code).toMatch(/usage|validation/);
    expect(h.emulator.invocations()).toBe(sent);
  });

  it('an unknown key names the keys the service takes; a missing field, mask or style image is named', async () => {
    const sent = h.emulator.invocations();
    const cases: [string[], RegExp][] = [
      [
        [
          'a dog',
          '-m',
          id('stable-image-search-replace'),
          ...SRC,
          '--option',
          'search_prompt=cat',
          '--option',
          'strength=1',
        ],
        /takes no option strength; its options: search_prompt, grow_mask, output_format/,
      ],
      [
        ['a dog', '-m', id('stable-image-search-replace'), ...SRC],
        /needs --option search_prompt=TEXT \(what to find\)/,
      ],
      [['-m', id('stable-image-erase-object'), ...SRC], /needs a mask: --mask FILE/],
      [['-m', id('stable-style-transfer'), ...SRC], /needs a style image: --style-image FILE/],
      [['a castle', '-m', id('stable-image-control-sketch')], /edits an image: give it with --init-image FILE/],
      [['-m', id('stable-fast-upscale'), ...SRC, '--option', 'grow_mask'], /--option takes key=value/],
      [
        ['a fox', '-m', 'stability.stable-image-core-v1:1', '--option', 'grow_mask=3'],
        /for the Stability Image Services/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await h.run(['generate', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(h.emulator.invocations()).toBe(sent);
  });

  it('a mask of the wrong size is refused before sending, naming --mask', async () => {
    const sent = h.emulator.invocations();
    const result = await h.run([
      'generate',
      'a cat',
      '-m',
      id('stable-image-inpaint'),
      ...SRC,
      '--mask',
      'small-mask.png',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--mask: .*64×64/);
    expect(h.emulator.invocations()).toBe(sent);
  });
});

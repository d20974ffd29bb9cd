// Every tool and container of issue 15 on the project's own fixtures (test/fixtures/more-tools.ts):
// what each file yields, field by field, and the photos whose comments are not generations.
import { describe, expect, it } from 'vitest';
import { readImageMetadata } from './read.ts';
import { toolFixture } from './test-helpers.ts';

const read = async (rel: string) => readImageMetadata(toolFixture(rel));

const FORGE = {
  sourceTool: 'automatic1111',
  prompt: 'a misty harbour at dawn',
  negativePrompt: 'people',
  seed: 31337,
  steps: 26,
  cfgScale: 6,
  sampler: 'DPM++ 2M',
  scheduler: 'Karras',
  model: 'juggernautXL_v9',
  width: 832,
  height: 1216,
};

const IMG2IMG = {
  sourceTool: 'comfyui',
  prompt: 'photograph of victorian woman with wings, sky clouds, meadow grass',
  negativePrompt: 'watermark, text',
  seed: 280823642470253,
  steps: 20,
  cfgScale: 8,
  sampler: 'sample_dpmpp_2m',
  scheduler: 'normal',
  model: 'v1-5-pruned-emaonly.ckpt',
};

describe('A1111 / Forge in every container', () => {
  it.each([
    ['PNG tEXt', 'AUTOMATIC1111/forge_schedule_type.png'],
    ['JPEG XMP only (exif:UserComment)', 'AUTOMATIC1111/a1111_xmp_only.jpg'],
    ['JPEG comment segment only', 'AUTOMATIC1111/a1111_comment_only.jpg'],
    ['WebP XMP chunk only (dc:description)', 'AUTOMATIC1111/a1111_xmp_only.webp'],
    ['lossless WebP, stealth info in the RGB low bits', 'AUTOMATIC1111/a1111_stealth_rgb.webp'],
  ])('%s, with "Schedule type" as the scheduler', async (_, rel) => {
    expect(await read(rel)).toMatchObject(FORGE);
  });
});

describe('ComfyUI', () => {
  it.each([
    [
      'animated WebP (SaveAnimatedWEBP: "prompt:" in Model, "workflow:" in Make, after the frames)',
      'ComfyUI/comfyui_animated.webp',
    ],
    [
      'Save Image Extended JPEG ("Prompt:" in Make, "Workflow:" in ImageDescription)',
      'ComfyUI/save_image_extended.jpg',
    ],
    ['SaveImage+ WebP (both graphs as JSON in UserComment, UTF-16LE)', 'ComfyUI/saveimage_plus.webp'],
  ])('%s', async (_, rel) => {
    expect(await read(rel)).toMatchObject(IMG2IMG);
  });

  it('comfy-image-saver JPEG: its A1111 text with "CFG Scale" and "Scheduler"', async () => {
    expect(await read('ComfyUI/comfy_image_saver.jpg')).toMatchObject({
      sourceTool: 'comfyui',
      prompt: 'a glass teapot on a wooden table',
      negativePrompt: 'text, watermark',
      seed: 24680,
      steps: 22,
      cfgScale: 5.5,
      sampler: 'dpmpp_2m_sde',
      scheduler: 'karras',
      model: 'sdxl_base_1.0',
      width: 1024,
      height: 1024,
    });
  });

  it('Flux through SamplerCustomAdvanced: seed, steps, sampler, scheduler and guidance from the helper nodes', async () => {
    expect(await read('ComfyUI/flux_custom_advanced.png')).toEqual(
      expect.objectContaining({
        sourceTool: 'comfyui',
        prompt: 'a red fox in a snowy birch forest, morning light',
        seed: 987654321,
        steps: 24,
        cfgScale: 3.5,
        sampler: 'euler',
        scheduler: 'simple',
        model: 'flux1-dev.safetensors',
        width: 1024,
        height: 768,
      }),
    );
  });

  it('Comfyroll texts joined, CFG from a linked primitive, size from the aspect-ratio node actually used', async () => {
    expect(await read('ComfyUI/comfyroll_texts.png')).toMatchObject({
      prompt: 'a castle on a hill, oil painting, golden hour',
      negativePrompt: 'lowres, watermark',
      seed: 4242,
      steps: 28,
      cfgScale: 6.5,
      sampler: 'dpmpp_2m',
      scheduler: 'karras',
      model: 'sdxl_base_1.0.safetensors',
      width: 896,
      height: 1152,
    });
  });

  it('the saved chain wins over a longer preview chain, with its own latent size', async () => {
    expect(await read('ComfyUI/saved_beside_preview.png')).toMatchObject({
      seed: 777,
      steps: 32,
      cfgScale: 7.5,
      sampler: 'dpmpp_2m_sde',
      width: 768,
      height: 512,
    });
  });
});

describe('JSON tools', () => {
  const NOVELAI = {
    sourceTool: 'novelai',
    prompt: '1girl, library, reading a book, very aesthetic',
    negativePrompt: 'lowres, bad anatomy',
    seed: 3141592653,
    steps: 28,
    cfgScale: 5.5,
    sampler: 'k_euler_ancestral',
    scheduler: 'karras',
    model: 'NovelAI Diffusion V4.5 4BDE2A90',
    width: 832,
    height: 1216,
  };
  it.each(['NovelAI/novelai_v4.png', 'NovelAI/novelai_v4.webp', 'NovelAI/novelai_stealth.webp'])(
    'NovelAI v4: %s',
    async (rel) => {
      expect(await read(rel)).toMatchObject(NOVELAI);
    },
  );

  const SWARM = {
    sourceTool: 'swarmui',
    prompt: 'a watercolor hummingbird',
    negativePrompt: 'photo',
    seed: 1122334455,
    steps: 35,
    cfgScale: 6.5,
    sampler: 'dpmpp_2m',
    scheduler: 'karras',
    model: 'OfficialStableDiffusion/sd_xl_base_1.0',
    width: 1152,
    height: 896,
  };
  it.each(['SwarmUI/swarmui.png', 'SwarmUI/swarmui.jpg'])('SwarmUI sui_image_params: %s', async (rel) => {
    expect(await read(rel)).toMatchObject(SWARM);
  });

  it("raw keeps the file's own fields: the EXIF tag, not a derived `parameters` copy", async () => {
    const m = await read('SwarmUI/swarmui.jpg');
    expect(Object.keys(m?.raw ?? {})).toEqual(['UserComment']);
  });

  it('Stability Matrix: parameters-json wins over its ComfyUI graph', async () => {
    expect(await read('StabilityMatrix/stability_matrix.png')).toMatchObject({
      sourceTool: 'stability-matrix',
      prompt: 'a neon city street at night, rain',
      negativePrompt: 'daylight',
      seed: 86420,
      steps: 20,
      cfgScale: 7,
      sampler: 'Euler a',
      scheduler: 'normal',
      model: 'dreamshaper_8',
      width: 768,
      height: 512,
    });
  });

  it('RuinedFooocus', async () => {
    expect(await read('RuinedFooocus/ruinedfooocus.png')).toMatchObject({
      sourceTool: 'ruined-fooocus',
      prompt: 'a tiny robot watering plants',
      negativePrompt: 'ugly',
      seed: 5551212,
      steps: 30,
      cfgScale: 8,
      sampler: 'dpmpp_2m_sde_gpu',
      scheduler: 'karras',
      model: 'sd_xl_base_1.0_0.9vae.safetensors',
      width: 1152,
      height: 896,
    });
  });

  it('HF Space (Gradio + Diffusers)', async () => {
    expect(await read('HFSpace/hf_space.png')).toMatchObject({
      sourceTool: 'hf-space',
      prompt: '1girl, solo, upper body, smile',
      negativePrompt: 'nsfw, lowres',
      seed: 1234567,
      steps: 28,
      cfgScale: 7,
      sampler: 'Euler a',
      model: 'Animagine XL 3.1',
      width: 832,
      height: 1216,
    });
  });
});

describe('Civitai JPEGs', () => {
  it('hires: the A1111 text with Civitai resources', async () => {
    expect(await read('Civitai/civitai_hires.jpg')).toMatchObject({
      sourceTool: 'civitai',
      prompt: 'a cozy cabin in the woods, snow',
      negativePrompt: 'bad quality',
      seed: 112233,
      steps: 30,
      cfgScale: 7,
      sampler: 'DPM++ 2M Karras',
      width: 512,
      height: 768,
    });
  });

  it('upscale: a graph without a sampler, the generation in extraMetadata', async () => {
    expect(await read('Civitai/civitai_upscale.jpg')).toMatchObject({
      sourceTool: 'civitai',
      prompt: 'portrait of an astronaut, studio lighting',
      negativePrompt: 'cartoon',
      seed: 1357911,
      steps: 25,
      cfgScale: 4,
      sampler: 'Euler a',
      model: 'SDXL 1.0',
      width: 832,
      height: 1216,
    });
  });
});

describe('comments that are not generations', () => {
  it.each([
    ['a screenshot whose EXIF UserComment says "Screenshot"', 'photos/screenshot_usercomment.jpg'],
    ['a macOS screenshot PNG (XMP exif:UserComment "Screenshot")', 'photos/macos_screenshot.png'],
    ['a photo with a description, a UserComment with colons and a JPEG comment', 'photos/camera_comment.jpg'],
  ])('%s: no metadata', async (_, rel) => {
    expect(await read(rel)).toBeNull();
  });
});

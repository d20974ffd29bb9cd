// An independent parser's answers for the third-party files: the expected values of d3x-at/sd-parsers'
// own tests (MIT; tests/resources/parsers/*/*.py and tests/test_*.py), for the files that project
// pins. They were written by other people for another parser, so agreement with them measures
// Easel's reader, not the reader against itself. Values are transcribed as facts (a seed, a step
// count), in sd-parsers' terms mapped onto Easel's fields:
//   Sampler.name → sampler; parameters.seed/steps/cfg|cfg_scale|scale/scheduler → seed, steps,
//   cfgScale, scheduler; Model.name (+ model_hash for NovelAI) → model; prompts/negative_prompts
//   → prompt/negativePrompt (ComfyUI: the set of texts of the first sampler); Size/size/resolution
//   or the EmptyLatentImage → width, height.
// Files sd-parsers has no pinned values for (ComfyUI noisy_latents and unclip_2pass,
// bad_images/text_after_idat.png) are not counted.

export type Field =
  'prompt' | 'negativePrompt' | 'seed' | 'steps' | 'cfgScale' | 'sampler' | 'scheduler' | 'model' | 'width' | 'height';

export interface Independent {
  file: string;
  tool: string;
  /** Prompt texts as a set (ComfyUI lists several per sampler, in its own order). */
  promptSet?: string[];
  fields: Partial<Record<Field, string | number>>;
}

const DUCK = {
  prompt: 'photo of a duck',
  negativePrompt: 'monochrome',
  sampler: 'UniPC',
  steps: 15,
  cfgScale: 5,
  seed: '235284042',
  model: 'realistic_realisticVisionV20_v20',
  width: 512,
  height: 400,
};

const DREAM_PROMPT =
  'professional full body photo of young woman, hyper long brunette hair, elegant hair, wearing a bikini top and asymmetric short skirt, curvy body, long legs, (imperfect skin), detailed skin, intense freckles, super long eye lashes, at night, outside, city background, 8k ultra detailed, realistic, high quality, film grain, low contrast';

const COMFY_NEGATIVE =
  '(hands), text, error, cropped, (worst quality:1.2), (low quality:1.2), normal quality, (jpeg artifacts:1.3), signature, watermark, username, blurry, artist name, monochrome, sketch, censorship, censor, (copyright:1.2), extra legs, (forehead mark) (depth of field) (emotionless) (penis) (pumpkin)';

const NOVELAI_NEGATIVE =
  'lowres, bad anatomy, bad hands, text, error, missing fingers, extra digit, fewer digits, cropped, worst quality, low quality, normal quality, jpeg artifacts, signature, watermark, username, blurry, lowres, bad anatomy, bad hands, text, error, missing fingers, extra digit, fewer digits, cropped, worst quality, low quality, normal quality, jpeg artifacts, signature, watermark, username, blurry';

export const INDEPENDENT: Independent[] = [
  { file: 'AUTOMATIC1111/automatic1111_cropped.png', tool: 'automatic1111', fields: DUCK },
  { file: 'AUTOMATIC1111/automatic1111_cropped.jpg', tool: 'automatic1111', fields: DUCK },
  {
    file: 'AUTOMATIC1111/automatic1111_stealth.png',
    tool: 'automatic1111',
    fields: {
      prompt: 'a circle',
      negativePrompt: 'a square',
      sampler: 'Euler',
      scheduler: 'Automatic',
      cfgScale: 7,
      seed: '2015833630',
      steps: 20,
      model: 'realisticVisionV51_v51VAE',
      width: 64,
      height: 64,
    },
  },
  {
    file: 'ComfyUI/img2img_cropped.png',
    tool: 'comfyui',
    promptSet: ['photograph of victorian woman with wings, sky clouds, meadow grass'],
    fields: {
      negativePrompt: 'watermark, text',
      sampler: 'sample_dpmpp_2m',
      seed: '280823642470253',
      steps: 20,
      cfgScale: 8,
      scheduler: 'normal',
      model: 'v1-5-pruned-emaonly.ckpt',
    },
  },
  {
    file: 'ComfyUI/night_evening_day_morning_cropped.png',
    tool: 'comfyui',
    promptSet: [
      '(best quality) (daytime:1.2) sky (blue)',
      '(best quality) (night:1.3) (darkness) sky (black) (stars:1.2) (galaxy:1.2) (space) (universe)',
      '(best quality) (evening:1.2) (sky:1.2) (clouds) (colorful) (HDR:1.2) (sunset:1.3)',
      '(masterpiece) (best quality) morning sky',
      '(masterpiece) (best quality) beautiful landscape breathtaking amazing view nature photograph forest mountains ocean (sky) national park scenery',
    ],
    fields: {
      negativePrompt: COMFY_NEGATIVE,
      sampler: 'dpmpp_sde',
      cfgScale: 8.5,
      scheduler: 'normal',
      seed: '335608130539327',
      steps: 13,
      model: 'Anything-V3.0.ckpt',
      width: 704,
      height: 1280,
    },
  },
  {
    file: 'Fooocus/fooocus1_cropped.png',
    tool: 'fooocus',
    fields: {
      prompt: 'a smiling goldfish',
      sampler: 'dpmpp_2m_sde_gpu',
      cfgScale: 4,
      scheduler: 'karras',
      seed: '6952411511246973023',
      steps: 30,
      model: 'juggernautXL_v8Rundiffusion',
      width: 768,
      height: 1280,
    },
  },
  {
    file: 'InvokeAI/invokeai_imeta1.png',
    tool: 'invokeai',
    fields: {
      prompt: 'digital artwork, oil painting. painterly brushstrokes, holidays,',
      negativePrompt:
        'grainy+, photo, oversaturated, overexposed, blurry, compressed jpg+, noisy++, unfocused , black and white',
      sampler: 'euler',
      seed: '3293022630',
      cfgScale: 8,
      steps: 35,
      model: 'juggernautXL',
      width: 1024,
      height: 1024,
    },
  },
  {
    file: 'InvokeAI/invokeai_sdmeta1.png',
    tool: 'invokeai',
    fields: {
      prompt: DREAM_PROMPT,
      negativePrompt: 'rendering, glowing eyes, skinny',
      sampler: 'k_lms',
      steps: 50,
      cfgScale: 5,
      seed: '2980747362',
      model: 'deliberateForInvoke_v08',
      width: 512,
      height: 768,
    },
  },
  {
    file: 'InvokeAI/invokeai_dream1.png',
    tool: 'invokeai',
    fields: {
      prompt: DREAM_PROMPT,
      negativePrompt: 'rendering, glowing eyes, skinny',
      sampler: 'k_lms',
      steps: 50,
      cfgScale: 5,
      seed: '2980747362',
      width: 512,
      height: 768,
    },
  },
  {
    file: 'NovelAI/novelai1_cropped.png',
    tool: 'novelai',
    fields: {
      prompt: 'masterpiece, best quality,  cat, space, icon',
      negativePrompt: NOVELAI_NEGATIVE,
      sampler: 'k_euler_ancestral',
      seed: '2253955223',
      cfgScale: 10,
      steps: 50,
      // sd-parsers splits NovelAI's "Source" into a name and a hash
      model: 'Stable Diffusion 1D44365E',
    },
  },
];

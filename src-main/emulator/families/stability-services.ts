// Family stability-services: the thirteen Stability Image Services, called through the
// `us.stability.<name>-v1:0` inference profiles. Bodies are checked against each service's exact
// field set (specs.ts); images are made from the effective body (defaults filled in).
import { malformedInput, validationError } from '../aws-errors.ts';
import type { RawImage } from '../render.ts';
import { checkSchema } from '../schema.ts';
import type { FamilyHandler } from './common.ts';
import { finishV2 } from './stability-v2.ts';
import type { ServiceBody, ServiceCall } from './services/body.ts';
import { control, styleGuide, styleTransfer } from './services/control.ts';
import { inpaintLike, outpaint, searchEdit } from './services/edit.ts';
import { effectiveBody, invalidFieldDetail, SERVICE_SPECS, serviceSchema } from './services/specs.ts';
import { fastUpscale, upscale } from './services/upscale.ts';
import { decodeRgba, removeBackground } from '../render.ts';
import { stabilityInputImage } from './stability-v2.ts';

function serviceName(modelId: string): string {
  return modelId.replace(/^stability\./, '').replace(/-v1:0$/, '');
}

const RENDERERS: Record<string, (call: ServiceCall) => Promise<RawImage>> = {
  'stable-image-inpaint': (call) => inpaintLike(call, false),
  'stable-image-erase-object': (call) => inpaintLike(call, true),
  'stable-outpaint': outpaint,
  'stable-image-remove-background': async (call) =>
    removeBackground(await decodeRgba((await stabilityInputImage(call.body.image, '#/image')).bytes)),
  'stable-fast-upscale': fastUpscale,
  'stable-conservative-upscale': (call) => upscale(call, false),
  'stable-creative-upscale': (call) => upscale(call, true),
  'stable-image-search-replace': (call) => searchEdit(call, false),
  'stable-image-search-recolor': (call) => searchEdit(call, true),
  'stable-image-control-sketch': control,
  'stable-image-control-structure': control,
  'stable-image-style-guide': styleGuide,
  'stable-style-transfer': styleTransfer,
};

export const invokeStabilityService: FamilyHandler = async (ctx) => {
  const name = serviceName(ctx.model.id);
  const spec = SERVICE_SPECS[name];
  const render = RENDERERS[name];
  if (!spec || !render) throw new Error(`no spec for ${ctx.model.id}`);
  if (!ctx.bedrock2025) {
    const detail = invalidFieldDetail(spec, ctx.body);
    if (detail) throw validationError(detail);
  }
  checkSchema(serviceSchema(spec, ctx.bedrock2025), ctx.body);
  const body = effectiveBody(spec, ctx.body as ServiceBody);
  if (
    name === 'stable-outpaint' &&
    !['left', 'right', 'up', 'down'].some((k) => Number(body[k as keyof ServiceBody]) > 0)
  )
    throw malformedInput('#: at least one of [left, right, up, down] must be greater than 0');
  const keepAlpha = name === 'stable-image-remove-background' && body.output_format !== 'jpeg';
  return finishV2(
    ctx,
    body,
    (seed) => render({ modelId: ctx.model.id, name, body, seed, bedrock2025: ctx.bedrock2025 }),
    {
      keepAlpha,
    },
  );
};

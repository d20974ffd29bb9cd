// The effective body of an Image Services request (defaults filled in) and the art key made from it.
import type { V2Body } from '../stability-v2.ts';

export interface ServiceBody extends V2Body {
  image: string;
  mask?: string;
  grow_mask?: number;
  creativity?: number;
  left?: number;
  right?: number;
  up?: number;
  down?: number;
  search_prompt?: string;
  select_prompt?: string;
  control_strength?: number;
  fidelity?: number;
  aspect_ratio?: string;
  init_image?: string;
  style_image?: string;
  style_strength?: number;
  composition_fidelity?: number;
  change_strength?: number;
}

/** One service call's inputs for a renderer: the service, its effective body and the seed. */
export interface ServiceCall {
  modelId: string;
  name: string;
  body: ServiceBody;
  seed: number;
  bedrock2025: boolean;
}

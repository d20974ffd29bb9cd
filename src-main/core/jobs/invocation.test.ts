import { describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { invocationTarget } from './invocation.ts';

const CORE = 'stability.stable-image-core-v1:1';
const INPAINT = 'stability.stable-image-inpaint-v1:0';
const SDXL = 'stability.stable-diffusion-xl-v1';

function refusal(run: () => unknown): EaselError {
  try {
    run();
  } catch (caught) {
    if (caught instanceof EaselError) return caught;
    throw caught;
  }
  throw new Error('expected a refusal');
}

describe('invocationTarget: where a job is invoked', () => {
  it('sends a text-to-image model to us-west-2 by its id, from a us-east-1 profile', () => {
    expect(invocationTarget(CORE, 'us-east-1', ['us-east-1', 'us-west-2'])).toEqual({
      region: 'us-west-2',
      invokeId: CORE,
    });
  });

  it("calls an Image Service through the us. profile from the profile's own region", () => {
    expect(invocationTarget(INPAINT, 'us-east-1', ['us-east-1', 'us-west-2'])).toEqual({
      region: 'us-east-1',
      invokeId: `us.${INPAINT}`,
    });
  });

  it('refuses a model that runs only in regions not allowed, saying where it runs', () => {
    const error = refusal(() => invocationTarget(CORE, 'us-east-1', ['us-east-1']));
    expect(error.code).toBe('model-not-available');
    expect(error.field).toBe('modelId');
    expect(error.message).toMatch(/runs only in us-west-2.*Use us-west-2/);
  });

  it('refuses a retired model, naming its successor', () => {
    const error = refusal(() => invocationTarget(SDXL, 'us-west-2', ['us-west-2']));
    expect(error.code).toBe('model-end-of-life');
    expect(error.message).toMatch(/end of life.*Use Stable Image Core/);
  });

  it('calls an unknown id as given, and every model as given for the Bedrock of 2025', () => {
    expect(invocationTarget('stability.future-model-v9:0', 'eu-west-1', [])).toEqual({
      region: 'eu-west-1',
      invokeId: 'stability.future-model-v9:0',
    });
    expect(invocationTarget(SDXL, 'us-east-1', [], { asGiven: true })).toEqual({ region: 'us-east-1', invokeId: SDXL });
  });
});

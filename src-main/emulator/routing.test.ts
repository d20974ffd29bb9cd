import { describe, expect, it } from 'vitest';
import type { AwsError } from './aws-errors.ts';
import { routeInvocation } from './routing.ts';

const INPAINT = 'stability.stable-image-inpaint-v1:0';

function refusal(id: string, region: string, bedrock2025 = false): [string, string] {
  try {
    routeInvocation(id, { region, bedrock2025 });
  } catch (error) {
    return [(error as AwsError).type, (error as AwsError).message];
  }
  throw new Error(`${id} from ${region} was accepted`);
}

describe('routeInvocation', () => {
  it('finds a model by id, profile id and either ARN, in the regions where it runs', () => {
    expect(routeInvocation('stability.sd3-5-large-v1:0', { region: 'us-west-2', bedrock2025: false }).id).toBe(
      'stability.sd3-5-large-v1:0',
    );
    for (const region of ['us-east-1', 'us-east-2', 'us-west-2']) {
      expect(routeInvocation(`us.${INPAINT}`, { region, bedrock2025: false }).id).toBe(INPAINT);
      const arn = `arn:aws:bedrock:${region}:000000000000:inference-profile/us.${INPAINT}`;
      expect(routeInvocation(arn, { region, bedrock2025: false }).id).toBe(INPAINT);
    }
  });

  it('refuses as Bedrock does: on-demand for profile-only models, invalid elsewhere, end of life when retired', () => {
    expect(refusal(INPAINT, 'us-west-2')[1]).toMatch(
      /^Invocation of model ID stability\.stable-image-inpaint-v1:0 with on-demand/,
    );
    expect(refusal(INPAINT, 'eu-west-1')).toEqual(['ValidationException', 'The provided model identifier is invalid.']);
    expect(refusal('eu.stability.stable-image-inpaint-v1:0', 'eu-west-1')[1]).toBe(
      'The provided model identifier is invalid.',
    );
    expect(
      refusal('arn:aws:bedrock:us-east-1::foundation-model/stability.stable-image-core-v1:1', 'us-west-2')[0],
    ).toBe('ValidationException');
    expect(refusal('not-an-arn:aws', 'us-east-1')[0]).toBe('ValidationException');
    expect(refusal('stability.stable-diffusion-xl-v1', 'us-east-1')[0]).toBe('ResourceNotFoundException');
    expect(refusal('us.stability.stable-diffusion-xl-v1', 'us-east-1')[0]).toBe('ValidationException');
    expect(refusal('amazon.nova-canvas-v1:0', 'eu-west-1')[0]).toBe('ResourceNotFoundException');
  });

  it('in 2025 mode every 2025 model runs everywhere, with or without a prefix; 2026-only entries stay unknown', () => {
    expect(routeInvocation('eu.amazon.nova-canvas-v1:0', { region: 'ap-south-1', bedrock2025: true }).id).toBe(
      'amazon.nova-canvas-v1:0',
    );
    expect(routeInvocation(INPAINT, { region: 'us-east-1', bedrock2025: true }).id).toBe(INPAINT);
    expect(refusal('stability.sd3-large-v1:0', 'us-west-2', true)[0]).toBe('ValidationException');
  });
});

// The converse family: the request built from a thread, the reply parsed, prices from usage, the
// estimate's upper bound, availability from discovery, the region to call from.
import { describe, expect, it } from 'vitest';
import {
  buildConverseRequest,
  converseAvailability,
  converseRegion,
  estimateTurn,
  findConverseModel,
  NOVA_2_OMNI_ID,
  parseConverseResponse,
  tokenCostMicroUsd,
  tokenPrices,
  type ConverseImage,
  type ConverseModelSpec,
} from './index.ts';

const model = findConverseModel(NOVA_2_OMNI_ID) as ConverseModelSpec;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const image = (width = 640, height = 480): ConverseImage => ({
  format: 'png',
  bytes: new Uint8Array(PNG),
  width,
  height,
});

describe('converse catalog', () => {
  it('finds Nova 2 Omni by base id, us. profile and ARN; marks it preview; nothing else', () => {
    expect(model).toMatchObject({ profileId: 'us.amazon.nova-2-omni-v1:0', preview: true, family: 'converse' });
    expect(findConverseModel('us.amazon.nova-2-omni-v1:0')).toBe(model);
    expect(
      findConverseModel('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-2-omni-v1:0'),
    ).toBe(model);
    expect(findConverseModel('stability.stable-image-core-v1:1')).toBeUndefined();
  });

  it('builds the request from a thread: earlier turns alternate, images only in user messages, the new image last', () => {
    const first = image();
    const second = image(1024, 768);
    const request = buildConverseRequest(
      model,
      model.profileId,
      [
        { instruction: 'make the sky stormy', image: first, replyText: 'Stormier now.' },
        { instruction: 'add a boat', image: second, replyText: '' },
      ],
      { instruction: '  keep the lighthouse ', image: image(1024, 768) },
    );
    expect(request.modelId).toBe('us.amazon.nova-2-omni-v1:0');
    expect(request.inferenceConfig).toEqual({ maxTokens: 8192 });
    expect(request.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(request.messages[0]?.content).toEqual([
      { image: { format: 'png', source: { bytes: first.bytes } } },
      { text: 'make the sky stormy' },
    ]);
    expect(request.messages[3]?.content).toEqual([{ text: '(image)' }]);
    expect(request.messages[4]?.content.at(-1)).toEqual({ text: 'keep the lighthouse' });
    expect(
      request.messages.filter((m) => m.role === 'assistant').every((m) => m.content.every((c) => 'text' in c)),
    ).toBe(true);
  });

  it('keeps only the newest 20 images of a long thread (their text stays); refuses an empty instruction', () => {
    const earlier = Array.from({ length: 24 }, (_, i) => ({
      instruction: `turn ${i}`,
      image: image(),
      replyText: 'ok',
    }));
    const request = buildConverseRequest(model, model.profileId, earlier, { instruction: 'last', image: image() });
    const images = request.messages.flatMap((m) => m.content.filter((c) => 'image' in c));
    expect(images).toHaveLength(20);
    expect(request.messages[0]?.content).toEqual([{ text: 'turn 0' }]);
    expect(() => buildConverseRequest(model, model.profileId, [], { instruction: '  ', image: null })).toThrow(
      'Type an instruction to send.',
    );
  });

  it('parses a reply into images, text and usage; filtered and text-only replies say so; garbage is refused', () => {
    const reply = (content: unknown[], stopReason = 'end_turn') => ({
      output: { message: { role: 'assistant', content } },
      stopReason,
      usage: { inputTokens: 10, outputTokens: 20, totalTokens: 30 },
    });
    const ok = parseConverseResponse(
      model,
      reply([{ text: 'Done.' }, { image: { format: 'png', source: { bytes: PNG } } }]),
    );
    expect(ok).toMatchObject({
      text: 'Done.',
      outcome: 'ok',
      usage: { inputTokens: 10, outputTokens: 20, totalTokens: 30 },
    });
    expect(ok.images).toEqual([{ format: 'png', bytes: PNG }]);
    expect(parseConverseResponse(model, reply([{ text: 'blocked' }], 'content_filtered')).outcome).toBe('filtered');
    expect(parseConverseResponse(model, reply([{ text: 'Which boat?' }])).outcome).toBe('text');
    expect(() =>
      parseConverseResponse(
        model,
        reply([{ image: { format: 'png', source: { bytes: new Uint8Array([1, 2, 3, 4]) } } }]),
      ),
    ).toThrow('not a PNG, JPEG or WebP image');
    expect(() => parseConverseResponse(model, { output: {} })).toThrow('does not have the Converse shape');
  });

  it('prices from usage at the per-token table, rounded up; overrides by key; unknown is null, never 0', () => {
    const prices = tokenPrices(model);
    expect(prices).toEqual({ inputPerMillion: 300_000, outputPerMillion: 2_500_000, source: 'catalog:2026-12-01' });
    expect(tokenCostMicroUsd({ inputTokens: 1_000, outputTokens: 1_400 }, prices)).toBe(300 + 3_500);
    expect(tokenCostMicroUsd({ inputTokens: 1, outputTokens: 1 }, prices)).toBe(3); // 0.3 + 2.5 → ⌈2.8⌉
    const overridden = tokenPrices(model, { 'nova-2-omni/output': 3_000_000 });
    expect(overridden.source).toBe('override');
    expect(tokenCostMicroUsd({ inputTokens: 0, outputTokens: 1_000_000 }, overridden)).toBe(3_000_000);
    expect(tokenCostMicroUsd({ inputTokens: 5, outputTokens: 5 }, { ...prices, outputPerMillion: null })).toBeNull();
  });

  it('estimates an upper bound: text bytes, one token per 16×16 px of each image, the full maxTokens of output', () => {
    const sent = image(640, 480);
    const request = buildConverseRequest(model, model.profileId, [], { instruction: 'add birds', image: sent });
    const estimate = estimateTurn(request, [sent], tokenPrices(model));
    expect(estimate.inputTokens).toBe(9 + (640 * 480) / 256);
    expect(estimate.outputTokens).toBe(8192);
    expect(estimate.microUsd).toBe(Math.ceil((estimate.inputTokens * 300_000 + 8192 * 2_500_000) / 1_000_000));
  });

  it('availability: a listing decides per region; a failed listing keeps the built-in table', () => {
    const profile = { inferenceProfileId: model.profileId, modelArns: [], status: 'ACTIVE' };
    expect(
      converseAvailability(model, [
        { region: 'us-east-1', summaries: [], profiles: [profile] },
        { region: 'us-west-2', summaries: [], profiles: [] },
        { region: 'us-east-2', summaries: undefined, profiles: undefined },
        { region: 'eu-west-1', summaries: undefined, profiles: undefined },
      ]),
    ).toEqual({ regions: ['us-east-1', 'us-east-2'], listed: true });
    expect(converseAvailability(model, [{ region: 'us-east-1', summaries: [], profiles: [] }])).toEqual({
      regions: [],
      listed: false,
    });
  });

  it('calls from the profile region when it can, else the first allowed region where it runs', () => {
    expect(converseRegion(model, 'us-east-2', ['us-west-2'])).toBe('us-east-2');
    expect(converseRegion(model, 'eu-west-1', ['eu-west-1', 'us-west-2'])).toBe('us-west-2');
    expect(() => converseRegion(model, 'eu-west-1', ['eu-west-1'])).toThrow(
      /cannot be called from eu-west-1\. It runs from us-east-1/,
    );
    expect(() => converseRegion(model, 'us-east-1', [], [])).toThrow(/does not list it for this account now/);
  });
});

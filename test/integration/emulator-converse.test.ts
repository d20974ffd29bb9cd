// Converse with Nova 2 Omni through the real SDK's ConverseCommand: text → image, image +
// instruction → image (visibly derived from the last input image), a three-turn thread
// (deterministic), usage by the documented token rule, Bedrock's validation wording, content
// filter, throttling, abort mid-call, the preview-access gate and the listings, billing by tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ContentBlock,
  type ConverseCommandOutput,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { BedrockClient, ListFoundationModelsCommand, ListInferenceProfilesCommand } from '@aws-sdk/client-bedrock';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from '../../src-main/emulator/index.ts';
import { runtimeClient } from '../support/emulator-calls.ts';

const OMNI = 'us.amazon.nova-2-omni-v1:0';
let emulator: RunningEmulator;
let east: BedrockRuntimeClient;
let red: Uint8Array;

beforeAll(async () => {
  emulator = await startEmulator({ randomSeed: 11, previewAccess: true });
  east = runtimeClient(emulator, 'us-east-1');
  red = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#c01010' } })
    .png()
    .toBuffer();
});
afterAll(async () => {
  east.destroy();
  await emulator.stop();
});

const user = (text: string, image?: Uint8Array): Message => ({
  role: 'user',
  content: [...(image ? [{ image: { format: 'png', source: { bytes: image } } } as ContentBlock] : []), { text }],
});
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ text }] });

function replyImage(out: ConverseCommandOutput): Uint8Array {
  const block = out.output?.message?.content?.find((c) => c.image !== undefined);
  const bytes = block?.image?.source?.bytes;
  if (!bytes) throw new Error(`no image in the reply (${out.stopReason})`);
  return bytes;
}

const send = (messages: Message[], client = east, maxTokens = 4096): Promise<ConverseCommandOutput> =>
  client.send(new ConverseCommand({ modelId: OMNI, messages, inferenceConfig: { maxTokens } }));

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );
}

describe('Converse: Nova 2 Omni', () => {
  it('text → image: a 1024² PNG, a text block, end_turn and usage by the token rule', async () => {
    const instruction = 'a lighthouse at dusk, orange sky';
    const out = await send([user(instruction)]);
    expect(out.stopReason).toBe('end_turn');
    const meta = await sharp(replyImage(out)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1024, 1024]);
    const text = out.output?.message?.content?.[0]?.text ?? '';
    expect(text).toContain(instruction);
    // ⌈bytes/4⌉ per text block; ⌈w·h/750⌉ per image.
    expect(out.usage).toEqual({
      inputTokens: Math.ceil(instruction.length / 4),
      outputTokens: Math.ceil(Buffer.byteLength(text) / 4) + Math.ceil((1024 * 1024) / 750),
      totalTokens: (out.usage?.inputTokens ?? 0) + (out.usage?.outputTokens ?? 0),
    });
  });

  it('image + instruction → an image derived from the input: its size and, outside the edited region, its colour', async () => {
    const out = await send([user('make the sky blue', red)]);
    const bytes = replyImage(out);
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([640, 480]);
    const corner = [...data.subarray(0, 3)];
    expect(corner[0]).toBeGreaterThan(150); // the red input shows through at the corner
    expect(corner[2]).toBeLessThan(60);
    const middle = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
    const centre = [...data.subarray(middle, middle + 3)];
    expect(centre).not.toEqual(corner); // … and the instruction changed something
    expect(out.usage?.inputTokens).toBe(Math.ceil('make the sky blue'.length / 4) + Math.ceil((640 * 480) / 750));
  });

  it('a three-turn thread: each turn edits the last image; the same thread gives the same bytes', async () => {
    const first = await send([user('add a stormy sky', red)]);
    const one = replyImage(first);
    const turn2 = [user('add a stormy sky', red), assistant('ok'), user('now make it green', one)];
    const second = await send(turn2);
    const two = replyImage(second);
    const turn3 = [...turn2, assistant('ok'), user('keep the lighthouse, add birds', two)];
    const third = await send(turn3);
    const three = replyImage(third);
    expect(Buffer.from(two).equals(Buffer.from(one))).toBe(false);
    expect(Buffer.from(three).equals(Buffer.from(two))).toBe(false);
    expect(Buffer.from(replyImage(await send(turn3))).equals(Buffer.from(three))).toBe(true);
    const imageTokens = (w: number, h: number): number => Math.ceil((w * h) / 750);
    // Every image of the thread counts: red 640×480 and two replies of the same size.
    expect(third.usage?.inputTokens).toBe(
      ['add a stormy sky', 'ok', 'now make it green', 'ok', 'keep the lighthouse, add birds'].reduce(
        (n, t) => n + Math.ceil(t.length / 4),
        0,
      ) +
        3 * imageTokens(640, 480),
    );
  });

  it("refuses what Bedrock refuses, in Bedrock's words", async () => {
    const cases: Array<[Message[], string]> = [
      [
        [assistant('hi'), user('x')],
        'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
      ],
      [
        [user('a'), user('b')],
        'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
      ],
      [
        [user('a'), { role: 'assistant', content: [{ image: { format: 'png', source: { bytes: red } } }] }, user('b')],
        'You can only include images and documents if the role is user.',
      ],
      [
        [{ role: 'user', content: [{ text: '  ' }] }],
        'The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.',
      ],
    ];
    for (const [messages, message] of cases) {
      const error = await failure(send(messages));
      expect([error.name, error.message]).toEqual(['ValidationException', message]);
    }
    const tooMany = await failure(
      send([
        user('x', red),
        assistant('ok'),
        ...Array(19)
          .fill(0)
          .flatMap(() => [user('y', red), assistant('ok')]),
        user('z', red),
      ]),
    );
    expect(tooMany.message).toBe('You can include up to 20 images. This request has 21.');
    const zero = await failure(send([user('x')], east, 0));
    expect(zero.message).toBe(
      "1 validation error detected: Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    const big = await failure(send([user('x')], east, 20_000));
    expect(big.message).toContain('exceeds the model limit of 10000');
    const wrongApi = await failure(
      east.send(new ConverseCommand({ modelId: 'us.stability.stable-image-inpaint-v1:0', messages: [user('x')] })),
    );
    expect(wrongApi.message).toBe(
      "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
    );
    const onDemand = await failure(
      east.send(new ConverseCommand({ modelId: 'amazon.nova-2-omni-v1:0', messages: [user('x')] })),
    );
    expect(onDemand.message).toContain('with on-demand throughput isn’t supported');
    const elsewhere = await failure(
      runtimeClient(emulator, 'eu-west-1').send(new ConverseCommand({ modelId: OMNI, messages: [user('x')] })),
    );
    expect(elsewhere.message).toBe('The provided model identifier is invalid.');
    expect(emulator.billing().filter((b) => b.modelId === 'amazon.nova-2-omni-v1:0')).toEqual([]);
  });

  it('a reply larger than maxTokens stops at max_tokens without an image', async () => {
    const out = await send([user('a tiny budget')], east, 100);
    expect(out.stopReason).toBe('max_tokens');
    expect(out.output?.message?.content?.some((c) => c.image)).toBe(false);
    expect(out.usage?.outputTokens).toBe(100);
  });

  it('filter words: content_filtered, no image, billed for the input and marked filtered', async () => {
    emulator.configure({ filterWords: ['forbidden'] });
    try {
      const before = emulator.billing().length;
      const out = await send([user('a forbidden thing')]);
      expect(out.stopReason).toBe('content_filtered');
      expect(out.output?.message?.content?.some((c) => c.image)).toBe(false);
      expect(out.usage?.outputTokens).toBe(0);
      const entry = emulator.billing()[before];
      expect(entry).toMatchObject({ filtered: true, outputTokens: 0, inputTokens: out.usage?.inputTokens });
    } finally {
      emulator.configure({ filterWords: [] });
    }
  });

  it('throttling and injected failures answer as InvokeModel does, unbilled', async () => {
    const before = emulator.billing().length;
    emulator.configure({ throttleRate: 1 });
    try {
      const error = await failure(send([user('x')]));
      expect([error.name, error.message]).toEqual([
        'ThrottlingException',
        'Too many requests, please wait before trying again.',
      ]);
    } finally {
      emulator.configure({ throttleRate: 0 });
    }
    emulator.failNext('ModelTimeoutException');
    expect((await failure(send([user('x')]))).name).toBe('ModelTimeoutException');
    expect(emulator.billing().length).toBe(before);
  });

  it('an abort mid-call rejects at once; the call that reached the model is billed (it ran)', async () => {
    emulator.configure({ latencyMs: 1500 });
    try {
      const before = emulator.billing().length;
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 200);
      const error = await failure(
        east.send(new ConverseCommand({ modelId: OMNI, messages: [user('slow one')] }), {
          abortSignal: controller.signal,
        }),
      );
      expect(error.name).toBe('AbortError');
      expect(Date.now() - started).toBeLessThan(1200);
      await new Promise((r) => setTimeout(r, 1800));
      expect(emulator.billing().length).toBe(before + 1);
    } finally {
      emulator.configure({ latencyMs: 0 });
    }
  });

  it('bills each call by its tokens at the preview price, rounded up to a micro-dollar; API keys work too', async () => {
    emulator.configure({ apiKeys: ['ABSK-chat-test'] });
    const keyed = new BedrockRuntimeClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      token: { token: 'ABSK-chat-test' },
      authSchemePreference: ['httpBearerAuth'],
      maxAttempts: 1,
    });
    try {
      const out = await send([user('bill me')], keyed);
      const entry = emulator.billing().at(-1);
      const { inputTokens = 0, outputTokens = 0 } = out.usage ?? {};
      expect(entry).toMatchObject({
        modelId: OMNI,
        region: 'us-east-1',
        inputTokens,
        outputTokens,
        priceMicroUsd: Math.ceil((inputTokens * 300_000 + outputTokens * 2_500_000) / 1_000_000),
        filtered: false,
      });
    } finally {
      keyed.destroy();
    }
  });
});

describe('preview access and the listings', () => {
  const plane = (region: string): BedrockClient =>
    new BedrockClient({ endpoint: emulator.url, region, credentials: EMULATOR_DEFAULT_CREDENTIALS, maxAttempts: 1 });

  it('the US profile is listed from the three US regions only, and only with preview access', async () => {
    for (const region of ['us-east-1', 'us-east-2', 'us-west-2']) {
      const client = plane(region);
      const profiles = (await client.send(new ListInferenceProfilesCommand({}))).inferenceProfileSummaries ?? [];
      expect(profiles.find((p) => p.inferenceProfileId === OMNI)).toMatchObject({
        inferenceProfileName: 'US Nova 2 Omni',
        status: 'ACTIVE',
        type: 'SYSTEM_DEFINED',
      });
      const models =
        (await client.send(new ListFoundationModelsCommand({ byProvider: 'Amazon' }))).modelSummaries ?? [];
      expect(models.map((m) => [m.modelId, m.outputModalities])).toEqual([
        ['amazon.nova-2-omni-v1:0', ['TEXT', 'IMAGE']],
      ]);
      client.destroy();
    }
    const eu = plane('eu-west-1');
    expect((await eu.send(new ListInferenceProfilesCommand({}))).inferenceProfileSummaries).toEqual([]);
    eu.destroy();
    emulator.configure({ previewAccess: false });
    try {
      const client = plane('us-east-1');
      const profiles = (await client.send(new ListInferenceProfilesCommand({}))).inferenceProfileSummaries ?? [];
      expect(profiles.map((p) => p.inferenceProfileId)).not.toContain(OMNI);
      client.destroy();
      const denied = await failure(send([user('x')]));
      expect([denied.name, denied.message]).toEqual([
        'AccessDeniedException',
        "You don't have access to the model with the specified model ID.",
      ]);
    } finally {
      emulator.configure({ previewAccess: true });
    }
  });
});

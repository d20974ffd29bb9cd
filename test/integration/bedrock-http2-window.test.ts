// The runtime client's HTTP/2 flow-control windows, as the emulator sees them: Node's client lets a
// server send 64 KiB ahead (per stream and per connection), so an image answer would arrive 64 KiB
// per round trip; Easel's client advertises 8 MiB on both (src-main/core/bedrock/http2-window.ts).
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRuntimeClient, invokeImageModel } from '../../src-main/core/bedrock/index.ts';
import { BEDROCK_2025, EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from '../../src-main/emulator/index.ts';
import type { RunningEmulator } from '../../src-main/emulator/index.ts';
import { GenerationParamsSchema } from '../../src-shared/domain.ts';
import { buildRequestBody, parseResponseBody } from '../../src-shared/models/index.ts';

const NODE_DEFAULT_WINDOW = 65_535;
const EIGHT_MIB = 8 * 2 ** 20;
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, randomSeed: 1, ...BEDROCK_2025 });
});

afterAll(async () => {
  await emu.stop();
});

/** A 320x320 Nova Canvas image: its answer (~97 KB) is larger than Node's default window. */
async function generate(client: BedrockRuntimeClient): Promise<number> {
  const params = GenerationParamsSchema.parse({
    modelId: 'amazon.nova-canvas-v1:0',
    prompt: 'a lighthouse',
    width: 320,
    height: 320,
  });
  const result = await invokeImageModel(client, {
    modelId: params.modelId,
    body: buildRequestBody(params, { seed: 7 }),
  });
  const image = parseResponseBody(params.modelId, result.body).images[0];
  return Buffer.from(image?.base64 ?? '', 'base64').length;
}

async function closed(client: BedrockRuntimeClient): Promise<void> {
  client.destroy();
  await vi.waitFor(() => expect(emu.http2ClientWindows()).toEqual([]));
}

describe('HTTP/2 receive windows', () => {
  it("Easel's runtime client lets the emulator send 8 MiB ahead on the stream and on the connection", async () => {
    const client = createRuntimeClient({
      region: 'us-east-1',
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
      endpoint: emu.url,
    });
    try {
      expect(await generate(client)).toBeGreaterThan(NODE_DEFAULT_WINDOW / 2);
      // the client's WINDOW_UPDATE for the connection may reach the emulator just after the answer
      await vi.waitFor(() =>
        expect(emu.http2ClientWindows()).toEqual([
          { streamWindow: EIGHT_MIB, connectionWindow: expect.toSatisfy((w: number) => w > 4 * 2 ** 20) },
        ]),
      );
      // later answers on the kept session keep the wide window
      expect(await generate(client)).toBeGreaterThan(NODE_DEFAULT_WINDOW / 2);
      expect(emu.http2ClientWindows()).toHaveLength(1);
      expect(emu.http2ClientWindows()[0]?.streamWindow).toBe(EIGHT_MIB);
    } finally {
      await closed(client);
    }
  });

  it("the SDK's own HTTP/2 client keeps Node's 64 KiB windows (what Easel's client widens)", async () => {
    const client = new BedrockRuntimeClient({
      region: 'us-east-1',
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
      endpoint: emu.url,
      maxAttempts: 1,
      requestHandler: { disableConcurrentStreams: false },
    });
    try {
      await generate(client);
      await vi.waitFor(() =>
        expect(emu.http2ClientWindows()).toEqual([
          {
            streamWindow: NODE_DEFAULT_WINDOW,
            connectionWindow: expect.toSatisfy((w: number) => w <= NODE_DEFAULT_WINDOW),
          },
        ]),
      );
    } finally {
      await closed(client);
    }
  });
});

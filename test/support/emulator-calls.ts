// Small helpers for tests that call the emulator through the real SDK: a client per region,
// InvokeModel returning parsed JSON, the SDK exception of a failing call, test pictures.
import sharp from 'sharp';
import {
  BedrockRuntimeClient,
  BedrockRuntimeServiceException,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { EMULATOR_DEFAULT_CREDENTIALS, type RunningEmulator } from '../../src-main/emulator/index.ts';

export function runtimeClient(emulator: RunningEmulator, region: string): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    endpoint: emulator.url,
    region,
    credentials: EMULATOR_DEFAULT_CREDENTIALS,
    maxAttempts: 1,
  });
}

export async function invokeJson(
  client: BedrockRuntimeClient,
  modelId: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const out = await client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body) }));
  return JSON.parse(new TextDecoder().decode(out.body)) as Record<string, unknown>;
}

/** The first image of a Stability-shaped answer. */
export async function invokeImage(client: BedrockRuntimeClient, modelId: string, body: unknown): Promise<string> {
  const out = await invokeJson(client, modelId, body);
  const image = (out.images as string[] | undefined)?.[0];
  if (typeof image !== 'string') throw new Error(`no image in ${JSON.stringify(out).slice(0, 200)}`);
  return image;
}

export async function invokeFailure(
  client: BedrockRuntimeClient,
  modelId: string,
  body: unknown,
): Promise<BedrockRuntimeServiceException> {
  try {
    await invokeJson(client, modelId, body);
  } catch (error) {
    if (error instanceof BedrockRuntimeServiceException) return error;
    throw error;
  }
  throw new Error(`expected ${modelId} to fail`);
}

export async function solidPng(width: number, height: number, colour: string): Promise<string> {
  return (
    await sharp({ create: { width, height, channels: 3, background: colour } })
      .png()
      .toBuffer()
  ).toString('base64');
}

/** RGB(A) values of one pixel of a base64 image. */
export async function pixelAt(base64: string, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(Buffer.from(base64, 'base64')).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [...data.subarray(i, i + info.channels)];
}

export async function imageMeta(base64: string): Promise<{ width: number; height: number; format: string }> {
  const meta = await sharp(Buffer.from(base64, 'base64')).metadata();
  return { width: meta.width, height: meta.height, format: meta.format };
}

// Bedrock's async invocations (bedrock-runtime StartAsyncInvoke, GetAsyncInvoke, ListAsyncInvokes)
// for Luma Ray2, as the AWS "Luma AI models" page describes it: the request is checked at once
// (ValidationException in Bedrock's wording), the invocation is InProgress for `videoSeconds` of
// simulated work per second of video, then Completed with `output.mp4` in the caller's bucket
// under `<s3Uri>/<invocation id>/`, or Failed with a failureMessage (filtered prompt, bucket denied).
// A repeated clientRequestToken returns the same invocation (idempotent: never started twice).
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { AwsError, malformedInput, MESSAGES, validationError } from './aws-errors.ts';
import { EMULATOR_ACCOUNT_ID } from './routing.ts';
import type { S3Store } from './s3.ts';
import { obj, oneOf, str, violations, type Schema } from './schema.ts';
import { renderVideo } from './video/render-video.ts';

export const LUMA_RAY2_ID = 'luma.ray-v2:0';
export const LUMA_REGIONS: readonly string[] = ['us-west-2'];
/** Per second of video by resolution, µUSD (the emulator's own copy of AWS's price). */
export const LUMA_PRICE_PER_SECOND: Readonly<Record<string, number>> = { '540p': 750_000, '720p': 1_500_000 };

const frame: Schema = obj(
  {
    type: oneOf(['image']),
    source: obj(
      { type: oneOf(['base64']), media_type: oneOf(['image/jpeg', 'image/png']), data: str({ minLength: 1 }) },
      ['type', 'media_type', 'data'],
    ),
  },
  ['type', 'source'],
);

const LUMA_INPUT: Schema = {
  type: 'object',
  properties: {
    prompt: str({ minLength: 1, maxLength: 5000 }),
    aspect_ratio: oneOf(['1:1', '16:9', '9:16', '4:3', '3:4', '21:9', '9:21']),
    loop: { type: 'boolean' },
    duration: oneOf(['5s', '9s']),
    resolution: oneOf(['540p', '720p']),
    keyframes: { type: 'object', properties: { frame0: frame, frame1: frame }, additional: false },
  },
  required: ['prompt'],
  additional: false,
};

export type AsyncStatus = 'InProgress' | 'Completed' | 'Failed';

export interface AsyncInvocation {
  invocationArn: string;
  modelArn: string;
  clientRequestToken: string;
  status: AsyncStatus;
  failureMessage?: string;
  submitTime: string;
  lastModifiedTime: string;
  endTime?: string;
  outputDataConfig: { s3OutputDataConfig: { s3Uri: string } };
}

export interface AsyncKnobs {
  videoSeconds: number;
  videoFps: number;
  isFiltered(text: string): boolean;
}

export interface AsyncBilling {
  invocationArn: string;
  modelId: string;
  priceMicroUsd: number;
  seconds: number;
  resolution: string;
  region: string;
}

interface LumaInput {
  prompt: string;
  aspect_ratio?: string;
  loop?: boolean;
  duration?: string;
  resolution?: string;
  keyframes?: { frame0?: { source: { data: string } }; frame1?: { source: { data: string } } };
}

function parseS3Uri(uri: string): { bucket: string; prefix: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  return match ? { bucket: match[1] ?? '', prefix: (match[2] ?? '').replace(/\/+$/, '') } : undefined;
}

function frameSize(resolution: string, aspect: string): { width: number; height: number } {
  const short = resolution === '720p' ? 720 : 540;
  const [w = 16, h = 9] = aspect.split(':').map(Number);
  const even = (n: number): number => Math.round(n / 2) * 2;
  return w >= h ? { width: even((short * w) / h), height: short } : { width: short, height: even((short * h) / w) };
}

async function decodeFrame(data: string | undefined, name: string): Promise<Buffer | undefined> {
  if (data === undefined) return undefined;
  const bytes = Buffer.from(data, 'base64');
  try {
    await sharp(bytes).metadata();
  } catch {
    throw validationError(
      `Unable to process the provided image in keyframes.${name}. Provide a valid PNG or JPEG image.`,
    );
  }
  return bytes;
}

export class AsyncInvocations {
  readonly #byArn = new Map<string, AsyncInvocation>();
  readonly #byToken = new Map<string, string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #s3: S3Store;
  readonly #knobs: () => AsyncKnobs;
  readonly #bill: (entry: AsyncBilling) => void;

  constructor(s3: S3Store, knobs: () => AsyncKnobs, bill: (entry: AsyncBilling) => void) {
    this.#s3 = s3;
    this.#knobs = knobs;
    this.#bill = bill;
  }

  /** StartAsyncInvoke: checks, then answers the ARN at once; the work finishes later. */
  async start(body: unknown, region: string): Promise<{ invocationArn: string }> {
    const request = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const token = typeof request.clientRequestToken === 'string' ? request.clientRequestToken : undefined;
    const known = token === undefined ? undefined : this.#byToken.get(token);
    if (known) return { invocationArn: known };
    if (request.modelId !== LUMA_RAY2_ID || !LUMA_REGIONS.includes(region))
      throw validationError(MESSAGES.invalidModel);
    const found = violations(LUMA_INPUT, request.modelInput);
    if (found.length > 0) throw malformedInput(found);
    const input = request.modelInput as LumaInput;
    const output = (request.outputDataConfig as { s3OutputDataConfig?: { s3Uri?: unknown } } | undefined)
      ?.s3OutputDataConfig?.s3Uri;
    const target = typeof output === 'string' ? parseS3Uri(output) : undefined;
    if (!target) throw validationError('The provided S3 URI is invalid. Provide a URI such as s3://bucket/prefix.');
    const bucketRegion = this.#s3.bucketRegion(target.bucket);
    if (bucketRegion === undefined) throw validationError(`The S3 bucket ${target.bucket} does not exist.`);
    if (bucketRegion !== region)
      throw validationError(
        `The S3 bucket ${target.bucket} is in ${bucketRegion}; the output bucket must be in the same region as the model (${region}).`,
      );
    const frames = {
      frame0: await decodeFrame(input.keyframes?.frame0?.source.data, 'frame0'),
      frame1: await decodeFrame(input.keyframes?.frame1?.source.data, 'frame1'),
    };
    const id = randomBytes(6).toString('hex');
    const now = new Date().toISOString();
    const invocation: AsyncInvocation = {
      invocationArn: `arn:aws:bedrock:${region}:${EMULATOR_ACCOUNT_ID}:async-invoke/${id}`,
      modelArn: `arn:aws:bedrock:${region}::foundation-model/${LUMA_RAY2_ID}`,
      clientRequestToken: token ?? randomBytes(16).toString('hex'),
      status: 'InProgress',
      submitTime: now,
      lastModifiedTime: now,
      outputDataConfig: {
        s3OutputDataConfig: { s3Uri: `s3://${target.bucket}/${target.prefix ? `${target.prefix}/` : ''}${id}` },
      },
    };
    this.#byArn.set(invocation.invocationArn, invocation);
    this.#byToken.set(invocation.clientRequestToken, invocation.invocationArn);
    const seconds = input.duration === '9s' ? 9 : 5;
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        void this.#finish(
          invocation,
          input,
          frames,
          { ...target, key: `${target.prefix ? `${target.prefix}/` : ''}${id}/output.mp4` },
          seconds,
          region,
        );
      },
      this.#knobs().videoSeconds * seconds * 1000,
    );
    this.#timers.add(timer);
    return { invocationArn: invocation.invocationArn };
  }

  async #finish(
    invocation: AsyncInvocation,
    input: LumaInput,
    frames: { frame0?: Buffer; frame1?: Buffer },
    where: { bucket: string; key: string },
    seconds: number,
    region: string,
  ): Promise<void> {
    const knobs = this.#knobs();
    const fail = (message: string): void => this.#end(invocation, 'Failed', message);
    if (knobs.isFiltered(input.prompt))
      return fail('The prompt or keyframes were blocked by content filters. Revise them and try again.');
    if (this.#s3.isDenied(where.bucket))
      return fail(`Access denied: Amazon Bedrock could not write to s3://${where.bucket}. Check the bucket policy.`);
    try {
      const resolution = input.resolution ?? '720p';
      const size = frameSize(resolution, input.aspect_ratio ?? '16:9');
      const mp4 = await renderVideo({ prompt: input.prompt, ...size, seconds, fps: knobs.videoFps, ...frames });
      this.#s3.put(where.bucket, where.key, mp4, 'video/mp4');
      this.#end(invocation, 'Completed');
      this.#bill({
        invocationArn: invocation.invocationArn,
        modelId: LUMA_RAY2_ID,
        priceMicroUsd: (LUMA_PRICE_PER_SECOND[resolution] ?? 0) * seconds,
        seconds,
        resolution,
        region,
      });
    } catch (error) {
      fail(`The model could not generate the video: ${error instanceof Error ? error.message.slice(0, 200) : 'error'}`);
    }
  }

  #end(invocation: AsyncInvocation, status: AsyncStatus, failureMessage?: string): void {
    const now = new Date().toISOString();
    invocation.status = status;
    invocation.lastModifiedTime = now;
    invocation.endTime = now;
    if (failureMessage !== undefined) invocation.failureMessage = failureMessage;
  }

  /** GetAsyncInvoke. */
  get(rawArn: string): AsyncInvocation {
    let arn: string;
    try {
      arn = decodeURIComponent(rawArn);
    } catch {
      arn = rawArn;
    }
    const found = this.#byArn.get(arn);
    if (!found) throw new AwsError(404, 'ResourceNotFoundException', 'The specified invocation ARN does not exist.');
    return { ...found };
  }

  /** ListAsyncInvokes: newest first by default, `statusEquals`, paged by `maxResults`/`nextToken`. */
  list(params: URLSearchParams): { asyncInvokeSummaries: AsyncInvocation[]; nextToken?: string } {
    const status = params.get('statusEquals');
    if (status !== null && !['InProgress', 'Completed', 'Failed'].includes(status))
      throw validationError(
        `1 validation error detected: Value '${status}' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set: [Completed, InProgress, Failed]`,
      );
    const ascending = params.get('sortOrder') === 'Ascending';
    const all = [...this.#byArn.values()]
      .filter((i) => status === null || i.status === status)
      .sort((a, b) => (a.submitTime < b.submitTime ? -1 : a.submitTime > b.submitTime ? 1 : 0) * (ascending ? 1 : -1));
    const start = Number(params.get('nextToken') ?? 0) || 0;
    const max = Math.min(1000, Number(params.get('maxResults') ?? 1000) || 1000);
    const page = all.slice(start, start + max).map((i) => ({ ...i }));
    return start + max < all.length
      ? { asyncInvokeSummaries: page, nextToken: String(start + max) }
      : { asyncInvokeSummaries: page };
  }

  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}

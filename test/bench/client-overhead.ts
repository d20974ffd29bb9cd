// Issue 2 benchmark: Easel's per-image client overhead through the AWS SDK and the emulator at zero
// latency (build body + sign + send over HTTP/2 + JSON parse + parse response + base64 decode),
// against the floor: a bare HTTP/2 POST of the same body, signed once up front, to the same server.
// Both hit the same emulator code path (signature check, validation, render, encode), so the
// ratio shows what the client side adds. Two more calls split that overhead: the bare POST that
// then reads its answer (JSON.parse and base64 decode, what any client must do to hold the image)
// and the SDK's InvokeModel alone (signed per call, its middleware, the body collected; no Easel
// code, nothing parsed).
import { connect } from 'node:http2';
import { availableParallelism, loadavg } from 'node:os';
import type { ClientHttp2Session } from 'node:http2';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../support/node-sha256.ts';
import { BEDROCK_2025, startEmulator, EMULATOR_DEFAULT_CREDENTIALS } from '../../src-main/emulator/index.ts';
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { createRuntimeClient, invokeImageModel } from '../../src-main/core/bedrock/index.ts';
import { buildRequestBody, parseResponseBody } from '../../src-shared/models/index.ts';
import { GenerationParamsSchema } from '../../src-shared/domain.ts';
import type { GenerationParamsInput } from '../../src-shared/domain.ts';
import { startDelayProxy } from './delay-proxy.ts';
import { formatRatio, formatSummary, summarize, timeAlternating, timeInTurn } from './stats.ts';

const REGION = 'us-east-1';

/** Signs once; the emulator accepts the signature for five minutes, longer than the bench runs. */
async function signedHeaders(url: URL, path: string, body: string): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: 'bedrock',
    region: REGION,
    credentials: EMULATOR_DEFAULT_CREDENTIALS,
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: {},
    headers: { host: url.host, 'content-type': 'application/json', accept: 'application/json' },
    body,
  });
  return signed.headers;
}

function bareHttp2Post(
  session: ClientHttp2Session,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const { host: _host, ...rest } = headers;
    const stream = session.request({ ':method': 'POST', ':path': path, ...rest });
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.end(body);
  });
}

/** The bare POST, then what any client does to hold the image: JSON.parse and base64 decode. */
async function bareHttp2PostRead(
  post: () => Promise<Buffer>,
  imageOf: (answer: Record<string, unknown>) => unknown,
): Promise<Buffer> {
  const answer = JSON.parse((await post()).toString('utf8')) as Record<string, unknown>;
  const base64 = imageOf(answer);
  if (typeof base64 !== 'string') throw new Error('no image');
  return Buffer.from(base64, 'base64');
}

const firstOf = (list: unknown): unknown => (Array.isArray(list) ? (list as unknown[])[0] : undefined);

interface BenchCase {
  label: string;
  params: GenerationParamsInput;
  /** Where the family's answer keeps its first image's base64 (for the bare POST that reads it). */
  imageOf: (answer: Record<string, unknown>) => unknown;
}

const CASES: BenchCase[] = [
  {
    label: 'Nova Canvas 320x320',
    params: { modelId: 'amazon.nova-canvas-v1:0', prompt: 'a lighthouse at dusk', width: 320, height: 320 },
    imageOf: (answer) => firstOf(answer.images),
  },
  {
    label: 'SDXL 1.0 1024x1024',
    params: {
      modelId: 'stability.stable-diffusion-xl-v1',
      prompt: 'a lighthouse at dusk',
      width: 1024,
      height: 1024,
      steps: 30,
    },
    imageOf: (answer) => (firstOf(answer.artifacts) as { base64?: unknown } | undefined)?.base64,
  },
];

interface Clients {
  url: URL;
  session: ClientHttp2Session;
  /** Easel's runtime client: one HTTP/2 session kept open. */
  easel: BedrockRuntimeClient;
  /** The SDK's own default for this client: a new HTTP/2 connection for every call. */
  perCallConnection: BedrockRuntimeClient;
}

async function benchCase(clients: Clients, { label, params: input, imageOf }: BenchCase, iterations: number) {
  const params = GenerationParamsSchema.parse(input);
  const viaEasel = (runtime: BedrockRuntimeClient) => async (): Promise<Buffer> => {
    const body = buildRequestBody(params, { seed: 1234 });
    const result = await invokeImageModel(runtime, { modelId: params.modelId, body });
    const parsed = parseResponseBody(params.modelId, result.body);
    const first = parsed.images[0];
    if (!first) throw new Error('no image');
    return Buffer.from(first.base64, 'base64');
  };
  const body = JSON.stringify(buildRequestBody(params, { seed: 1234 }));
  const path = `/model/${encodeURIComponent(params.modelId)}/invoke`;
  const headers = await signedHeaders(clients.url, path, body);
  const bare = () => bareHttp2Post(clients.session, path, headers, body);
  const bytes = new TextEncoder().encode(body);
  const sdkAlone = () =>
    clients.easel.send(
      new InvokeModelCommand({
        modelId: params.modelId,
        body: bytes,
        contentType: 'application/json',
        accept: 'application/json',
      }),
      { abortSignal: new AbortController().signal },
    );
  // The four take turns call by call, so load from other processes hits all alike.
  const turns = await timeInTurn(iterations, [
    viaEasel(clients.easel),
    bare,
    () => bareHttp2PostRead(bare, imageOf),
    sdkAlone,
  ]);
  const [easel = [], bareOnly = [], bareRead = [], sdk = []] = turns.map((samples) => samples.wall);
  const [easelCpu, bareCpu, readCpu, sdkCpu] = turns.map((samples) => summarize(samples.cpu).median);
  const [perCall = []] = await timeAlternating(Math.ceil(iterations / 2), viaEasel(clients.perCallConnection), bare);
  const [easelSummary, bareSummary, readSummary, sdkSummary, perCallSummary] = [
    easel,
    bareOnly,
    bareRead,
    sdk,
    perCall,
  ].map(summarize);
  if (!easelSummary || !bareSummary || !readSummary || !sdkSummary || !perCallSummary) throw new Error('no samples');
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  return [
    formatSummary(`client: Easel via SDK, ${label}`, easelSummary),
    formatSummary(`client: bare HTTP/2 POST, ${label}`, bareSummary),
    formatSummary(`client: bare POST + JSON.parse + decode, ${label}`, readSummary),
    formatSummary(`client: SDK InvokeModel alone, ${label}`, sdkSummary),
    formatRatio(`client: overhead ratio, ${label}`, easelSummary, bareSummary, 1.1),
    formatRatio(`client: Easel / bare POST that reads, ${label}`, easelSummary, readSummary),
    formatRatio(`client: SDK alone / bare POST, ${label}`, sdkSummary, bareSummary),
    formatSummary(`client: before (a connection per call), ${label}`, perCallSummary) +
      `   ${(perCallSummary.median / bareSummary.median).toFixed(2)}× bare`,
    `client: overhead per image, ${label}`.padEnd(44) +
      ` ${ms(easelSummary.median - bareSummary.median)} (median difference); the SDK alone adds ` +
      `${ms(sdkSummary.median - bareSummary.median)}, reading the answer ${ms(readSummary.median - bareSummary.median)}`,
    `client: CPU per call (process), ${label}`.padEnd(44) +
      ` median Easel ${ms(easelCpu ?? NaN)}, bare ${ms(bareCpu ?? NaN)}, bare + reading ${ms(readCpu ?? NaN)}, ` +
      `SDK alone ${ms(sdkCpu ?? NaN)}`,
  ];
}

/**
 * Easel's runtime client against the SDK's own HTTP/2 client (one kept session, Node's 64 KiB
 * receive windows: Easel's client before it widened them) through a 40 ms round trip.
 */
async function benchRoundTrip(emulatorUrl: string, iterations: number): Promise<string[]> {
  const proxy = await startDelayProxy(new URL(emulatorUrl), 20);
  const target = { region: REGION, credentials: EMULATOR_DEFAULT_CREDENTIALS, endpoint: proxy.url };
  const easel = createRuntimeClient(target);
  const narrow = new BedrockRuntimeClient({
    ...target,
    maxAttempts: 1,
    requestHandler: { disableConcurrentStreams: false },
  });
  const lines: string[] = [];
  try {
    for (const { label, params: input } of CASES) {
      const params = GenerationParamsSchema.parse(input);
      const call = (runtime: BedrockRuntimeClient) => () =>
        invokeImageModel(runtime, { modelId: params.modelId, body: buildRequestBody(params, { seed: 1234 }) });
      const [wide, defaults] = await timeAlternating(iterations, call(easel), call(narrow), 1);
      const [wideSummary, defaultsSummary] = [wide, defaults].map(summarize);
      if (!wideSummary || !defaultsSummary) throw new Error('no samples');
      lines.push(
        formatSummary(`client: 40 ms round trip, 8 MiB windows, ${label}`, wideSummary),
        formatSummary(`client: 40 ms round trip, 64 KiB windows, ${label}`, defaultsSummary),
      );
    }
  } finally {
    easel.destroy();
    narrow.destroy();
    await proxy.close();
  }
  return lines;
}

export async function benchClientOverhead(iterations: number): Promise<string[]> {
  const emulator = await startEmulator({ port: 0, latencyMs: 0, ...BEDROCK_2025 });
  const lines: string[] = [];
  try {
    const url = new URL(emulator.url);
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(1))
        .join(' ');
    lines.push(`client: load average ${load()} on ${availableParallelism()} CPUs`);
    const target = { region: REGION, credentials: EMULATOR_DEFAULT_CREDENTIALS, endpoint: emulator.url };
    const clients: Clients = {
      url,
      session: connect(emulator.url),
      easel: createRuntimeClient(target),
      // What Easel used before it kept one session open, for the before/after in the same run.
      perCallConnection: new BedrockRuntimeClient({ ...target, maxAttempts: 1 }),
    };
    try {
      for (const benchedCase of CASES) lines.push(...(await benchCase(clients, benchedCase, iterations)));
      lines.push(...(await benchRoundTrip(emulator.url, Math.max(3, Math.ceil(iterations / 6)))));
    } finally {
      clients.session.close();
      clients.easel.destroy();
      clients.perCallConnection.destroy();
    }
    lines.push(`client: load average at the end ${load()}`);
  } finally {
    await emulator.stop();
  }
  return lines;
}

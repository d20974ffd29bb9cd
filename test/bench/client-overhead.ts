// Issue 2 benchmark: Easel's per-image client overhead through the AWS SDK and the emulator at zero
// latency (build body + sign + send over HTTP/2 + JSON parse + parse response + base64 decode),
// against the floor: a bare HTTP/2 POST of the same body, signed once up front, to the same server.
// Both hit the same emulator code path (signature check, validation, render, encode), so the
// ratio shows what the client side adds.
import { connect } from 'node:http2';
import { availableParallelism, loadavg } from 'node:os';
import type { ClientHttp2Session } from 'node:http2';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../support/node-sha256.ts';
import { BEDROCK_2025, startEmulator, EMULATOR_DEFAULT_CREDENTIALS } from '../../src-main/emulator/index.ts';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createRuntimeClient, invokeImageModel } from '../../src-main/core/bedrock/index.ts';
import { buildRequestBody, parseResponseBody } from '../../src-shared/models/index.ts';
import { GenerationParamsSchema } from '../../src-shared/domain.ts';
import { formatRatio, formatSummary, summarize, timeAlternating } from './stats.ts';

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

export async function benchClientOverhead(iterations: number): Promise<string[]> {
  const emulator = await startEmulator({ port: 0, latencyMs: 0, ...BEDROCK_2025 });
  const lines: string[] = [];
  try {
    const url = new URL(emulator.url);
    lines.push(
      `client: load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${availableParallelism()} CPUs`,
    );
    const client = createRuntimeClient({
      region: REGION,
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
      endpoint: emulator.url,
    });
    // The SDK's own default for this client: a new HTTP/2 connection for every call (what Easel
    // used before it kept one session open), for the before/after in the same run.
    const perCallConnection = new BedrockRuntimeClient({
      region: REGION,
      credentials: EMULATOR_DEFAULT_CREDENTIALS,
      endpoint: emulator.url,
      maxAttempts: 1,
    });
    const session = connect(emulator.url);
    const cases = [
      {
        label: 'Nova Canvas 320x320',
        params: { modelId: 'amazon.nova-canvas-v1:0', prompt: 'a lighthouse at dusk', width: 320, height: 320 },
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
      },
    ];
    for (const { label, params: input } of cases) {
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
      const headers = await signedHeaders(url, path, body);
      // Easel and the bare POST alternate call by call, so load from other processes hits both alike.
      const [easel, bare] = await timeAlternating(iterations, viaEasel(client), () =>
        bareHttp2Post(session, path, headers, body),
      );
      const [perCall] = await timeAlternating(Math.ceil(iterations / 2), viaEasel(perCallConnection), () =>
        bareHttp2Post(session, path, headers, body),
      );
      const easelSummary = summarize(easel);
      const bareSummary = summarize(bare);
      lines.push(formatSummary(`client: Easel via SDK, ${label}`, easelSummary));
      lines.push(formatSummary(`client: bare HTTP/2 POST, ${label}`, bareSummary));
      lines.push(formatRatio(`client: overhead ratio, ${label}`, easelSummary, bareSummary, 1.1));
      lines.push(
        formatSummary(`client: before (a connection per call), ${label}`, summarize(perCall)) +
          `   ${(summarize(perCall).median / bareSummary.median).toFixed(2)}× bare`,
      );
      lines.push(
        `client: overhead per image, ${label}`.padEnd(44) +
          ` ${(easelSummary.median - bareSummary.median).toFixed(2)} ms (median difference)`,
      );
    }
    session.close();
    client.destroy();
    perCallConnection.destroy();
  } finally {
    await emulator.stop();
  }
  return lines;
}

// One emulator instance: routes (InvokeModel, ListFoundationModels, /__emulator/* admin), the
// request pipeline (SigV4, model, knobs, family handler, billing) and its state.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AwsError,
  ERROR_NAMESPACE,
  EXCEPTION_STATUS,
  MESSAGES,
  endOfLifeError,
  namedError,
  validationError,
} from './aws-errors.ts';
import type { EmulatorConfig } from './config.ts';
import { applyConfigPatch, DEFAULT_CONFIG } from './config.ts';
import type { FamilyHandler, InvokeResult } from './families/common.ts';
import { invokeAmazonImage } from './families/amazon-image.ts';
import { invokeStabilityService } from './families/stability-services.ts';
import { invokeStabilityV1 } from './families/stability-v1.ts';
import { invokeStabilityV2 } from './families/stability-v2.ts';
import type { EmulatedModel, Family } from './models.ts';
import { baseModelId, MODELS, resolveModel } from './models.ts';
import { listPriceMicroUsd } from './prices.ts';
import { randomSeed32, seededRandom } from './random.ts';
import type { Credentials } from './sigv4.ts';
import { verifySigV4 } from './sigv4.ts';
import type { AnyRequest, AnyResponse } from './transport.ts';
import { listenDualProtocol } from './transport.ts';

export const MAX_BODY_BYTES = 25_000_000;

export const EMULATOR_DEFAULT_CREDENTIALS: Credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

export interface BillingEntry {
  requestId: string;
  modelId: string;
  priceMicroUsd: number;
  at: string;
  filtered: boolean;
}

export interface EmulatorOptions extends Partial<EmulatorConfig> {
  port?: number;
  credentials?: Credentials[];
  region?: string;
  randomSeed?: number;
  prices?: Record<string, number>;
}

export interface RunningEmulator {
  url: string;
  port: number;
  config(): EmulatorConfig;
  configure(patch: Partial<EmulatorConfig>): void;
  billing(): BillingEntry[];
  requests(): number;
  env(): Record<string, string>;
  /** Makes the next InvokeModel calls fail with these exception names (e.g. 'ModelTimeoutException'). */
  failNext(...exceptions: string[]): void;
  /**
   * Makes the next ListFoundationModels calls (the control plane, e.g. Easel's Check connection)
   * fail with these exception names; an AccessDeniedException says the caller may not list models.
   */
  failNextList(...exceptions: string[]): void;
  stop(): Promise<void>;
}

const HANDLERS: Record<Family, FamilyHandler> = {
  'stability-v1': invokeStabilityV1,
  'stability-v2': invokeStabilityV2,
  'stability-services': invokeStabilityService,
  'amazon-image': invokeAmazonImage,
};

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

function errorReply(error: AwsError, requestId: string): Reply {
  return json(
    error.status,
    { message: error.message },
    {
      'x-amzn-ErrorType': `${error.type}:${ERROR_NAMESPACE}`,
      'x-amzn-RequestId': requestId,
    },
  );
}

class BodyTooLarge extends Error {}

/** Reads the body; an oversized one is drained (so HTTP/2 flow control stays sane) and then refused. */
async function readBody(req: AnyRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    else chunks.length = 0;
  }
  if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
  return Buffer.concat(chunks);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const region = options.region ?? 'us-east-1';
  const credentials = options.credentials ?? [EMULATOR_DEFAULT_CREDENTIALS];
  const prices = options.prices ?? {};
  const { port: _port, credentials: _c, region: _r, randomSeed: _s, prices: _p, ...knobs } = options;
  let config = applyConfigPatch(
    DEFAULT_CONFIG,
    Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined)),
  );
  const rootSeed = options.randomSeed ?? randomSeed32();
  // One stream per kind of draw, so turning one knob does not shift the others' outcomes.
  const draws = {
    throttle: seededRandom(rootSeed ^ 0x1111),
    serverError: seededRandom(rootSeed ^ 0x2222),
    malformed: seededRandom(rootSeed ^ 0x3333),
    seed: seededRandom(rootSeed ^ 0x4444),
  };
  const billing: BillingEntry[] = [];
  const forced: string[] = [];
  const forcedList: string[] = [];
  let requestCount = 0;

  function isFiltered(text: string): boolean {
    const lower = text.toLowerCase();
    return config.filterWords.some((word) => lower.includes(word.toLowerCase()));
  }

  function isEndOfLife(model: EmulatedModel): boolean {
    return config.endOfLifeModels.some((id) => baseModelId(id) === model.id);
  }

  async function invoke(rawModelId: string, body: Buffer, requestId: string): Promise<Reply> {
    const started = Date.now();
    let invokedId: string;
    try {
      invokedId = decodeURIComponent(rawModelId);
    } catch {
      throw validationError(MESSAGES.invalidModel);
    }
    const model = resolveModel(invokedId);
    if (!model) throw validationError(MESSAGES.invalidModel);
    if (isEndOfLife(model)) throw endOfLifeError();
    const injected = forced.shift();
    if (injected) throw namedError(injected);
    if (config.throttleRate > 0 && draws.throttle() < config.throttleRate) {
      throw namedError('ThrottlingException', MESSAGES.throttled);
    }
    if (config.serverErrorRate > 0 && draws.serverError() < config.serverErrorRate) {
      throw namedError(draws.serverError() < 0.5 ? 'InternalServerException' : 'ServiceUnavailableException');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw validationError(
        'Malformed input request: #: expected type: JSONObject, found: String, please reformat your input and try again.',
      );
    }
    const result: InvokeResult = await HANDLERS[model.family]({
      invokedId,
      model,
      body: parsed,
      isFiltered,
      randomSeed: (max) => 1 + Math.floor(draws.seed() * max),
      price: (detail) => listPriceMicroUsd(model, detail, prices),
    });
    if (config.latencyMs > 0) await sleep(config.latencyMs);
    let text = JSON.stringify(result.build(result.images));
    if (config.malformedRate > 0 && draws.malformed() < config.malformedRate) text = malform(result, text);
    const at = new Date().toISOString();
    for (const billed of result.billed)
      billing.push({
        requestId,
        modelId: invokedId,
        priceMicroUsd: billed.priceMicroUsd,
        at,
        filtered: billed.filtered,
      });
    return {
      status: 200,
      headers: {
        'content-type': 'application/json',
        'x-amzn-RequestId': requestId,
        'x-amzn-bedrock-invocation-latency': String(Date.now() - started),
      },
      body: text,
    };
  }

  /** The three broken-but-200 bodies, picked reproducibly from the malformed stream. */
  function malform(result: InvokeResult, text: string): string {
    const kind = Math.floor(draws.malformed() * 3);
    if (kind === 0 || result.images.length === 0) return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    if (kind === 1) return JSON.stringify(result.build(result.images.map(() => '@@not*base64%%')));
    const notImage = Buffer.from('this is not an image, the emulator was asked for a malformed response').toString(
      'base64',
    );
    return JSON.stringify(result.build(result.images.map(() => notImage)));
  }

  function listFoundationModels(url: URL): Reply {
    const modality = url.searchParams.get('byOutputModality');
    const provider = url.searchParams.get('byProvider');
    const inference = url.searchParams.get('byInferenceType');
    const summaries = MODELS.filter((m) => !isEndOfLife(m))
      .filter(() => modality === null || modality === 'IMAGE')
      .filter((m) => provider === null || m.provider.toLowerCase().startsWith(provider.toLowerCase()))
      .filter((m) => inference === null || (m.inferenceTypes as string[]).includes(inference))
      .map((m) => ({
        modelArn: `arn:aws:bedrock:${region}::foundation-model/${m.id}`,
        modelId: m.id,
        modelName: m.name,
        providerName: m.provider,
        inputModalities: m.inputModalities,
        outputModalities: ['IMAGE'],
        responseStreamingSupported: false,
        customizationsSupported: [],
        inferenceTypesSupported: m.inferenceTypes,
        modelLifecycle: { status: m.lifecycle },
      }));
    return json(200, { modelSummaries: summaries });
  }

  async function admin(req: AnyRequest, path: string, body: Buffer): Promise<Reply> {
    if (path === '/__emulator/config' && req.method === 'GET') return json(200, config);
    if (path === '/__emulator/config' && req.method === 'POST') {
      try {
        config = applyConfigPatch(config, JSON.parse(body.toString('utf8') || '{}'));
        return json(200, config);
      } catch (error) {
        return json(400, { message: error instanceof Error ? error.message : String(error) });
      }
    }
    if (path === '/__emulator/billing' && req.method === 'GET') return json(200, billing);
    if (path === '/__emulator/fail-next' && req.method === 'POST') {
      try {
        // A name, an array of names (InvokeModel), or {operation, exceptions} to pick the operation.
        let parsed: unknown = JSON.parse(body.toString('utf8'));
        let queue = forced;
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
          const { operation, exceptions } = parsed as { operation?: unknown; exceptions?: unknown };
          if (operation === 'ListFoundationModels') queue = forcedList;
          else if (operation !== 'InvokeModel')
            throw new Error('operation must be InvokeModel or ListFoundationModels');
          parsed = exceptions;
        }
        const list = Array.isArray(parsed) ? parsed : [parsed];
        if (!list.every((e): e is string => typeof e === 'string' && EXCEPTION_STATUS[e] !== undefined))
          throw new Error('unknown exception name');
        queue.push(...list);
        return json(200, { queued: queue });
      } catch (error) {
        return json(400, {
          message: `expected a JSON exception name, an array of them, or {"operation", "exceptions"}: ${error instanceof Error ? error.message : ''}`,
        });
      }
    }
    return json(404, { message: `no admin route ${req.method ?? ''} ${path}` });
  }

  async function route(req: AnyRequest): Promise<Reply> {
    const requestId = randomUUID();
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://emulator');
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) return errorReply(validationError(MESSAGES.bodyTooLarge), requestId);
      throw error;
    }
    if (url.pathname.startsWith('/__emulator/')) return admin(req, url.pathname, body);
    requestCount++;
    try {
      verifySigV4({ method: req.method ?? 'GET', rawUrl, headers: req.headers, body }, credentials, region);
      const invokeMatch = /^\/model\/([^/]+)\/invoke$/.exec(url.pathname);
      if (invokeMatch && req.method === 'POST') return await invoke(invokeMatch[1] ?? '', body, requestId);
      if (url.pathname === '/foundation-models' && req.method === 'GET') {
        const injected = forcedList.shift();
        if (injected)
          throw namedError(injected, injected === 'AccessDeniedException' ? MESSAGES.listDenied : undefined);
        return {
          ...listFoundationModels(url),
          headers: { 'content-type': 'application/json', 'x-amzn-RequestId': requestId },
        };
      }
      throw new AwsError(404, 'UnknownOperationException', `No operation matches ${req.method ?? ''} ${url.pathname}`);
    } catch (error) {
      if (error instanceof AwsError) return errorReply(error, requestId);
      throw error;
    }
  }

  function handle(req: AnyRequest, res: AnyResponse): void {
    route(req).then(
      (reply) => send(res, reply),
      (error: unknown) => {
        if (req.socket.destroyed) return;
        console.error('[emulator] unexpected failure:', error);
        send(res, errorReply(namedError('InternalServerException'), randomUUID()));
      },
    );
  }

  function send(res: AnyResponse, reply: Reply): void {
    if (res.headersSent || res.destroyed) return;
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
    try {
      res.statusCode = reply.status;
      for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
      res.setHeader('content-length', String(body.length));
      res.end(body);
    } catch {
      // The client went away (stream reset) between our check and the write: nothing to answer.
    }
  }

  const listener = await listenDualProtocol(options.port ?? 0, handle);
  const port = listener.port;
  const url = `http://127.0.0.1:${port}`;
  const firstKey = credentials[0] ?? EMULATOR_DEFAULT_CREDENTIALS;

  return {
    url,
    port,
    config: () => structuredClone(config),
    configure: (patch) => {
      config = applyConfigPatch(config, patch);
    },
    billing: () => billing.map((entry) => ({ ...entry })),
    requests: () => requestCount,
    env: () => ({
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url,
      AWS_ENDPOINT_URL_BEDROCK: url,
      AWS_ACCESS_KEY_ID: firstKey.accessKeyId,
      AWS_SECRET_ACCESS_KEY: firstKey.secretAccessKey,
      ...(firstKey.sessionToken ? { AWS_SESSION_TOKEN: firstKey.sessionToken } : {}),
      AWS_REGION: region,
    }),
    failNext: (...exceptions) => {
      for (const name of exceptions)
        if (EXCEPTION_STATUS[name] === undefined) throw new Error(`unknown exception ${name}`);
      forced.push(...exceptions);
    },
    failNextList: (...exceptions) => {
      for (const name of exceptions)
        if (EXCEPTION_STATUS[name] === undefined) throw new Error(`unknown exception ${name}`);
      forcedList.push(...exceptions);
    },
    stop: () => listener.close(),
  };
}

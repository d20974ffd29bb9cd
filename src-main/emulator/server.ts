// One emulator instance: routes (InvokeModel, ListFoundationModels, /__emulator/* admin), the
// request pipeline (SigV4, model, knobs, family handler, billing) and its state.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runAdmin, type FailQueues } from './admin.ts';
import { AsyncInvocations } from './async-invoke.ts';
import type { Caller } from './auth.ts';
import { authenticate } from './auth.ts';
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
import { applyConfigPatch, DEFAULT_CONFIG, DEFAULT_VIDEO_FPS, DEFAULT_VIDEO_SECONDS } from './config.ts';
import type { ListingState } from './control-plane.ts';
import { listFoundationModels, listInferenceProfiles } from './control-plane.ts';
import { cutImageData } from './cut-image.ts';
import type { FamilyHandler, InvokeResult } from './families/common.ts';
import { invokeAmazonImage } from './families/amazon-image.ts';
import { invokeStabilityService } from './families/stability-services.ts';
import { invokeStabilityV1 } from './families/stability-v1.ts';
import { invokeStabilityV2 } from './families/stability-v2.ts';
import { converse } from './families/converse.ts';
import type { EmulatedModel, InvokeFamily } from './models.ts';
import { baseModelId, BEDROCK_REGIONS } from './models.ts';
import { listPriceMicroUsd, tokenPriceMicroUsd } from './prices.ts';
import { randomSeed32, seededRandom } from './random.ts';
import { routeInvocation } from './routing.ts';
import { S3Error, s3ErrorReply, s3RequestId, S3Store } from './s3.ts';
import type { Credentials } from './sigv4.ts';
import { scopeRegionOf, scopeServiceOf, verifySigV4 } from './sigv4.ts';
import type { AnyRequest, AnyResponse } from './transport.ts';
import { listenDualProtocol } from './transport.ts';
import type { Http2ClientWindow } from './transport.ts';

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
  /** The region the call was made in (its SigV4 scope, or the API key's). */
  region: string;
  /** The seed the request asked for (`seed`, or `imageGenerationConfig.seed`); null when it asked for none. */
  seed: number | null;
  /** An async invocation's ARN (video: billed per second when it completes; `requestId` is the ARN too). */
  invocationArn?: string;
  /** Seconds of video billed (async invocations). */
  seconds?: number;
  /** Converse calls: the tokens billed (the response's `usage`); absent for InvokeModel's per-image entries. */
  inputTokens?: number;
  outputTokens?: number;
}

export interface EmulatorOptions extends Partial<EmulatorConfig> {
  port?: number;
  credentials?: Credentials[];
  /**
   * The home region: AWS_REGION in env(), the region of long-term API keys (unless `apiKeyRegion`),
   * and in 2025 mode the only valid signing region. Default us-east-1.
   */
  region?: string;
  /** Regions a SigV4 scope may name (default: every Bedrock region; 2025 mode: `region` only). */
  regions?: string[];
  randomSeed?: number;
  prices?: Record<string, number>;
  /** The folder S3 objects are kept in (default: a temporary folder removed at stop). */
  s3Dir?: string;
}

export interface RunningEmulator {
  url: string;
  port: number;
  config(): EmulatorConfig;
  configure(patch: Partial<EmulatorConfig>): void;
  billing(): BillingEntry[];
  requests(): number;
  /** InvokeModel and Converse requests received (any outcome); requests() also counts the control plane's. */
  invocations(): number;
  /** The flow-control windows each open HTTP/2 client connection gives the emulator (how much it may send ahead). */
  http2ClientWindows(): Http2ClientWindow[];
  env(): Record<string, string>;
  /** Makes the next InvokeModel calls fail with these exception names (e.g. 'ModelTimeoutException'). */
  failNext(...exceptions: string[]): void;
  /**
   * Makes the next ListFoundationModels calls (the control plane, e.g. Easel's Check connection)
   * fail with these exception names; an AccessDeniedException says the caller may not list models.
   */
  failNextList(...exceptions: string[]): void;
  /** Makes the next ListInferenceProfiles calls fail with these exception names. */
  failNextProfiles(...exceptions: string[]): void;
  /** The keys of one S3 bucket (sorted); [] when it does not exist. */
  s3Keys(bucket: string): string[];
  /** Creates a bucket as if the account had made it (in `region`, default us-west-2). */
  createBucket(name: string, region?: string): void;
  stop(): Promise<void>;
}

const HANDLERS: Record<InvokeFamily, FamilyHandler> = {
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

/** The draws of one instance: one seeded stream per kind, so turning one knob does not shift the others. */
function drawStreams(rootSeed: number): Record<'throttle' | 'serverError' | 'malformed' | 'seed', () => number> {
  return {
    throttle: seededRandom(rootSeed ^ 0x1111),
    serverError: seededRandom(rootSeed ^ 0x2222),
    malformed: seededRandom(rootSeed ^ 0x3333),
    seed: seededRandom(rootSeed ^ 0x4444),
  };
}

function checkedExceptions(exceptions: string[]): string[] {
  for (const name of exceptions) if (EXCEPTION_STATUS[name] === undefined) throw new Error(`unknown exception ${name}`);
  return exceptions;
}

/** One emulator's state and request pipeline (see README: order of checks, billing). */
class Emulator {
  config: EmulatorConfig;
  readonly billing: BillingEntry[] = [];
  readonly queues: FailQueues = { InvokeModel: [], ListFoundationModels: [], ListInferenceProfiles: [] };
  requestCount = 0;
  invokeCount = 0;
  readonly #draws: ReturnType<typeof drawStreams>;

  readonly options: EmulatorOptions;
  readonly region: string;
  readonly credentials: Credentials[];
  readonly s3: S3Store;
  readonly ownS3Dir: boolean;
  readonly async: AsyncInvocations;

  constructor(options: EmulatorOptions, region: string, credentials: Credentials[]) {
    this.options = options;
    this.region = region;
    this.credentials = credentials;
    this.ownS3Dir = options.s3Dir === undefined;
    this.s3 = new S3Store(
      options.s3Dir ?? mkdtempSync(join(tmpdir(), 'easel-emulator-s3-')),
      () => this.config.s3AccessDenied ?? [],
    );
    this.async = new AsyncInvocations(
      this.s3,
      () => ({
        videoSeconds: this.config.videoSeconds ?? DEFAULT_VIDEO_SECONDS,
        videoFps: this.config.videoFps ?? DEFAULT_VIDEO_FPS,
        isFiltered: this.isFiltered,
      }),
      (billed) =>
        this.billing.push({
          requestId: billed.invocationArn,
          invocationArn: billed.invocationArn,
          modelId: billed.modelId,
          priceMicroUsd: billed.priceMicroUsd,
          seconds: billed.seconds,
          at: new Date().toISOString(),
          filtered: false,
          region: billed.region,
          seed: null,
        }),
    );
    const {
      port: _port,
      credentials: _c,
      region: _r,
      regions: _rs,
      randomSeed: _s,
      prices: _p,
      s3Dir: _d,
      ...knobs
    } = options;
    this.config = applyConfigPatch(
      DEFAULT_CONFIG,
      Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined)),
    );
    this.#draws = drawStreams(options.randomSeed ?? randomSeed32());
  }

  get bedrock2025(): boolean {
    return this.config.bedrock2025 === true;
  }

  isFiltered = (text: string): boolean => {
    const lower = text.toLowerCase();
    return this.config.filterWords.some((word) => lower.includes(word.toLowerCase()));
  };

  isEndOfLife = (model: EmulatedModel): boolean =>
    this.config.endOfLifeModels.some((id) => baseModelId(id) === model.id);

  isLegacyInactive = (model: EmulatedModel): boolean =>
    (this.config.legacyInactiveModels ?? []).some((id) => baseModelId(id) === model.id);

  caller(req: AnyRequest, rawUrl: string, body: Buffer): Caller {
    const served = this.options.regions ?? [...BEDROCK_REGIONS];
    return authenticate(
      { method: req.method ?? 'GET', rawUrl, headers: req.headers, body },
      {
        credentials: this.credentials,
        regions: this.bedrock2025 ? [this.region] : [...new Set([...served, this.region])],
        apiKeys: this.config.apiKeys ?? [],
        apiKeyRegion: this.config.apiKeyRegion ?? this.region,
      },
    );
  }

  listing(region: string): ListingState {
    return {
      region,
      bedrock2025: this.bedrock2025,
      isEndOfLife: this.isEndOfLife,
      isLegacyInactive: this.isLegacyInactive,
      previewAccess: this.config.previewAccess === true,
    };
  }

  /** Model id → model, with the lifecycle knobs; then the failure knobs, in README order. */
  admit(rawModelId: string, region: string): { invokedId: string; model: EmulatedModel } {
    let invokedId: string;
    try {
      invokedId = decodeURIComponent(rawModelId);
    } catch {
      throw validationError(MESSAGES.invalidModel);
    }
    const model = routeInvocation(invokedId, { region, bedrock2025: this.bedrock2025 });
    if (this.isEndOfLife(model)) throw endOfLifeError(this.bedrock2025);
    if (this.isLegacyInactive(model)) throw namedError('AccessDeniedException', MESSAGES.legacyInactive);
    if (model.preview === true && this.config.previewAccess !== true) throw namedError('AccessDeniedException');
    const injected = this.queues.InvokeModel.shift();
    if (injected) throw namedError(injected);
    if (this.config.throttleRate > 0 && this.#draws.throttle() < this.config.throttleRate) {
      throw namedError('ThrottlingException', MESSAGES.throttled);
    }
    if (this.config.serverErrorRate > 0 && this.#draws.serverError() < this.config.serverErrorRate) {
      throw namedError(this.#draws.serverError() < 0.5 ? 'InternalServerException' : 'ServiceUnavailableException');
    }
    return { invokedId, model };
  }

  async invoke(rawModelId: string, body: Buffer, requestId: string, region: string): Promise<Reply> {
    const started = Date.now();
    const { invokedId, model } = this.admit(rawModelId, region);
    if (model.family === 'converse') throw validationError(MESSAGES.converseOnly);
    const handler = model.family ? HANDLERS[model.family] : undefined;
    if (!handler) throw validationError(MESSAGES.invalidModel);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw validationError(
        'Malformed input request: #: expected type: JSONObject, found: String, please reformat your input and try again.',
      );
    }
    const result: InvokeResult = await handler({
      invokedId,
      model,
      body: parsed,
      bedrock2025: this.bedrock2025,
      isFiltered: this.isFiltered,
      randomSeed: (max) => 1 + Math.floor(this.#draws.seed() * max),
      price: (detail) => listPriceMicroUsd(model, detail, this.options.prices ?? {}),
    });
    if (this.config.latencyMs > 0) await sleep(this.config.latencyMs);
    let text = JSON.stringify(result.build(this.config.cutImages ? result.images.map(cutImageData) : result.images));
    if (this.config.malformedRate > 0 && this.#draws.malformed() < this.config.malformedRate)
      text = this.malform(result, text);
    const at = new Date().toISOString();
    for (const billed of result.billed)
      this.billing.push({
        requestId,
        modelId: invokedId,
        priceMicroUsd: billed.priceMicroUsd,
        at,
        filtered: billed.filtered,
        region,
        seed: requestedSeed(parsed),
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

  /** One Converse call (README "Converse"): same admission and knobs as InvokeModel, billed by tokens. */
  async converse(rawModelId: string, body: Buffer, requestId: string, region: string): Promise<Reply> {
    const started = Date.now();
    const { invokedId, model } = this.admit(rawModelId, region);
    if (model.family !== 'converse') throw validationError(MESSAGES.converseUnsupported);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new AwsError(400, 'SerializationException', 'Start of structure or map found where not expected.');
    }
    const result = await converse(model, parsed, this.isFiltered);
    if (this.config.latencyMs > 0) await sleep(this.config.latencyMs);
    const latencyMs = Date.now() - started;
    this.billing.push({
      requestId,
      modelId: invokedId,
      priceMicroUsd: tokenPriceMicroUsd(model, result.usage),
      at: new Date().toISOString(),
      filtered: result.filtered,
      region,
      seed: null,
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
    });
    const reply = result.body as { metrics: { latencyMs: number } };
    reply.metrics.latencyMs = latencyMs;
    return json(200, reply, { 'x-amzn-RequestId': requestId });
  }

  /** The three broken-but-200 bodies, picked reproducibly from the malformed stream. */
  malform(result: InvokeResult, text: string): string {
    const kind = Math.floor(this.#draws.malformed() * 3);
    if (kind === 0 || result.images.length === 0) return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    if (kind === 1) return JSON.stringify(result.build(result.images.map(() => '@@not*base64%%')));
    const notImage = Buffer.from('this is not an image, the emulator was asked for a malformed response').toString(
      'base64',
    );
    return JSON.stringify(result.build(result.images.map(() => notImage)));
  }

  /** The control-plane listings (after SigV4), each with its own queue of injected failures. */
  controlPlane(method: string, url: URL, requestId: string, region: string): Reply | undefined {
    const operations = {
      '/foundation-models': ['ListFoundationModels', listFoundationModels],
      '/inference-profiles': ['ListInferenceProfiles', listInferenceProfiles],
    } as const;
    const entry = method === 'GET' ? operations[url.pathname as keyof typeof operations] : undefined;
    if (!entry) return undefined;
    const [operation, list] = entry;
    const injected = this.queues[operation].shift();
    if (injected)
      throw namedError(
        injected,
        injected === 'AccessDeniedException'
          ? MESSAGES.listDenied.replaceAll('ListFoundationModels', operation)
          : undefined,
      );
    return json(200, list(url.searchParams, this.listing(region)), { 'x-amzn-RequestId': requestId });
  }

  /** StartAsyncInvoke, GetAsyncInvoke, ListAsyncInvokes (after SigV4); undefined for other paths. */
  async asyncRoute(
    method: string,
    url: URL,
    body: Buffer,
    requestId: string,
    region: string,
  ): Promise<Reply | undefined> {
    const headers = { 'x-amzn-RequestId': requestId };
    if (url.pathname === '/async-invoke' && method === 'POST') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw validationError('Malformed request body: expected a JSON object.');
      }
      return json(200, await this.async.start(parsed, region), headers);
    }
    if (url.pathname === '/async-invoke' && method === 'GET')
      return json(200, this.async.list(url.searchParams), headers);
    const arn = /^\/async-invoke\/(.+)$/.exec(url.pathname)?.[1];
    if (arn !== undefined && method === 'GET') return json(200, this.async.get(arn), headers);
    return undefined;
  }

  /** The S3 API (SigV4 service s3); errors in S3's XML. */
  s3Route(req: AnyRequest, rawUrl: string, url: URL, body: Buffer): Reply {
    const requestId = s3RequestId();
    const method = req.method ?? 'GET';
    try {
      const served = this.options.regions ?? [...BEDROCK_REGIONS];
      try {
        verifySigV4(
          { method, rawUrl, headers: req.headers, body },
          this.credentials,
          [...new Set([...served, this.region])],
          Date.now(),
          's3',
        );
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        throw new S3Error(error.status, S3_AUTH_CODES[error.type] ?? error.type, error.message);
      }
      const reply = this.s3.handle({
        method,
        url,
        headers: req.headers,
        body,
        region: scopeRegionOf(req.headers) ?? '',
      });
      return { ...reply, headers: { ...reply.headers, 'x-amz-request-id': requestId } };
    } catch (error) {
      if (error instanceof S3Error) return s3ErrorReply(error, requestId, method);
      throw error;
    }
  }

  async route(req: AnyRequest): Promise<Reply> {
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
    if (url.pathname.startsWith('/__emulator/')) {
      const reply = runAdmin(req.method ?? 'GET', url.pathname, body.toString('utf8'), {
        config: () => this.config,
        patchConfig: (patch) => (this.config = applyConfigPatch(this.config, patch)),
        billing: () => this.billing,
        queues: this.queues,
      });
      return json(reply.status, reply.value);
    }
    this.requestCount++;
    if (scopeServiceOf(req.headers) === 's3') return this.s3Route(req, rawUrl, url, body);
    try {
      const { region } = this.caller(req, rawUrl, body);
      const asyncReply = await this.asyncRoute(req.method ?? 'GET', url, body, requestId, region);
      if (asyncReply) return asyncReply;
      const invokeMatch = /^\/model\/([^/]+)\/(invoke|converse)$/.exec(url.pathname);
      if (invokeMatch && req.method === 'POST') {
        this.invokeCount++;
        const [, modelId = '', operation] = invokeMatch;
        if (operation === 'converse') return await this.converse(modelId, body, requestId, region);
        return await this.invoke(modelId, body, requestId, region);
      }
      const listed = this.controlPlane(req.method ?? 'GET', url, requestId, region);
      if (listed) return listed;
      throw new AwsError(404, 'UnknownOperationException', `No operation matches ${req.method ?? ''} ${url.pathname}`);
    } catch (error) {
      if (error instanceof AwsError) return errorReply(error, requestId);
      throw error;
    }
  }
}

/** How the SDK names S3's SigV4 refusals (XML codes, not Bedrock's exception names). */
const S3_AUTH_CODES: Record<string, string> = {
  InvalidSignatureException: 'SignatureDoesNotMatch',
  UnrecognizedClientException: 'InvalidAccessKeyId',
  MissingAuthenticationTokenException: 'AccessDenied',
  IncompleteSignatureException: 'AuthorizationHeaderMalformed',
};

function send(res: AnyResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  try {
    res.statusCode = reply.status;
    for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
    if (reply.headers['content-length'] === undefined) res.setHeader('content-length', String(body.length));
    res.end(body);
  } catch {
    // The client went away (stream reset) between our check and the write: nothing to answer.
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const region = options.region ?? 'us-east-1';
  const credentials = options.credentials ?? [EMULATOR_DEFAULT_CREDENTIALS];
  const emulator = new Emulator(options, region, credentials);
  const handle = (req: AnyRequest, res: AnyResponse): void => {
    emulator.route(req).then(
      (reply) => send(res, reply),
      (error: unknown) => {
        if (req.socket.destroyed) return;
        console.error('[emulator] unexpected failure:', error);
        send(res, errorReply(namedError('InternalServerException'), randomUUID()));
      },
    );
  };
  const listener = await listenDualProtocol(options.port ?? 0, handle);
  const url = `http://127.0.0.1:${listener.port}`;
  const firstKey = credentials[0] ?? EMULATOR_DEFAULT_CREDENTIALS;
  return {
    url,
    port: listener.port,
    config: () => structuredClone(emulator.config),
    configure: (patch) => {
      emulator.config = applyConfigPatch(emulator.config, patch);
    },
    billing: () => emulator.billing.map((entry) => ({ ...entry })),
    requests: () => emulator.requestCount,
    invocations: () => emulator.invokeCount,
    http2ClientWindows: () => listener.http2ClientWindows(),
    env: () => ({
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url,
      AWS_ENDPOINT_URL_BEDROCK: url,
      AWS_ENDPOINT_URL_S3: url,
      AWS_ACCESS_KEY_ID: firstKey.accessKeyId,
      AWS_SECRET_ACCESS_KEY: firstKey.secretAccessKey,
      ...(firstKey.sessionToken ? { AWS_SESSION_TOKEN: firstKey.sessionToken } : {}),
      AWS_REGION: region,
    }),
    failNext: (...exceptions) => emulator.queues.InvokeModel.push(...checkedExceptions(exceptions)),
    failNextList: (...exceptions) => emulator.queues.ListFoundationModels.push(...checkedExceptions(exceptions)),
    failNextProfiles: (...exceptions) => emulator.queues.ListInferenceProfiles.push(...checkedExceptions(exceptions)),
    s3Keys: (bucket) => emulator.s3.keys(bucket),
    createBucket: (name, bucketRegion = 'us-west-2') => {
      emulator.s3.createBucket(name, bucketRegion);
    },
    stop: async () => {
      emulator.async.stop();
      await listener.close();
      if (emulator.ownS3Dir) emulator.s3.remove();
    },
  };
}

/** The seed a request body asks for, whichever family's field carries it. */
function requestedSeed(body: unknown): number | null {
  const record = (value: unknown): Record<string, unknown> | null =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  const top = record(body);
  const seed = top?.seed ?? record(top?.imageGenerationConfig)?.seed;
  return typeof seed === 'number' ? seed : null;
}

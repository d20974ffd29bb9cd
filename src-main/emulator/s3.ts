// A minimal Amazon S3 on the emulator's port, for the SDK's S3 client with path-style addressing
// (`/bucket/key`) and SigV4 service `s3`: CreateBucket, HeadBucket, ListBuckets, GetBucketLocation,
// PutObject, GetObject, HeadObject, ListObjectsV2, DeleteObject. Object bytes live in the
// emulator's own folder; the index is in memory. Errors are S3's XML. Knobs: `s3AccessDenied`
// (buckets every call is refused on, Bedrock's writes too) and buckets in another region, made by
// CreateBucket with a LocationConstraint, answer AuthorizationHeaderMalformed as S3 does.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface S3Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

interface StoredObject {
  file: string;
  bytes: number;
  etag: string;
  contentType: string;
  lastModified: Date;
}

interface Bucket {
  region: string;
  createdAt: Date;
  objects: Map<string, StoredObject>;
}

export class S3Error extends Error {
  readonly status: number;
  readonly code: string;
  readonly extra: Record<string, string>;
  constructor(status: number, code: string, message: string, extra: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function xml(status: number, body: string, headers: Record<string, string> = {}): S3Reply {
  return {
    status,
    headers: { 'content-type': 'application/xml', ...headers },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

export function s3ErrorReply(error: S3Error, requestId: string, method: string): S3Reply {
  const headers: Record<string, string> = { 'x-amz-request-id': requestId };
  if (error.extra.Region) headers['x-amz-bucket-region'] = error.extra.Region;
  // HEAD answers carry no body: the SDK names the error from the status.
  if (method === 'HEAD') return { status: error.status, headers, body: '' };
  const extra = Object.entries(error.extra)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  return xml(
    error.status,
    `<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`,
    headers,
  );
}

/** The body of an `aws-chunked` upload (STREAMING-… payloads): the chunks' data, trailers dropped. */
function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

export interface S3Request {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The region the request was signed for. */
  region: string;
}

export class S3Store {
  readonly #dir: string;
  readonly #buckets = new Map<string, Bucket>();
  #denied: () => readonly string[];

  constructor(dir: string, denied: () => readonly string[]) {
    this.#dir = dir;
    this.#denied = denied;
    mkdirSync(dir, { recursive: true });
  }

  bucketRegion(name: string): string | undefined {
    return this.#buckets.get(name)?.region;
  }

  isDenied(name: string): boolean {
    return this.#denied().includes(name);
  }

  createBucket(name: string, region: string): boolean {
    if (this.#buckets.has(name)) return false;
    this.#buckets.set(name, { region, createdAt: new Date(), objects: new Map() });
    return true;
  }

  /** Bedrock's own write (no SigV4 of the caller): the invocation's output. */
  put(bucket: string, key: string, bytes: Buffer, contentType: string): void {
    const target = this.#buckets.get(bucket);
    if (!target) throw new Error(`no bucket ${bucket}`);
    const file = join(this.#dir, createHash('sha256').update(`${bucket}\n${key}`).digest('hex'));
    writeFileSync(file, bytes);
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    target.objects.set(key, { file, bytes: bytes.length, etag, contentType, lastModified: new Date() });
  }

  objectCount(): number {
    let n = 0;
    for (const bucket of this.#buckets.values()) n += bucket.objects.size;
    return n;
  }

  keys(bucket: string): string[] {
    return [...(this.#buckets.get(bucket)?.objects.keys() ?? [])].sort();
  }

  remove(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }

  handle(request: S3Request): S3Reply {
    const [, bucketName = '', ...rest] = request.url.pathname.split('/');
    const bucket = decodeURIComponent(bucketName);
    const key = rest.map(decodeURIComponent).join('/');
    const method = request.method;
    if (bucket === '') {
      if (method === 'GET') return this.#listBuckets();
      throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
    if (method === 'PUT' && key === '' && !request.url.search) return this.#createBucket(bucket, request);
    const found = this.#buckets.get(bucket);
    if (!found) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
    if (this.isDenied(bucket)) throw new S3Error(403, 'AccessDenied', 'Access Denied');
    if (method === 'GET' && key === '' && request.url.searchParams.has('location')) {
      const constraint = found.region === 'us-east-1' ? '' : found.region;
      return xml(200, `<LocationConstraint xmlns="${XMLNS}">${constraint}</LocationConstraint>`);
    }
    if (found.region !== request.region) {
      throw new S3Error(
        400,
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; the region '${request.region}' is wrong; expecting '${found.region}'`,
        { Region: found.region },
      );
    }
    if (key === '') {
      if (method === 'HEAD') return { status: 200, headers: { 'x-amz-bucket-region': found.region }, body: '' };
      if (method === 'GET' && request.url.searchParams.get('list-type') === '2')
        return this.#listObjects(bucket, found, request.url.searchParams);
      throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
    return this.#object(method, bucket, found, key, request);
  }

  #createBucket(name: string, request: S3Request): S3Reply {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name))
      throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
    const text = request.body.toString('utf8');
    const constraint = /<LocationConstraint>([^<]*)<\/LocationConstraint>/.exec(text)?.[1] ?? '';
    const region = constraint === '' ? 'us-east-1' : constraint;
    if (region !== request.region) {
      throw new S3Error(
        400,
        'IllegalLocationConstraintException',
        `The ${region} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      );
    }
    if (!this.createBucket(name, region)) {
      throw new S3Error(
        409,
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        { BucketName: name },
      );
    }
    return { status: 200, headers: { location: `/${name}` }, body: '' };
  }

  #listBuckets(): S3Reply {
    const items = [...this.#buckets.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(
        ([name, b]) =>
          `<Bucket><Name>${name}</Name><CreationDate>${b.createdAt.toISOString()}</CreationDate><BucketRegion>${b.region}</BucketRegion></Bucket>`,
      )
      .join('');
    return xml(
      200,
      `<ListAllMyBucketsResult xmlns="${XMLNS}"><Owner><ID>emulator</ID></Owner><Buckets>${items}</Buckets></ListAllMyBucketsResult>`,
    );
  }

  #listObjects(name: string, bucket: Bucket, params: URLSearchParams): S3Reply {
    const prefix = params.get('prefix') ?? '';
    const max = Math.min(1000, Number(params.get('max-keys') ?? 1000) || 1000);
    const after = params.get('continuation-token') ?? params.get('start-after') ?? '';
    const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const page = keys.slice(0, max);
    const truncated = keys.length > page.length;
    const contents = page
      .map((k) => {
        const o = bucket.objects.get(k) as StoredObject;
        return `<Contents><Key>${escapeXml(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${escapeXml(o.etag)}</ETag><Size>${o.bytes}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    const next = truncated ? `<NextContinuationToken>${escapeXml(page.at(-1) ?? '')}</NextContinuationToken>` : '';
    return xml(
      200,
      `<ListBucketResult xmlns="${XMLNS}"><Name>${name}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`,
    );
  }

  #object(method: string, name: string, bucket: Bucket, key: string, request: S3Request): S3Reply {
    if (method === 'PUT') {
      const declared = request.headers['x-amz-content-sha256'];
      const streaming = typeof declared === 'string' && declared.startsWith('STREAMING-');
      const bytes = streaming ? decodeAwsChunked(request.body) : request.body;
      const type = request.headers['content-type'];
      this.put(name, key, bytes, typeof type === 'string' ? type : 'application/octet-stream');
      return { status: 200, headers: { etag: bucket.objects.get(key)?.etag ?? '' }, body: '' };
    }
    const object = bucket.objects.get(key);
    if (method === 'DELETE') {
      bucket.objects.delete(key);
      if (object) rmSync(object.file, { force: true });
      return { status: 204, headers: {}, body: '' };
    }
    if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
    const headers = {
      'content-type': object.contentType,
      etag: object.etag,
      'last-modified': object.lastModified.toUTCString(),
      'accept-ranges': 'bytes',
    };
    if (method === 'HEAD')
      return { status: 200, headers: { ...headers, 'content-length': String(object.bytes) }, body: '' };
    if (method === 'GET') return { status: 200, headers, body: readFileSync(object.file) };
    throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
}

export function s3RequestId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
}

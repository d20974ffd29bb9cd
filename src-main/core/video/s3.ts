// The user's output bucket through @aws-sdk/client-s3: where Bedrock writes (checked before any
// money is reserved: it must exist, be ours to read, and be in the model's region), creating it in
// that region, the MP4's streamed download (size and type checked), and its deletion afterwards.
// S3's refusals become the contract's codes: s3-access-denied, s3-wrong-region, s3-no-bucket.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { EaselError } from '../../../src-shared/errors.ts';
import { redactSecrets } from '../../../src-shared/redact.ts';

export interface S3Location {
  bucket: string;
  /** Without leading or trailing slash; '' for the bucket's root. */
  prefix: string;
}

export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri.trim());
  if (!match)
    throw new EaselError('validation', `"${uri}" is not an S3 location: use s3://bucket or s3://bucket/prefix.`, {
      field: 'bucket',
    });
  return { bucket: match[1] ?? '', prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

export interface S3Target {
  region: string;
  credentials: NonNullable<ConstructorParameters<typeof S3Client>[0]>['credentials'];
  profile?: string;
  /** An endpoint override (the emulator): path-style addressing then. */
  endpoint?: string;
}

export function endpointForS3(env: Record<string, string | undefined>): string | undefined {
  const value = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function createS3Client(target: S3Target): S3Client {
  return new S3Client({
    region: target.region,
    credentials: target.credentials,
    maxAttempts: 3,
    ...(target.profile === undefined ? {} : { profile: target.profile }),
    ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint, forcePathStyle: true }),
  });
}

interface S3ErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
  Region?: string;
}

/** What an S3 failure means for the user, naming the bucket and what to do. */
export function mapS3Error(error: unknown, bucket: string, region: string): EaselError {
  if (error instanceof EaselError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as S3ErrorLike;
  const status = e.$metadata?.httpStatusCode;
  const said = redactSecrets(e.message ?? String(error));
  const otherRegion = e.Region ?? e.$response?.headers?.['x-amz-bucket-region'];
  if (
    e.name === 'AuthorizationHeaderMalformed' ||
    e.name === 'PermanentRedirect' ||
    status === 301 ||
    (status === 400 && otherRegion)
  )
    return new EaselError(
      's3-wrong-region',
      `The bucket ${bucket} is in ${otherRegion ?? 'another region'}, but the video model runs in ${region} and Bedrock writes only to a bucket in its own region. Choose or create a bucket in ${region}.`,
      { cause: error, field: 'bucket' },
    );
  if (e.name === 'AccessDenied' || e.name === 'Forbidden' || status === 403)
    return new EaselError(
      's3-access-denied',
      `Access to the bucket ${bucket} was denied. The profile needs s3:GetObject, s3:ListBucket and s3:DeleteObject on it (and Bedrock s3:PutObject). AWS said: ${said}`,
      { cause: error, field: 'bucket' },
    );
  if (e.name === 'NoSuchBucket' || e.name === 'NotFound' || status === 404)
    return new EaselError(
      's3-no-bucket',
      `The bucket ${bucket} does not exist. Create it in ${region} (Settings, Video output) or pick another.`,
      {
        cause: error,
        field: 'bucket',
      },
    );
  return new EaselError('network', `S3 did not answer for the bucket ${bucket}: ${said}`, {
    cause: error,
    retryable: true,
  });
}

/** The bucket exists, is ours, and is in `region`; else the error that says which. */
export async function checkBucket(client: S3Client, bucket: string, region: string): Promise<void> {
  try {
    const head = await client.send(new HeadBucketCommand({ Bucket: bucket }));
    if (head.BucketRegion !== undefined && head.BucketRegion !== region)
      throw mapS3Error({ name: 'PermanentRedirect', Region: head.BucketRegion }, bucket, region);
  } catch (error) {
    throw mapS3Error(error, bucket, region);
  }
}

/** Creates `bucket` in `region` (true) or finds it already ours there (false). */
export async function createBucket(client: S3Client, bucket: string, region: string): Promise<boolean> {
  try {
    await client.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
    return true;
  } catch (error) {
    const name = (error as S3ErrorLike).name;
    if (name === 'BucketAlreadyOwnedByYou') {
      await checkBucket(client, bucket, region);
      return false;
    }
    if (name === 'BucketAlreadyExists')
      throw new EaselError(
        'validation',
        `The bucket name ${bucket} is taken by another AWS account. Choose another name.`,
        {
          field: 'bucket',
        },
      );
    throw mapS3Error(error, bucket, region);
  }
}

/** The MP4 at `key`, streamed to `dest`; refused (and removed) when it is not an MP4 or too large. */
export async function downloadMp4(
  client: S3Client,
  where: { bucket: string; key: string; region: string },
  dest: string,
  options: { maxBytes: number; signal?: AbortSignal },
): Promise<number> {
  let object;
  try {
    object = await client.send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }), {
      abortSignal: options.signal,
    });
  } catch (error) {
    throw mapS3Error(error, where.bucket, where.region);
  }
  const type = object.ContentType ?? '';
  const length = object.ContentLength ?? 0;
  const bad = (why: string): EaselError =>
    new EaselError('malformed-response', `The video s3://${where.bucket}/${where.key} ${why}; it was not downloaded.`);
  if (type !== '' && !/^(video\/mp4|binary\/octet-stream|application\/octet-stream)$/.test(type))
    throw bad(`is ${type}, not an MP4`);
  if (length > options.maxBytes) throw bad(`is ${length} bytes, more than the ${options.maxBytes} Easel accepts`);
  const body = object.Body;
  if (!(body instanceof Readable)) throw bad('came without a body');
  let seen = 0;
  let head = Buffer.alloc(0);
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (head.length < 12) head = Buffer.concat([head, chunk]).subarray(0, 12);
      if (seen > options.maxBytes) return callback(bad(`is larger than ${options.maxBytes} bytes`));
      if (head.length >= 8 && head.subarray(4, 8).toString('latin1') !== 'ftyp')
        return callback(bad('does not start like an MP4 file'));
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, guard, createWriteStream(dest), { signal: options.signal });
  } catch (error) {
    await rm(dest, { force: true });
    throw error instanceof EaselError ? error : mapS3Error(error, where.bucket, where.region);
  }
  if (length > 0 && seen !== length) {
    await rm(dest, { force: true });
    throw bad(`arrived with ${seen} of its ${length} bytes`);
  }
  return seen;
}

export async function deleteObject(client: S3Client, bucket: string, key: string, region: string): Promise<void> {
  try {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    throw mapS3Error(error, bucket, region);
  }
}

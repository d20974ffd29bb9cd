// The output bucket as Settings edits it (bucket name and prefix apart) and as the contract takes
// it (s3://bucket/prefix). Pure (tested in bucket.test.ts).
import { S3UriSchema } from '../../../src-shared/contract/video.ts';

export function splitS3Uri(uri: string | null): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri ?? '');
  return match ? { bucket: match[1] ?? '', prefix: (match[2] ?? '').replace(/\/+$/, '') } : { bucket: '', prefix: '' };
}

/** s3://bucket or s3://bucket/prefix; an error in words when S3 would not take the name. */
export function joinS3Uri(bucket: string, prefix: string): { uri: string } | { error: string } {
  const name = bucket.trim().replace(/^s3:\/\//, '');
  const cleanPrefix = prefix.trim().replace(/^\/+|\/+$/g, '');
  if (name === '') return { error: 'Enter a bucket name.' };
  const uri = cleanPrefix === '' ? `s3://${name}` : `s3://${name}/${cleanPrefix}`;
  if (!S3UriSchema.safeParse(uri).success)
    return {
      error:
        'Bucket names are 3 to 63 characters: lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.',
    };
  return { uri };
}

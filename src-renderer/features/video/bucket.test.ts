import { describe, expect, it } from 'vitest';
import { joinS3Uri, splitS3Uri } from './bucket.ts';

describe('the output bucket fields', () => {
  it('splits a stored URI into bucket and prefix', () => {
    expect(splitS3Uri('s3://my-videos/easel/clips/')).toEqual({ bucket: 'my-videos', prefix: 'easel/clips' });
    expect(splitS3Uri('s3://my-videos')).toEqual({ bucket: 'my-videos', prefix: '' });
    expect(splitS3Uri(null)).toEqual({ bucket: '', prefix: '' });
  });

  it('joins them into what the contract takes, and refuses names S3 refuses', () => {
    expect(joinS3Uri(' my-videos ', '/renders/')).toEqual({ uri: 's3://my-videos/renders' });
    expect(joinS3Uri('s3://my-videos', '')).toEqual({ uri: 's3://my-videos' });
    expect(joinS3Uri('', 'x')).toEqual({ error: 'Enter a bucket name.' });
    expect(joinS3Uri('My_Videos', '')).toHaveProperty('error');
    expect(joinS3Uri('ab', '')).toHaveProperty('error');
  });
});

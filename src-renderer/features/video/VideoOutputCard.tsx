// Settings → Video output: the S3 bucket Bedrock writes videos to (created or checked in the
// model's region by `video.createBucket`, which keeps it as `video.outputBucket`), an optional
// prefix, and whether Easel deletes the S3 copy once the video is in the library.
import { useEffect, useState } from 'react';
import { ApiError, call } from '../../api.ts';
import { useApp } from '../../store/index.ts';
import { joinS3Uri, splitS3Uri } from './bucket.ts';
import { videoAdvice } from './progress.ts';
import './video.css';

type Status =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'ok'; text: string }
  | { kind: 'error'; text: string; advice: string | null };

export function VideoOutputCard() {
  const [bucket, setBucket] = useState('');
  const [prefix, setPrefix] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [deleteAfter, setDeleteAfter] = useState(false);
  const [region, setRegion] = useState('us-west-2');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const profile = useApp((s) => s.profile);

  useEffect(() => {
    call('settings.get', {})
      .then(({ settings }) => {
        const uri = settings['video.outputBucket'];
        setSaved(uri);
        const parts = splitS3Uri(uri);
        setBucket(parts.bucket);
        setPrefix(parts.prefix);
        setDeleteAfter(settings['video.deleteAfterDownload']);
      })
      .catch(() => undefined);
    call('video.models', {})
      .then((models) => models[0] && setRegion(models[0].region))
      .catch(() => undefined);
  }, []);

  const useBucket = () => {
    const joined = joinS3Uri(bucket, prefix);
    if ('error' in joined) return setStatus({ kind: 'error', text: joined.error, advice: null });
    setStatus({ kind: 'busy' });
    call('video.createBucket', { bucket: joined.uri, ...(profile ? { profile } : {}) })
      .then((r) => {
        setSaved(joined.uri);
        setStatus({
          kind: 'ok',
          text: `${r.created ? 'Created' : 'Using'} ${r.bucket} in ${r.region}. Videos go to ${joined.uri}/easel/<job>/.`,
        });
      })
      .catch((e: unknown) => {
        const data = e instanceof ApiError ? e.data : null;
        setStatus({ kind: 'error', text: data?.message ?? String(e), advice: data ? videoAdvice(data) : null });
      });
  };

  const toggleDelete = (value: boolean) => {
    setDeleteAfter(value);
    call('settings.set', { key: 'video.deleteAfterDownload', value }).catch((e: unknown) =>
      setStatus({ kind: 'error', text: e instanceof Error ? e.message : String(e), advice: null }),
    );
  };

  return (
    <section className="set-card" aria-label="Video output">
      <h2>Video output</h2>
      <p className="ui-hint">
        Luma Ray2 runs in {region} and writes each video to an S3 bucket you own in that region; Easel downloads it into
        the library.
      </p>
      <div className="set-row">
        <label className="set-label" htmlFor="video-bucket">
          Output bucket
        </label>
        <input
          id="video-bucket"
          type="text"
          spellCheck={false}
          placeholder="my-easel-videos"
          value={bucket}
          onChange={(e) => setBucket(e.target.value)}
        />
      </div>
      <div className="set-row">
        <label className="set-label" htmlFor="video-prefix">
          Prefix
        </label>
        <input
          id="video-prefix"
          type="text"
          spellCheck={false}
          placeholder="optional, e.g. renders"
          value={prefix}
          onChange={(e) => setPrefix(e.target.value)}
        />
        <span className="set-actions">
          <button type="button" onClick={useBucket} disabled={status.kind === 'busy'}>
            {status.kind === 'busy' ? 'Checking…' : 'Create or use bucket'}
          </button>
        </span>
      </div>
      <div className="video-delete-row">
        <label>
          <input type="checkbox" checked={deleteAfter} onChange={(e) => toggleDelete(e.target.checked)} />
          Delete the S3 copy once the video is in the library
        </label>
      </div>
      <p className="ui-hint" data-testid="video-bucket-current">
        {saved ? `Current: ${saved}` : 'No output bucket yet: videos cannot render until one is set.'}
      </p>
      {status.kind === 'ok' && (
        <p className="ui-ok" role="status">
          {status.text}
        </p>
      )}
      {status.kind === 'error' && (
        <div className="ui-error" role="alert">
          <p>{status.text}</p>
          {status.advice && <p>{status.advice}</p>}
        </div>
      )}
    </section>
  );
}

// Settings → Bedrock API key: paste a key (kept by main, encrypted by the system's secure storage),
// see which key is in use (masked, and whether from Settings or AWS_BEARER_TOKEN_BEDROCK), remove it.
// The key lives in this component only between typing and Save: the field is cleared on submit and
// no answer from main ever carries it back.
import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api.ts';
import { apiKeyFormatProblem } from '../../../src-shared/bedrock-api-key.ts';
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import { loadModels } from '../prompt/index.ts';
import { appStore } from '../../store/index.ts';

type Status = CallResponse<'apiKey.status'>;

const SOURCE_LABELS: Record<NonNullable<Status['source']>, string> = {
  settings: 'kept by Easel (encrypted by your system)',
  environment: 'from AWS_BEARER_TOKEN_BEDROCK',
};

/** The profile list changes with the key (the "(Bedrock API key)" source); keep the choice if it still exists. */
async function refreshProfiles(): Promise<void> {
  const { profiles } = await call('profiles.list', {});
  const { profile } = appStore.getState();
  const def = profiles.find((p) => p.isDefault) ?? profiles[0];
  appStore.setState(
    profiles.some((p) => p.name === profile)
      ? { profiles }
      : { profiles, profile: def?.name ?? null, region: def?.region ?? null },
  );
  await loadModels().catch(() => undefined);
}

export function ApiKeyCard() {
  const [status, setStatus] = useState<Status | null>(null);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    call('apiKey.status', {})
      .then(setStatus)
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  }, []);

  const apply = useCallback((next: Promise<Status>) => {
    setBusy(true);
    setProblem(null);
    next
      .then(async (s) => {
        setStatus(s);
        await refreshProfiles();
      })
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  }, []);

  const save = () => {
    const key = draft.trim();
    setDraft(''); // the key does not stay in the page, whatever main answers
    const local = apiKeyFormatProblem(key);
    if (local !== null) setProblem(local);
    else apply(call('apiKey.set', { key }));
  };

  return (
    <section className="set-card" aria-label="Bedrock API key">
      <h2>Bedrock API key</h2>
      <p className="ui-hint">
        Instead of an AWS profile, Easel can call Bedrock with an API key made in the Bedrock console (API keys).
        Short-term keys last at most 12 hours.
      </p>
      <form
        className="set-row"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label htmlFor="set-api-key">Bedrock API key</label>
        <input
          id="set-api-key"
          type="password"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={status?.source === 'settings' ? 'Paste a new key to replace it' : 'ABSK… or bedrock-api-key-…'}
          autoComplete="off"
          spellCheck={false}
          disabled={busy || status?.canStore === false}
        />
        <span className="set-actions">
          <button type="submit" disabled={busy || draft.trim() === '' || status?.canStore === false}>
            Save
          </button>
          {status?.source === 'settings' ? (
            <button type="button" className="btn-quiet" disabled={busy} onClick={() => apply(call('apiKey.clear', {}))}>
              Remove
            </button>
          ) : null}
        </span>
      </form>
      <p role="status" data-testid="api-key-status">
        {status === null
          ? '…'
          : status.configured && status.masked && status.source
            ? `In use: ${status.masked}, ${SOURCE_LABELS[status.source]}. It is the profile “(Bedrock API key)”.`
            : 'No Bedrock API key is set.'}
      </p>
      {status?.storeProblem ? <p className="ui-hint">{status.storeProblem}</p> : null}
      {problem ? (
        <p role="alert" className="ui-error">
          {problem}
        </p>
      ) : null}
    </section>
  );
}

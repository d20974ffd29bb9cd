// Settings: AWS profile and region (with what kind each profile is), Check connection, concurrency,
// theme, default model and size, where the data lives (DataFolder: reveal, move), backups (BackupsCard).
import { useEffect, useState } from 'react';
import { ApiError, call } from '../../api.ts';
import type { CallResponse, SettingUpdate } from '../../../src-shared/contract/index.ts';
import { applyGenerationDefaults, loadModels, offeredModels } from '../prompt/index.ts';
import { DEFAULT_MODEL_KEY, DEFAULT_SIZE_KEY, regionChoices } from '../session/index.ts';
import { useApp } from '../../store/index.ts';
import { adviceFor } from './connection.ts';
import { ApiKeyCard } from './ApiKeyCard.tsx';
import { BackupsCard } from './BackupsCard.tsx';
import { DataFolder } from './DataFolder.tsx';
import { DefaultSize } from './DefaultSize.tsx';
import { RegionsCard } from './RegionsCard.tsx';
import { VideoOutputCard } from '../video/index.ts';
import type { Advice } from './connection.ts';
import '../library/library.css';
import './settings.css';

type Model = CallResponse<'models.list'>['models'][number];
type Check =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'ok'; models: Model[] }
  | { state: 'failed'; message: string; advice: Advice };

const KIND_LABELS: Record<string, string> = {
  static: 'access keys',
  sso: 'IAM Identity Center (SSO)',
  'assume-role': 'assumed role',
  'credential-process': 'credential process',
  'web-identity': 'web identity',
  'api-key': 'Bedrock API key',
  unknown: 'unknown kind',
};
export const SETTING_KEYS = {
  theme: 'ui.theme',
  defaultModel: DEFAULT_MODEL_KEY,
  defaultSize: DEFAULT_SIZE_KEY,
  concurrency: 'jobs.concurrency',
  allowedRegions: 'bedrock.allowedRegions',
} as const;

function allowedRegionsOf(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((r) => typeof r === 'string') ? (value as string[]) : null;
}

export function SettingsView() {
  const profiles = useApp((s) => s.profiles);
  const profile = useApp((s) => s.profile);
  const region = useApp((s) => s.region);
  const models = useApp((s) => s.models);
  const theme = useApp((s) => s.theme);
  const info = useApp((s) => s.appInfo);
  const setProfile = useApp((s) => s.setProfile);
  const setRegion = useApp((s) => s.setRegion);
  const setTheme = useApp((s) => s.setTheme);
  const [settings, setSettings] = useState<Record<string, unknown>>({});
  const [concurrency, setConcurrency] = useState<number | null>(null);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call('settings.get', {})
      .then((r) => setSettings(r.settings))
      .catch(() => undefined);
    call('jobs.concurrency', {})
      .then((r) => setConcurrency(r.concurrency))
      .catch(() => undefined);
  }, []);

  const save = (update: SettingUpdate) => {
    const { key } = update;
    const next = { ...settings, [key]: update.value };
    setSettings(next);
    call('settings.set', update)
      .then(() => {
        if (key === SETTING_KEYS.defaultModel || key === SETTING_KEYS.defaultSize) applyGenerationDefaults(next);
        // Which models can run depends on the regions Easel may call: the prompt panel follows.
        if (key === SETTING_KEYS.allowedRegions) return loadModels();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const runCheck = () => {
    // No profile at all (no config, no credentials file, no AWS_* keys): that is the first thing to fix.
    if (profiles.length === 0 && !info?.demoMode) {
      setCheck({
        state: 'failed',
        message: 'Easel found no AWS profile and no AWS keys in the environment.',
        advice: adviceFor('no-aws-config', profile, region),
      });
      return;
    }
    setCheck({ state: 'busy' });
    call('models.list', { ...(profile === null ? {} : { profile }), ...(region === null ? {} : { region }) })
      .then((r) => {
        // Discovery failed: the list is only the built-in catalog, so say what went wrong instead.
        if (r.discovery && !r.discovery.ok && r.discovery.error)
          setCheck({
            state: 'failed',
            message: r.discovery.error.message,
            advice: adviceFor(r.discovery.error.code, profile, region),
          });
        else if (r.models.length === 0)
          setCheck({
            state: 'failed',
            message: 'The profile works, but no image model is usable here.',
            advice: adviceFor('access-denied', profile, region),
          });
        else setCheck({ state: 'ok', models: r.models });
      })
      .catch((e: unknown) => {
        const code = e instanceof ApiError ? e.data.code : 'internal';
        setCheck({
          state: 'failed',
          message: e instanceof Error ? e.message : String(e),
          advice: adviceFor(code, profile, region),
        });
      });
  };

  const current = profiles.find((p) => p.name === profile);
  return (
    <div className="settings-view">
      <h1>Settings</h1>
      {error ? (
        <p className="ui-error" role="alert">
          {error}
        </p>
      ) : null}
      <section className="set-card" aria-label="AWS connection">
        <h2>AWS connection</h2>
        {profiles.length === 0 ? (
          <p className="ui-hint">
            No AWS profile found in ~/.aws/config or ~/.aws/credentials. Run <code>aws configure</code> (access keys) or{' '}
            <code>aws configure sso</code>, then restart Easel.
          </p>
        ) : null}
        <div className="set-row">
          <label htmlFor="set-profile">Profile</label>
          <select
            id="set-profile"
            value={profile ?? ''}
            onChange={(e) => {
              setProfile(e.target.value || null);
              setCheck({ state: 'idle' });
              void loadModels().catch(() => undefined);
            }}
          >
            {profiles.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name} — {KIND_LABELS[p.kind] ?? p.kind}
                {p.isDefault ? ' (default)' : ''}
              </option>
            ))}
          </select>
          {current ? (
            <span className="ui-hint">
              {KIND_LABELS[current.kind] ?? current.kind}
              {current.region ? `, region ${current.region}` : ''}
            </span>
          ) : null}
        </div>
        <div className="set-row">
          <label htmlFor="set-region">Region</label>
          <select
            id="set-region"
            value={region ?? ''}
            onChange={(e) => {
              setRegion(e.target.value || null);
              setCheck({ state: 'idle' });
              void loadModels().catch(() => undefined);
            }}
          >
            <option value="">The profile's region</option>
            {regionChoices(region).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="set-row">
          <span />
          <button type="button" onClick={runCheck} disabled={check.state === 'busy'}>
            {check.state === 'busy' ? 'Checking…' : 'Check connection'}
          </button>
        </div>
        {check.state === 'ok' ? (
          <div role="status" className="set-check is-ok">
            <p>
              Connected. {check.models.length} image model{check.models.length === 1 ? '' : 's'} callable with this
              profile in this region:
            </p>
            <ul>
              {check.models.map((m) => (
                <li key={m.id}>
                  {m.label} <code>{m.id}</code>
                  {m.lifecycle.status !== 'active' ? (
                    <span className="ui-hint">
                      {' '}
                      — {m.lifecycle.status}
                      {m.lifecycle.note ? `: ${m.lifecycle.note}` : ''}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {check.state === 'failed' ? (
          <div role="alert" className="set-check is-failed">
            <p>
              <strong>{check.advice.title}.</strong> {check.message}
            </p>
            <ol>
              {check.advice.steps.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ol>
          </div>
        ) : null}
      </section>
      <ApiKeyCard />
      <RegionsCard
        saved={allowedRegionsOf(settings[SETTING_KEYS.allowedRegions])}
        onSave={(value) => save({ key: SETTING_KEYS.allowedRegions, value })}
      />

      <section className="set-card" aria-label="Generation">
        <h2>Generation</h2>
        <div className="set-row">
          <label htmlFor="set-model">Default model</label>
          <select
            id="set-model"
            value={
              typeof settings[SETTING_KEYS.defaultModel] === 'string' ? String(settings[SETTING_KEYS.defaultModel]) : ''
            }
            onChange={(e) => save({ key: SETTING_KEYS.defaultModel, value: e.target.value })}
          >
            <option value="">First available</option>
            {/* The models the prompt panel offers: those that can run within the regions Easel may call. */}
            {offeredModels(models).map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <DefaultSize
          saved={
            typeof settings[SETTING_KEYS.defaultSize] === 'string' ? String(settings[SETTING_KEYS.defaultSize]) : ''
          }
          onSave={(size) => save({ key: SETTING_KEYS.defaultSize, value: size })}
        />
        <div className="set-row">
          <label htmlFor="set-conc">Images at once</label>
          <input
            id="set-conc"
            type="number"
            min={1}
            max={16}
            value={concurrency ?? 2}
            onChange={(e) => {
              const n = Math.min(16, Math.max(1, Math.round(Number(e.target.value) || 1)));
              setConcurrency(n);
              call('jobs.concurrency', { concurrency: n }).catch((err: unknown) => setError(String(err)));
            }}
          />
          <span className="ui-hint">More runs faster but hits Bedrock's throttling sooner.</span>
        </div>
      </section>

      <section className="set-card" aria-label="Appearance and data">
        <h2>Appearance and data</h2>
        <div className="set-row">
          <label htmlFor="set-theme">Theme</label>
          <select
            id="set-theme"
            value={theme}
            onChange={(e) => {
              const t = e.target.value === 'light' ? 'light' : 'dark';
              setTheme(t);
              save({ key: SETTING_KEYS.theme, value: t });
            }}
          >
            <option value="dark">Dark</option>
            <option value="light">Light</option>
          </select>
        </div>
        <DataFolder onError={setError} />
        {info?.demoMode ? (
          <p className="set-demo">
            Demo mode: Easel is talking to its built-in Bedrock emulator. Images are synthetic and prices simulated.
          </p>
        ) : null}
        <p className="ui-hint">Easel {info?.version ?? ''}</p>
      </section>
      <VideoOutputCard />
      <BackupsCard onError={setError} />
    </div>
  );
}

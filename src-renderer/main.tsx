// Placeholder renderer: proves the shell end to end (contract call over window.easel, CSP,
// bundling). The real app shell replaces this.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { CallResponse } from '../src-shared/contract.ts';
import { ApiError, call } from './api.ts';
import './index.css';

type Loaded = { info: CallResponse<'app.info'>; profiles: CallResponse<'profiles.list'>['profiles']; models: CallResponse<'models.list'>['models'] };

function App() {
  const [state, setState] = useState<Loaded | { error: string } | null>(null);
  useEffect(() => {
    Promise.all([call('app.info', {}), call('profiles.list', {}), call('models.list', {})])
      .then(([info, profiles, models]) => setState({ info, profiles: profiles.profiles, models: models.models }))
      .catch((error: unknown) => setState({ error: error instanceof ApiError ? error.data.message : String(error) }));
  }, []);

  if (state === null) return <p>Loading…</p>;
  if ('error' in state) return <p role="alert">{state.error}</p>;
  const { info, profiles, models } = state;
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 32, color: '#e8e8ee', background: '#16161a', minHeight: '100vh', boxSizing: 'border-box' }}>
      <h1 data-testid="app-name">{info.name}</h1>
      <p data-testid="app-version">Version {info.version}{info.demoMode ? ' · demo mode (local emulator)' : ''}</p>
      <p data-testid="data-dir">Data folder: {info.dataDir}</p>
      <h2>Profiles</h2>
      <ul data-testid="profiles">{profiles.map((p) => <li key={p.name}>{p.name} ({p.kind}{p.region === null ? '' : `, ${p.region}`}){p.isDefault ? ' · default' : ''}</li>)}</ul>
      <h2>Models</h2>
      <ul data-testid="models">{models.map((m) => <li key={m.id}>{m.label} <small>{m.id}</small></li>)}</ul>
    </main>
  );
}

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(<StrictMode><App /></StrictMode>);

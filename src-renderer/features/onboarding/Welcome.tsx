// First run with no AWS configuration at all: what Easel needs, how to set it up, and how to look
// around first in demo mode (the built-in emulator: synthetic images, simulated prices, a
// separate data folder).
import { useState } from 'react';
import { call } from '../../api.ts';
import { useApp } from '../../store/index.ts';
import '../library/library.css';
import './onboarding.css';

export function needsOnboarding(state: {
  appInfo: { demoMode: boolean } | null;
  profiles: readonly unknown[];
  bootError: string | null;
}): boolean {
  return state.appInfo !== null && !state.appInfo.demoMode && state.profiles.length === 0;
}

export function Welcome({ onContinue }: { onContinue: () => void }) {
  const info = useApp((s) => s.appInfo);
  const [demo, setDemo] = useState<{ state: 'idle' | 'busy' | 'restarting' } | { state: 'failed'; message: string }>({
    state: 'idle',
  });
  const startDemo = () => {
    setDemo({ state: 'busy' });
    call('app.startDemo', {})
      .then((r) =>
        setDemo(
          r.restarting ? { state: 'restarting' } : { state: 'failed', message: 'Easel is already in demo mode.' },
        ),
      )
      .catch((e: unknown) => setDemo({ state: 'failed', message: e instanceof Error ? e.message : String(e) }));
  };
  return (
    <div className="welcome" role="region" aria-label="Welcome">
      <div className="welcome-card">
        <h1>Welcome to Easel</h1>
        <p className="welcome-cause" data-testid="welcome-cause">
          <strong>No AWS configuration was found</strong> on this computer: no profile in ~/.aws/config or
          ~/.aws/credentials, and no AWS keys in the environment. Try the demo mode now, or set up AWS below.
        </p>
        <p>
          Easel generates images with the models on Amazon Bedrock, using your own AWS account: you pay AWS directly,
          per image, and every image stays on this computer.
        </p>
        <h2>Set up AWS (about five minutes)</h2>
        <ol>
          <li>
            Install the AWS command line tool (<code>aws</code>).
          </li>
          <li>
            Sign in: <code>aws configure</code> with an access key, or <code>aws configure sso</code> then{' '}
            <code>aws sso login</code> if your organisation uses single sign-on.
          </li>
          <li>
            In the Amazon Bedrock console, open <em>Model access</em> and request Stability AI's image models: the
            text-to-image ones run in us-west-2 (Easel calls them there for you), the editing services through the US
            profiles from us-east-1, us-east-2 or us-west-2.
          </li>
          <li>
            Restart Easel. Settings → <em>Check connection</em> lists the models you can call and says what is missing.
          </li>
        </ol>
        <p data-testid="welcome-regions">
          Easel calls Bedrock only in the regions you allow: by default your profile's region plus us-west-2 for image
          models (Settings → <em>Regions Easel may call</em>).
        </p>
        <h2>Look around first</h2>
        <p>
          <strong className="welcome-demo">Demo mode</strong> runs Easel against its built-in Bedrock emulator:
          synthetic images, simulated prices, a separate data folder — nothing reaches AWS and nothing is billed. “Try
          demo mode” restarts Easel that way; quit and start it again to come back (or start it with{' '}
          <code>EASEL_DEMO=1</code>).
        </p>
        {info ? <p className="ui-hint">Data folder: {info.dataDir}</p> : null}
        <div className="welcome-actions">
          <button type="button" onClick={onContinue}>
            Continue without AWS
          </button>
          <button
            type="button"
            className="primary"
            onClick={startDemo}
            disabled={demo.state === 'busy' || demo.state === 'restarting'}
          >
            Try demo mode
          </button>
        </div>
        {demo.state === 'restarting' ? <p role="status">Restarting Easel in demo mode…</p> : null}
        {demo.state === 'failed' ? (
          <p role="alert" className="ui-error">
            {demo.message}
          </p>
        ) : null}
      </div>
    </div>
  );
}

// The prompt panel's region notice: when the chosen model, or every text-to-image model, cannot run
// for this profile within "Regions Easel may call", it says why and offers the fix in one click:
// "Use us-west-2" (adds the region to the setting) or "Switch region" (the session's region).
import { useState } from 'react';
import { call } from '../../api.ts';
import { appStore, useApp } from '../../store/index.ts';
import { loadModels } from './models.ts';
import { allowedWith, regionNotice, type RegionFix } from './region-notice.ts';

async function applyFix(fix: RegionFix): Promise<void> {
  const { callRegions, setRegion } = appStore.getState();
  if (fix.kind === 'switch') setRegion(fix.region);
  else if (callRegions)
    await call('settings.set', { key: 'bedrock.allowedRegions', value: allowedWith(callRegions, fix.region) });
  await loadModels();
}

export function RegionNoticeView({ modelId }: { modelId: string }) {
  const models = useApp((s) => s.models);
  const regions = useApp((s) => s.callRegions);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const notice = regionNotice(models, modelId, regions);
  if (notice === null) return null;
  const fix = notice.fix;
  const onFix = (chosen: RegionFix) => {
    setState({ busy: true, error: null });
    applyFix(chosen)
      .then(() => setState({ busy: false, error: null }))
      .catch((e: unknown) => setState({ busy: false, error: e instanceof Error ? e.message : String(e) }));
  };
  return (
    <div className="region-notice" role="note" aria-label="Region notice">
      <p>{notice.message}</p>
      {fix && (
        <button type="button" disabled={state.busy} onClick={() => onFix(fix)}>
          {fix.kind === 'allow' ? `Use ${fix.region}` : 'Switch region'}
        </button>
      )}
      {fix?.kind === 'switch' && <p className="ui-hint">Switches this session to {fix.region}.</p>}
      {state.error && (
        <p className="ui-error" role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}

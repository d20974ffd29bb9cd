// Settings → "Regions Easel may call": the Bedrock regions Easel may send requests to besides the
// profile's own (always allowed). Default (the setting null): the profile's region plus us-west-2,
// where the text-to-image models run. Main validates the list (src-shared/settings.ts) and decides
// per model where it runs within it; the prompt panel's model list follows.
import { useId } from 'react';
import { PREFERRED_IMAGE_REGION } from '../../../src-shared/models/index.ts';
import { useApp } from '../../store/index.ts';

/** Regions with Amazon Bedrock, US first (image models: us-west-2; the editing services: the US ones). */
export const BEDROCK_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
];

/** The setting's regions as the user sees them: the default's when unset. */
export function chosenRegions(saved: readonly string[] | null): readonly string[] {
  return saved ?? [PREFERRED_IMAGE_REGION];
}

/** The setting after ticking or unticking `region` (order kept, each once). */
export function toggledRegions(saved: readonly string[] | null, region: string, on: boolean): string[] {
  const current = chosenRegions(saved).filter((r) => r !== region);
  return on ? [...current, region] : current;
}

export function RegionsCard({
  saved,
  onSave,
}: {
  saved: readonly string[] | null;
  onSave: (regions: string[] | null) => void;
}) {
  const id = useId();
  const profileRegion = useApp((s) => s.callRegions?.profile ?? null);
  const chosen = chosenRegions(saved);
  // The profile's region first, on a line of its own: always called, whatever the setting says.
  const shown = [...new Set([...(profileRegion ? [profileRegion] : []), ...BEDROCK_REGIONS, ...chosen])];
  return (
    <section className="set-card" aria-label="Regions Easel may call">
      <h2 id={`${id}-title`}>Regions Easel may call</h2>
      <p className="ui-hint" id={`${id}-hint`}>
        Easel calls each model where it runs, but only in these regions. Default: your profile's region plus us-west-2
        for image models (the text-to-image models run only there).
      </p>
      <fieldset className="set-regions" aria-labelledby={`${id}-title`} aria-describedby={`${id}-hint`}>
        {shown.map((region) => {
          const own = region === profileRegion;
          return (
            <label key={region} className={own ? 'set-region is-own' : 'set-region'}>
              <input
                type="checkbox"
                checked={own || chosen.includes(region)}
                disabled={own}
                onChange={(e) => onSave(toggledRegions(saved, region, e.target.checked))}
              />
              {region}
              {own ? <span className="ui-hint"> (your profile's region: always)</span> : null}
            </label>
          );
        })}
      </fieldset>
      <div className="set-row">
        <span className="ui-hint">{saved === null ? 'Using the default.' : 'Your own choice.'}</span>
        <button type="button" onClick={() => onSave(null)} disabled={saved === null}>
          Reset to default
        </button>
      </div>
    </section>
  );
}

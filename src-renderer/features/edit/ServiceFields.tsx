// An Image Service's own fields in the edit bar, each built from the catalog's entry for the service
// (src-shared/models/service-table.ts: its texts, its numbers with their ranges and defaults, whether
// it takes a style preset, an aspect ratio or a style image): never a second list here.
import type { ModelSpec, ServiceModel } from '../../../src-shared/models/index.ts';
import { appStore } from '../../store/index.ts';
import type { SceneItem } from '../canvas/index.ts';
import { optionStep, optionValue } from './tasks.ts';
import type { ServiceChoices } from './tasks.ts';

interface Props {
  spec: ModelSpec;
  service: ServiceModel;
  choices: Omit<ServiceChoices, 'styleImageId'>;
  /** Style transfer: the other images on the canvas, and the one chosen. */
  styleCandidates: readonly SceneItem[];
  styleKey: string | null;
}

const trim = (n: number) => String(Number(n.toFixed(2)));

export function ServiceFields({ spec, service, choices, styleCandidates, styleKey }: Props) {
  const set = (patch: Parameters<ReturnType<typeof appStore.getState>['setServiceChoice']>[1]) =>
    appStore.getState().setServiceChoice(spec.id, patch);
  const presets = service.stylePreset ? spec.limits.stylePresets : undefined;
  const ratios = service.aspectRatio ? spec.limits.aspectRatios : undefined;
  return (
    <>
      {service.styleImage && (
        <label className="edit-field">
          <span>Style image</span>
          <select
            aria-label="Style image"
            value={styleKey !== null && styleCandidates.some((c) => c.key === styleKey) ? styleKey : ''}
            onChange={(e) => appStore.getState().setEdit({ styleKey: e.target.value || null })}
          >
            <option value="">
              {styleCandidates.length === 0 ? 'Place another image on the canvas' : 'Choose an image…'}
            </option>
            {styleCandidates.map((c) => (
              <option key={c.key} value={c.key}>
                Image {c.imageId} ({c.width}×{c.height})
              </option>
            ))}
          </select>
        </label>
      )}
      {service.texts.map((text) => (
        <label key={text.key} className="edit-field edit-text">
          <span>{text.question}</span>
          <input
            type="text"
            aria-label={text.question}
            maxLength={spec.limits.promptMaxChars}
            value={typeof choices.values[text.key] === 'string' ? String(choices.values[text.key]) : ''}
            onChange={(e) => set({ values: { [text.key]: e.target.value } })}
          />
        </label>
      ))}
      {service.numbers.map((option) => {
        const value = optionValue(option, choices.values[option.key]);
        return (
          <label key={option.key} className="edit-field" title={`${trim(option.range.min)}–${trim(option.range.max)}`}>
            <span>
              {option.label} <output>{option.integer ? value : value.toFixed(2)}</output>
            </span>
            <input
              type="range"
              aria-label={option.label}
              min={option.range.min}
              max={option.range.max}
              step={optionStep(option)}
              value={value}
              onChange={(e) => set({ values: { [option.key]: Number(e.target.value) } })}
            />
          </label>
        );
      })}
      {presets && (
        <label className="edit-field">
          <span>Style preset</span>
          <select
            aria-label="Edit style preset"
            value={choices.stylePreset}
            onChange={(e) => set({ stylePreset: e.target.value })}
          >
            <option value="">None</option>
            {presets.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      )}
      {ratios && (
        <label className="edit-field">
          <span>Aspect</span>
          <select
            aria-label="Edit aspect ratio"
            value={choices.aspectRatio}
            onChange={(e) => set({ aspectRatio: e.target.value })}
          >
            <option value="">{spec.limits.defaultAspectRatio ?? 'Default'}</option>
            {ratios
              .filter((r) => r !== spec.limits.defaultAspectRatio)
              .map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
          </select>
        </label>
      )}
    </>
  );
}

// Settings → Generation → Default size: WIDTHxHEIGHT or empty (the model's own default), checked
// against the settings table's schema (src-shared/settings.ts) as it is typed; only a valid value
// is saved ("banana" is refused, with the reason next to the field).
import { useState } from 'react';
import { SETTINGS } from '../../../src-shared/settings.ts';

const SIZE_KEY = 'defaults.size';

/** Why `text` is not a default size, or null when it is one ('' = the model's default). */
export function defaultSizeProblem(text: string): string | null {
  return SETTINGS[SIZE_KEY].schema.safeParse(text.trim()).success
    ? null
    : 'Use WIDTHxHEIGHT in pixels, for example 1024x1024 (empty: the model’s own default).';
}

export function DefaultSize({ saved, onSave }: { saved: string; onSave: (size: string) => void }) {
  const [text, setText] = useState<string | null>(null);
  const value = text ?? saved;
  const problem = text === null ? null : defaultSizeProblem(text);
  const commit = () => {
    if (text === null || problem !== null) return;
    const size = text.trim();
    setText(null);
    if (size !== saved) onSave(size);
  };
  return (
    <div className="set-row">
      <label htmlFor="set-size">Default size</label>
      <input
        id="set-size"
        placeholder="1024x1024"
        value={value}
        aria-invalid={problem !== null}
        aria-describedby={problem === null ? undefined : 'set-size-error'}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {problem !== null ? (
        <span id="set-size-error" className="ui-error" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

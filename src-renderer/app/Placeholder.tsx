import type { ComponentType } from 'react';

/** Stands in for a view another feature has not plugged in yet. */
export function placeholderView(label: string): ComponentType {
  function PlaceholderView() {
    return (
      <section className="placeholder-view" aria-label={label}>
        <h1>{label}</h1>
        <p>This view is not part of this build yet.</p>
      </section>
    );
  }
  PlaceholderView.displayName = `Placeholder(${label})`;
  return PlaceholderView;
}

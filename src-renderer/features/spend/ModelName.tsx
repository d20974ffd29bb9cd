// A model's label with its id beside it (the id alone when the catalogue has no other label).
import { findModel } from '../../../src-shared/models/index.ts';

export function ModelName({ id }: { id: string }) {
  const label = findModel(id)?.label;
  return label === undefined || label === id ? (
    <>{id}</>
  ) : (
    <>
      {label} <span className="muted">{id}</span>
    </>
  );
}

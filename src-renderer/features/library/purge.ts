// Delete permanently: what to send. An explicit selection goes as ids (10,000 per call); "select
// all" goes as the query minus the exceptions and main resolves the ids in batches, so a million
// selected images never become a million ids in the renderer.
import { call } from '../../api.ts';
import type { CallRequestInput } from '../../../src-shared/contract/index.ts';
import { buildImageQuery } from './query.ts';
import type { LibraryFilters } from './query.ts';
import { selectedInOrder } from './selection.ts';
import type { Selection } from './selection.ts';

type PurgeSelection = NonNullable<CallRequestInput<'images.purge'>['selection']>;

export type PurgePlan =
  | { kind: 'ids'; ids: string[] }
  /** count: how many, when the whole list is loaded (else unknown until main has done it). */
  | { kind: 'selection'; selection: PurgeSelection; count: number | null; excluded: number };

const BATCH = 10_000;

export function purgePlan(
  selection: Selection,
  order: readonly string[],
  filters: LibraryFilters,
  count: number | null,
): PurgePlan {
  if (selection.allExcept === null) return { kind: 'ids', ids: selectedInOrder(selection, order) };
  const { limit: _limit, cursor: _cursor, ...query } = buildImageQuery(filters, { limit: 1 });
  const exceptIds = [...selection.allExcept].slice(0, BATCH);
  return {
    kind: 'selection',
    selection: { ...query, ...(exceptIds.length ? { exceptIds } : {}) },
    count,
    excluded: exceptIds.length,
  };
}

const plural = (n: number) => `${n.toLocaleString()} image${n === 1 ? '' : 's'}`;

/** The confirm dialog's sentence. */
export function purgeSummary(plan: PurgePlan): string {
  if (plan.kind === 'ids')
    return `${plural(plan.ids.length)} and their files will be deleted for good. This cannot be undone.`;
  if (plan.count !== null)
    return `${plural(plan.count)} and their files will be deleted for good. This cannot be undone.`;
  const except = plan.excluded > 0 ? `, except the ${plural(plan.excluded)} you unselected,` : '';
  return `Every image in the trash that matches the current filters${except} will be deleted for good with its file. This cannot be undone.`;
}

/** Sends the plan; resolves with the number of images deleted. */
export async function runPurge(plan: PurgePlan): Promise<number> {
  if (plan.kind === 'selection') return (await call('images.purge', { selection: plan.selection })).count;
  let n = 0;
  for (let i = 0; i < plan.ids.length; i += BATCH)
    n += (await call('images.purge', { imageIds: plan.ids.slice(i, i + BATCH) })).count;
  return n;
}

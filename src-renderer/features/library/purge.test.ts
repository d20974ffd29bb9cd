import { describe, expect, it } from 'vitest';
import { purgePlan, purgeSummary } from './purge.ts';
import { DEFAULT_FILTERS } from './query.ts';
import { clickSelect, EMPTY_SELECTION, selectAllMatching } from './selection.ts';

const order = ['1', '2', '3', '4'];

describe('purge plan', () => {
  it('an explicit selection is sent as its ids, in order', () => {
    const selection = clickSelect(clickSelect(EMPTY_SELECTION, order, '3'), order, '1', { shift: false, toggle: true });
    const plan = purgePlan(selection, order, { ...DEFAULT_FILTERS, trashed: true }, 2);
    expect(plan).toEqual({ kind: 'ids', ids: ['1', '3'] });
    expect(purgeSummary(plan)).toBe('2 images and their files will be deleted for good. This cannot be undone.');
  });

  it('select all is sent as the query minus the exceptions, never as the ids', () => {
    const all = clickSelect(selectAllMatching(), order, '2', { shift: false, toggle: true });
    const plan = purgePlan(all, order, { ...DEFAULT_FILTERS, trashed: true, search: 'fox' }, null);
    expect(plan.kind).toBe('selection');
    if (plan.kind !== 'selection') return;
    expect(plan.selection).toMatchObject({ trashed: true, text: 'fox', exceptIds: ['2'] });
    expect(plan.selection).not.toHaveProperty('limit');
    expect(plan.selection).not.toHaveProperty('cursor');
    expect(purgeSummary(plan)).toBe(
      'Every image in the trash that matches the current filters, except the 1 image you unselected, will be deleted for good with its file. This cannot be undone.',
    );
    expect(purgeSummary({ ...plan, count: 1234 })).toBe(
      `${(1234).toLocaleString()} images and their files will be deleted for good. This cannot be undone.`,
    );
  });
});

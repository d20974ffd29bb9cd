import { describe, expect, it } from 'vitest';
import {
  clickSelect,
  EMPTY_SELECTION,
  isSelected,
  pruneSelection,
  selectAll,
  selectAllMatching,
  selectedCount,
  selectedInOrder,
} from './selection.ts';

const order = ['a', 'b', 'c', 'd', 'e', 'f'];
const ids = (s: { ids: ReadonlySet<string> }) => [...s.ids].sort();

describe('selection model', () => {
  it('a plain click selects only that item and sets the anchor', () => {
    const s = clickSelect(selectAll(order), order, 'c');
    expect(ids(s)).toEqual(['c']);
    expect(s.anchor).toBe('c');
  });

  it('shift selects the range from the anchor, in either direction, replacing the selection', () => {
    let s = clickSelect(EMPTY_SELECTION, order, 'b');
    s = clickSelect(s, order, 'e', { shift: true });
    expect(ids(s)).toEqual(['b', 'c', 'd', 'e']);
    s = clickSelect(s, order, 'a', { shift: true });
    expect(ids(s)).toEqual(['a', 'b']);
    expect(s.anchor).toBe('b');
  });

  it('ctrl toggles one item and moves the anchor; ctrl+shift adds a range', () => {
    let s = clickSelect(EMPTY_SELECTION, order, 'a');
    s = clickSelect(s, order, 'c', { toggle: true });
    expect(ids(s)).toEqual(['a', 'c']);
    s = clickSelect(s, order, 'a', { toggle: true });
    expect(ids(s)).toEqual(['c']);
    s = clickSelect(s, order, 'e', { toggle: true });
    s = clickSelect(s, order, 'f', { shift: true, toggle: true });
    expect(ids(s)).toEqual(['c', 'e', 'f']);
  });

  it('shift without an anchor behaves like a click', () => {
    expect(ids(clickSelect(EMPTY_SELECTION, order, 'd', { shift: true }))).toEqual(['d']);
  });

  it('prunes ids that left the grid and reports them in grid order', () => {
    let s = selectAll(order);
    s = pruneSelection(s, ['f', 'b', 'z']);
    expect(ids(s)).toEqual(['b', 'f']);
    expect(s.anchor).toBeNull();
    expect(selectedInOrder(s, ['f', 'b'])).toEqual(['f', 'b']);
    expect(pruneSelection(s, ['f', 'b'])).toBe(s);
  });
});

describe('collection reorder', async () => {
  const { moveItem } = await import('./reorder.ts');
  it('moves one item forward or back and leaves out-of-range moves alone', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(moveItem(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
  });

  it('select all matching: every loaded id counts as selected, ctrl-click punches holes, pruning keeps it', () => {
    let s = selectAllMatching();
    expect(selectedInOrder(s, order)).toEqual(order);
    expect(isSelected(s, 'not-loaded-yet')).toBe(true);
    expect(selectedCount(s, null)).toBeNull();
    s = clickSelect(s, order, 'c', { toggle: true });
    expect(selectedInOrder(s, order)).toEqual(['a', 'b', 'd', 'e', 'f']);
    expect(selectedCount(s, 1_000_000)).toBe(999_999);
    expect(pruneSelection(s, ['a'])).toBe(s);
    s = clickSelect(s, order, 'c', { toggle: true });
    expect(s.allExcept?.size).toBe(0);
    const plain = clickSelect(s, order, 'b');
    expect(plain.allExcept).toBeNull();
    expect(ids(plain)).toEqual(['b']);
  });
});

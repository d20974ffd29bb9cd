// The grid's selection model, kept out of React so it can be tested: click selects one,
// ctrl/cmd toggles, shift selects the range from the anchor (ctrl+shift adds the range).
// Ids are the grid's order; ranges are resolved against it.
//
// "Select all" means every image matching the current query, loaded or not (a library may hold a
// million): the selection then is "all matching, except `allExcept`" and actions resolve the ids
// in main, page by page (images.ids), instead of the renderer holding a million ids.

export interface Selection {
  /** The selected ids (when allExcept is null). */
  readonly ids: ReadonlySet<string>;
  /** Where the next shift-click range starts (the last plain or ctrl click). */
  readonly anchor: string | null;
  /** Non-null: every image matching the query is selected except these. */
  readonly allExcept: ReadonlySet<string> | null;
}

export interface ClickModifiers {
  shift?: boolean;
  /** Ctrl on Linux/Windows, Cmd on macOS. */
  toggle?: boolean;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null, allExcept: null };

export function isSelected(selection: Selection, id: string): boolean {
  return selection.allExcept === null ? selection.ids.has(id) : !selection.allExcept.has(id);
}

export function clickSelect(
  selection: Selection,
  order: readonly string[],
  id: string,
  modifiers: ClickModifiers = {},
): Selection {
  if (selection.allExcept !== null && modifiers.toggle && !modifiers.shift) {
    // Ctrl-click in "all" mode punches a hole (or fills it again).
    const except = new Set(selection.allExcept);
    if (except.has(id)) except.delete(id);
    else except.add(id);
    return { ids: new Set(), anchor: id, allExcept: except };
  }
  if (modifiers.shift && selection.anchor !== null) {
    const from = order.indexOf(selection.anchor);
    const to = order.indexOf(id);
    if (from >= 0 && to >= 0) {
      const [lo, hi] = from <= to ? [from, to] : [to, from];
      const range = order.slice(lo, hi + 1);
      const base =
        selection.allExcept === null ? selection.ids : new Set(order.filter((x) => isSelected(selection, x)));
      const ids = modifiers.toggle ? new Set([...base, ...range]) : new Set(range);
      return { ids, anchor: selection.anchor, allExcept: null };
    }
  }
  if (modifiers.toggle) {
    const ids = new Set(selection.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: id, allExcept: null };
  }
  return { ids: new Set([id]), anchor: id, allExcept: null };
}

/** The loaded ids only. */
export function selectAll(order: readonly string[]): Selection {
  return { ids: new Set(order), anchor: order[0] ?? null, allExcept: null };
}

/** Every image matching the query, loaded or not. */
export function selectAllMatching(): Selection {
  return { ids: new Set(), anchor: null, allExcept: new Set() };
}

/** Keeps only ids still present (after a filter change, trash, purge). "All" selections stay. */
export function pruneSelection(selection: Selection, order: readonly string[]): Selection {
  if (selection.allExcept !== null) return selection;
  const present = new Set(order);
  const ids = new Set([...selection.ids].filter((id) => present.has(id)));
  const anchor = selection.anchor !== null && present.has(selection.anchor) ? selection.anchor : null;
  return ids.size === selection.ids.size && anchor === selection.anchor ? selection : { ids, anchor, allExcept: null };
}

/** The selected ids in grid order (what actions send); in "all" mode, the loaded ones only. */
export function selectedInOrder(selection: Selection, order: readonly string[]): string[] {
  return order.filter((id) => isSelected(selection, id));
}

/**
 * How many are selected: exact for explicit selections; in "all" mode exact once every page is
 * loaded (`total`), else null (unknown until main counts).
 */
export function selectedCount(selection: Selection, total: number | null): number | null {
  if (selection.allExcept === null) return selection.ids.size;
  return total === null ? null : Math.max(0, total - selection.allExcept.size);
}

// The grid's selection model, kept out of React so it can be tested: click selects one,
// ctrl/cmd toggles, shift selects the range from the anchor (ctrl+shift adds the range).
// Ids are the grid's order; ranges are resolved against it.

export interface Selection {
  readonly ids: ReadonlySet<string>;
  /** Where the next shift-click range starts (the last plain or ctrl click). */
  readonly anchor: string | null;
}

export interface ClickModifiers {
  shift?: boolean;
  /** Ctrl on Linux/Windows, Cmd on macOS. */
  toggle?: boolean;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

export function clickSelect(selection: Selection, order: readonly string[], id: string, modifiers: ClickModifiers = {}): Selection {
  if (modifiers.shift && selection.anchor !== null) {
    const from = order.indexOf(selection.anchor);
    const to = order.indexOf(id);
    if (from >= 0 && to >= 0) {
      const [lo, hi] = from <= to ? [from, to] : [to, from];
      const range = order.slice(lo, hi + 1);
      const ids = modifiers.toggle ? new Set([...selection.ids, ...range]) : new Set(range);
      return { ids, anchor: selection.anchor };
    }
  }
  if (modifiers.toggle) {
    const ids = new Set(selection.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: id };
  }
  return { ids: new Set([id]), anchor: id };
}

export function selectAll(order: readonly string[]): Selection {
  return { ids: new Set(order), anchor: order[0] ?? null };
}

/** Keeps only ids still present (after a filter change, trash, purge). */
export function pruneSelection(selection: Selection, order: readonly string[]): Selection {
  const present = new Set(order);
  const ids = new Set([...selection.ids].filter((id) => present.has(id)));
  const anchor = selection.anchor !== null && present.has(selection.anchor) ? selection.anchor : null;
  return ids.size === selection.ids.size && anchor === selection.anchor ? selection : { ids, anchor };
}

/** The selected ids in grid order (what actions send). */
export function selectedInOrder(selection: Selection, order: readonly string[]): string[] {
  return order.filter((id) => selection.ids.has(id));
}

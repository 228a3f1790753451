import { useEffect, useRef, useState } from "preact/hooks";
import { announce } from "../../lib/announce";
import { plural } from "../../lib/format";

/**
 * Which rows of the table are selected: some ids, or every video the query matches (more than
 * are loaded). Shift-click selects the range from the last row clicked. A new query (list,
 * search, filter or sort) starts from nothing, so a selection never holds rows out of sight
 * for a reason the user has forgotten.
 */
export interface Selection {
  ids: ReadonlySet<string>;
  /** Every video the query matches, not only these ids. */
  allMatching: boolean;
  has: (id: string) => boolean;
  toggle: (index: number, extend: boolean) => void;
  /** Every loaded row, or none. */
  setLoaded: (selected: boolean) => void;
  selectAllMatching: () => void;
  /** `quiet`: an action's own message follows, so "Selection cleared" is not said over it. */
  clear: (quiet?: boolean) => void;
}

export function useSelection(ids: string[], resetKey: string, matchingTotal: number | undefined): Selection {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const anchor = useRef<number | null>(null);

  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
    anchor.current = null;
  }, [resetKey]);

  const say = (count: number) => announce(count ? `${plural(count, "video")} selected` : "Selection cleared");

  const toggle = (index: number, extend: boolean) => {
    const id = ids[index];
    if (id === undefined) return;
    // Unticking one row of "all matching" leaves the loaded rows but that one.
    const base = allMatching ? new Set(ids) : new Set(selected);
    const select = !base.has(id);
    const from = extend && anchor.current !== null ? Math.min(anchor.current, index) : index;
    const to = extend && anchor.current !== null ? Math.max(anchor.current, index) : index;
    for (let i = from; i <= to; i++) {
      const rowId = ids[i];
      if (rowId === undefined) continue;
      if (select) base.add(rowId);
      else base.delete(rowId);
    }
    anchor.current = index;
    setAllMatching(false);
    setSelected(base);
    say(base.size);
  };

  const setLoaded = (value: boolean) => {
    setAllMatching(false);
    setSelected(value ? new Set(ids) : new Set());
    say(value ? ids.length : 0);
  };

  const selectAllMatching = () => {
    setAllMatching(true);
    setSelected(new Set(ids));
    if (matchingTotal !== undefined) say(matchingTotal);
  };

  const clear = (quiet = false) => {
    setAllMatching(false);
    setSelected(new Set());
    anchor.current = null;
    if (!quiet) say(0);
  };

  return {
    ids: selected,
    allMatching,
    has: (id) => allMatching || selected.has(id),
    toggle,
    setLoaded,
    selectAllMatching,
    clear,
  };
}

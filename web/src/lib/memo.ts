import { Component, type FunctionComponent } from "preact";

/**
 * A component that renders again only when one of its props is no longer the same value
 * (preact/compat's `memo`, without importing compat). For the many siblings of a list whose
 * parent re-renders often: a row whose props did not change is skipped, not diffed. Its props
 * must not hold callbacks made anew on every render of the parent, and it must read no signals.
 */
export function memo<P extends object>(render: FunctionComponent<P>) {
  return class Memo extends Component<P> {
    static override displayName = `memo(${render.displayName ?? render.name})`;
    override shouldComponentUpdate(next: P) {
      const now = this.props as Record<string, unknown>;
      const then = next as Record<string, unknown>;
      for (const key in then) if (then[key] !== now[key]) return true;
      for (const key in now) if (!(key in then)) return true;
      return false;
    }
    override render(props: P) {
      return render(props);
    }
  };
}

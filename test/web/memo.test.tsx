import { act, cleanup, render } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { afterEach, describe, expect, it } from "vitest";
import { memo } from "../../web/src/lib/memo";

afterEach(cleanup);

describe("memo: a component that renders again only when a prop changes", () => {
  it("skips a re-render of its parent with the same props, renders on a changed, added or removed prop", () => {
    const renders: string[] = [];
    const Item = memo(function Item({ label, extra }: { label: string; extra?: number }) {
      renders.push(label);
      return (
        <li>
          {label}
          {extra}
        </li>
      );
    });
    let set: (s: { a: string; b: string; extra?: number; tick: number }) => void = () => {};
    function List() {
      const [state, setState] = useState<{ a: string; b: string; extra?: number; tick: number }>({
        a: "one",
        b: "two",
        tick: 0,
      });
      set = setState;
      return (
        <ul data-tick={state.tick}>
          <Item label={state.a} />
          <Item label={state.b} {...(state.extra === undefined ? {} : { extra: state.extra })} />
        </ul>
      );
    }
    const { container } = render(<List />);
    expect(renders).toEqual(["one", "two"]);

    act(() => set({ a: "one", b: "two", tick: 1 }));
    expect(container.querySelector("ul")?.dataset.tick).toBe("1");
    expect(renders).toEqual(["one", "two"]);

    act(() => set({ a: "one", b: "three", tick: 2 }));
    expect(renders).toEqual(["one", "two", "three"]);
    expect(container.textContent).toBe("onethree");

    act(() => set({ a: "one", b: "three", extra: 4, tick: 3 }));
    expect(container.textContent).toBe("onethree4");
    act(() => set({ a: "one", b: "three", tick: 4 }));
    expect(container.textContent).toBe("onethree");
    expect(renders).toEqual(["one", "two", "three", "three", "three"]);
  });
});

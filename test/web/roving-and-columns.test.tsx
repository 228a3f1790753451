import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { afterEach, describe, expect, it } from "vitest";
import type { Field } from "../../src/shared/schemas/fields";
import { Tabs } from "../../web/src/components/tabs";
import { ColumnChooser } from "../../web/src/features/videos/column-chooser";
import {
  allColumns,
  type ColumnChoice,
  EMPTY_CHOICE,
  moveColumn,
  toggleColumn,
  useColumnChoice,
  visibleColumns,
} from "../../web/src/features/videos/columns";
import { tableMinWidth } from "../../web/src/features/videos/video-table";
import { nextIndex } from "../../web/src/lib/roving";

const FIELDS: Field[] = [
  { key: "level", label: "Level", type: "enum", options: ["a", "b"] },
  { key: "topics", label: "Topics", type: "tags" },
];

describe("nextIndex (roving tabindex)", () => {
  it("moves along the group's axis and stops at the ends of a table", () => {
    const rows = { orientation: "vertical" as const, pageSize: 5 };
    expect(nextIndex("ArrowDown", 0, 10, rows)).toBe(1);
    expect(nextIndex("ArrowUp", 0, 10, rows)).toBe(0);
    expect(nextIndex("ArrowDown", 9, 10, rows)).toBe(9);
    expect(nextIndex("PageDown", 7, 10, rows)).toBe(9);
    expect(nextIndex("PageUp", 3, 10, rows)).toBe(0);
    expect(nextIndex("End", 3, 10, rows)).toBe(9);
    expect(nextIndex("ArrowRight", 3, 10, rows)).toBeNull();
  });
  it("wraps around tabs", () => {
    const tabs = { orientation: "horizontal" as const, wrap: true };
    expect(nextIndex("ArrowRight", 2, 3, tabs)).toBe(0);
    expect(nextIndex("ArrowLeft", 0, 3, tabs)).toBe(2);
    expect(nextIndex("ArrowDown", 0, 3, tabs)).toBeNull();
  });
});

function TabsHarness() {
  const [tab, setTab] = useState<"one" | "two" | "three">("one");
  return (
    <Tabs
      id="t"
      label="Numbers"
      tabs={[
        { value: "one", label: "One" },
        { value: "two", label: "Two" },
        { value: "three", label: "Three" },
      ]}
      selected={tab}
      onSelect={setTab}
    >
      <p>Panel {tab}</p>
    </Tabs>
  );
}

describe("Tabs", () => {
  afterEach(cleanup);
  it("is one Tab stop; arrow keys select and focus the next tab and show its panel", () => {
    render(<TabsHarness />);
    const tabs = screen.getAllByRole("tab");
    expect(tabs.map((t) => t.getAttribute("tabindex"))).toEqual(["0", "-1", "-1"]);
    tabs[0]?.focus();
    fireEvent.keyDown(tabs[0] as HTMLElement, { key: "ArrowLeft" });
    expect(screen.getByRole("tab", { name: "Three" }).getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement?.textContent).toBe("Three");
    expect(screen.getByRole("tabpanel").textContent).toBe("Panel three");
  });
});

describe("column choice", () => {
  afterEach(() => {
    cleanup();
    localStorage.clear();
  });

  it("orders, hides, and puts columns the choice does not know (a new field) at the end", () => {
    let choice: ColumnChoice = EMPTY_CHOICE;
    choice = moveColumn(FIELDS, choice, "field.topics", -1);
    choice = toggleColumn(choice, "views", false);
    expect(visibleColumns(FIELDS, choice).map((c) => c.id)).toEqual([
      "duration",
      "published",
      "status",
      "field.topics",
      "field.level",
    ]);
    const more: Field[] = [...FIELDS, { key: "speaker", label: "Speaker", type: "text" }];
    expect(visibleColumns(more, choice).at(-1)?.id).toBe("field.speaker");
  });

  function ChooserHarness({ listId }: { listId: string }) {
    const [choice, setChoice] = useColumnChoice(listId);
    return (
      <>
        <ColumnChooser fields={FIELDS} choice={choice} onChange={setChoice} onClose={() => {}} />
        <output data-testid="shown">
          {visibleColumns(FIELDS, choice)
            .map((c) => c.label)
            .join(",")}
        </output>
      </>
    );
  }

  it("the chooser hides and moves columns, and the choice is remembered per list", () => {
    const { unmount } = render(<ChooserHarness listId="l1" />);
    fireEvent.click(screen.getByLabelText("Views"));
    fireEvent.click(screen.getByRole("button", { name: "Move Level up" }));
    expect(screen.getByTestId("shown").textContent).toBe("Duration,Published,Level,Status,Topics");
    unmount();

    render(<ChooserHarness listId="l1" />);
    expect(screen.getByTestId("shown").textContent).toBe("Duration,Published,Level,Status,Topics");
    cleanup();
    render(<ChooserHarness listId="l2" />);
    expect(screen.getByTestId("shown").textContent).toBe("Duration,Views,Published,Status,Level,Topics");
  });

  it("an arrow keeps focus as its column moves, and hands it to the row's other arrow when it turns disabled at the end", () => {
    render(<ChooserHarness listId="l3" />);
    // Default order: Duration, Views, Published, Status, Level, Topics.
    screen.getByRole("button", { name: "Move Views up" }).focus();
    fireEvent.click(screen.getByRole("button", { name: "Move Views up" }));
    expect(screen.getByTestId("shown").textContent).toBe("Views,Duration,Published,Status,Level,Topics");
    expect((screen.getByRole("button", { name: "Move Views up" }) as HTMLButtonElement).disabled).toBe(true);
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Move Views down");

    screen.getByRole("button", { name: "Move Level down" }).focus();
    fireEvent.click(screen.getByRole("button", { name: "Move Level down" }));
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Move Level up");
    fireEvent.click(screen.getByRole("button", { name: "Move Level up" }));
    expect(screen.getByTestId("shown").textContent).toBe("Views,Duration,Published,Status,Level,Topics");
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Move Level up");
  });
});

describe("the desktop table's width", () => {
  it("lays out every metadata column and three fields in a 1366 px window without scrolling sideways", () => {
    const fields: Field[] = [
      { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "hard"] },
      { key: "topics", label: "Topics", type: "tags" },
      { key: "speakers", label: "Speakers", type: "tags" },
    ];
    // The window, less the page's classic scrollbar, its padding (1.5rem each side), the table's
    // border and the table scroller's own scrollbar (a list taller than the window scrolls in it).
    const room = 1366 - 15 - 2 * 24 - 2 - 15;
    expect(tableMinWidth(allColumns(fields))).toBeLessThanOrEqual(room);
    // A fourth field is what makes it scroll: the columns keep a readable width rather than shrink.
    expect(tableMinWidth(allColumns([...fields, { key: "notes", label: "Notes", type: "text" }]))).toBeGreaterThan(
      room,
    );
  });
});

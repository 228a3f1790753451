import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Field } from "../../src/shared/schemas/fields";
import type { Facets, FoundVideo } from "../../web/src/api/endpoints";
import { DetailFields } from "../../web/src/features/find/detail-fields";
import { FilterBar } from "../../web/src/features/find/filter-bar";
import type { FindQuery } from "../../web/src/features/find/find-query";
import { video } from "./fixtures";

const correctVideo = vi.hoisted(() => vi.fn());
vi.mock("../../web/src/api/endpoints", () => ({ api: { correctVideo } }));

const DIFFICULTY: Field = { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "hard"] };
const MINUTES: Field = { key: "minutes", label: "Minutes", type: "number" };
const FACETS: Facets = {
  total: 12,
  status: { pending: 0, queued: 0, processing: 0, completed: 12, failed: 0 },
  channels: [],
  fields: {
    difficulty: {
      values: [
        { value: "hard", count: 7 },
        { value: "easy", count: 4 },
      ],
      empty: 1,
    },
    minutes: { min: 3, max: 95, empty: 0 },
  },
};

describe("FilterBar", () => {
  afterEach(cleanup);

  it("offers each value with its count and filters by the ones ticked", () => {
    const onQuery = vi.fn();
    const query: FindQuery = { fields: {} };
    render(
      <FilterBar
        fields={[DIFFICULTY, MINUTES]}
        query={query}
        facets={FACETS}
        onQuery={onQuery}
        onOpenChange={() => {}}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: /^Difficulty/ }));
    const hard = screen.getByRole("checkbox", { name: /hard/ });
    expect(hard.closest("label")?.textContent).toContain("7");
    expect(screen.getByRole("checkbox", { name: /No value/ }).closest("label")?.textContent).toContain("1");
    fireEvent.click(hard);
    expect(onQuery).toHaveBeenCalledWith({ fields: { difficulty: { values: ["hard"] } } });
  });

  it("filters a number field by a range, with the facets' min and max as hints", () => {
    const onQuery = vi.fn();
    render(
      <FilterBar fields={[MINUTES]} query={{ fields: {} }} facets={FACETS} onQuery={onQuery} onOpenChange={() => {}} />,
    );
    fireEvent.click(screen.getByRole("button", { name: /^Minutes/ }));
    const from = screen.getByLabelText("From");
    expect(from.getAttribute("placeholder")).toBe("3");
    fireEvent.input(from, { target: { value: "10" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(onQuery).toHaveBeenCalledWith({ fields: { minutes: { gte: 10, lte: undefined } } });
  });

  it("an active chip says what it keeps and removes itself", () => {
    const onQuery = vi.fn();
    render(
      <FilterBar
        fields={[DIFFICULTY]}
        query={{ fields: { difficulty: { values: ["hard"] } } }}
        facets={FACETS}
        onQuery={onQuery}
        onOpenChange={() => {}}
      />,
    );
    expect(screen.getByText(": hard").closest("button")?.textContent).toContain("Difficulty: hard");
    fireEvent.click(screen.getByRole("button", { name: "Remove the Difficulty filter" }));
    expect(onQuery).toHaveBeenCalledWith({ fields: {} });
  });
});

describe("DetailFields", () => {
  afterEach(cleanup);

  it("corrects a value and shows it as set by a person", async () => {
    const before = {
      ...video({ status: "completed", fields: { difficulty: "easy" } }),
      fieldSources: { difficulty: "ai" as const },
    };
    correctVideo.mockResolvedValue({ ...before, fields: { difficulty: "hard" }, fieldSources: { difficulty: "user" } });
    let shown: FoundVideo = before;
    const { rerender } = render(<DetailFields video={shown} fields={[DIFFICULTY]} onSaved={(v) => (shown = v)} />);
    expect(screen.queryByText("set by you")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Edit Difficulty" }));
    fireEvent.change(screen.getByLabelText("Difficulty"), { target: { value: "hard" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(correctVideo).toHaveBeenCalledWith(before.id, { difficulty: "hard" }));
    rerender(<DetailFields video={shown} fields={[DIFFICULTY]} onSaved={(v) => (shown = v)} />);
    await screen.findByText("set by you");
    expect(screen.getByText("hard")).toBeTruthy();
  });

  it("opens the clicked field's editor at once, and Escape leaves it unchanged", () => {
    render(<DetailFields video={video()} fields={[DIFFICULTY, MINUTES]} editing="minutes" onSaved={() => {}} />);
    const input = screen.getByLabelText("Minutes");
    expect(document.activeElement).toBe(input);
    fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByLabelText("Minutes")).toBeNull();
    expect(correctVideo).not.toHaveBeenCalledWith(expect.anything(), { minutes: expect.anything() });
  });
});

import { cleanup, render, screen, waitFor } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Field } from "../../src/shared/schemas/fields";
import { ViewsBar } from "../../web/src/features/find/views-bar";

const views = vi.hoisted(() => vi.fn());
vi.mock("../../web/src/api/endpoints", () => ({ api: { views } }));

const LEVEL: Field = { key: "level", label: "Level", type: "enum", options: ["easy", "hard"] };
const view = (query: string) => ({
  id: "viw_1",
  listId: "lst_1",
  name: "Hard ones",
  query,
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
});

afterEach(cleanup);

describe("ViewsBar", () => {
  it("reads the views again when the list's fields change, as the server rewrote them, and not for equal fields", async () => {
    views.mockResolvedValueOnce({ items: [view("field.level=hard")] });
    const { rerender } = render(
      <LocationProvider>
        <ViewsBar listId="lst_1" fields={[LEVEL]} current="" />
      </LocationProvider>,
    );
    const link = await screen.findByRole("link", { name: "Hard ones" });
    expect(link.getAttribute("href")).toContain("field.level=hard");

    // A rename puts the list back with equal fields in a new array: nothing to read again.
    rerender(
      <LocationProvider>
        <ViewsBar listId="lst_1" fields={[{ ...LEVEL }]} current="" />
      </LocationProvider>,
    );
    expect(views).toHaveBeenCalledTimes(1);

    views.mockResolvedValueOnce({ items: [view("")] });
    rerender(
      <LocationProvider>
        <ViewsBar listId="lst_1" fields={[]} current="" />
      </LocationProvider>,
    );
    await waitFor(() => expect(views).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(screen.getByRole("link", { name: "Hard ones" }).getAttribute("href")).not.toContain("field.level"),
    );
  });
});

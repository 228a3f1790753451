import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FieldsDialog } from "../../web/src/features/fields/fields-dialog";
import { list } from "./fixtures";

vi.mock("../../web/src/api/endpoints", () => ({
  api: { processingStatus: () => new Promise(() => {}), updateList: vi.fn() },
}));

const LEVEL = { key: "level", label: "Level", type: "enum" as const, options: ["easy", "hard"] };

describe("the fields drawer", () => {
  afterEach(cleanup);

  it("asks before throwing away an edit when Escape comes right after the keystroke", async () => {
    const onClose = vi.fn();
    render(<FieldsDialog list={list({ fields: [LEVEL] })} onClose={onClose} onSaved={() => {}} />);
    // Real events, not testing-library's (which flush every render and effect at once): the
    // keystroke renders in a microtask, and Escape comes in the next task, before the next paint.
    const label = screen.getByLabelText("Label") as HTMLInputElement;
    label.value = "Difficulty";
    label.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await waitFor(() => expect(screen.getByRole("dialog", { name: "Discard your changes?" })).toBeTruthy());
    expect(onClose).not.toHaveBeenCalled();
  });

  it("closes at once when nothing was edited", async () => {
    const onClose = vi.fn();
    render(<FieldsDialog list={list({ fields: [LEVEL] })} onClose={onClose} onSaved={() => {}} />);
    fireEvent.keyDown(document, { key: "Escape" });
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole("dialog", { name: "Discard your changes?" })).toBeNull();
  });
});

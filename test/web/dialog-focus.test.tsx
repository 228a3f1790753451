import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { afterEach, describe, expect, it } from "vitest";
import { Dialog } from "../../web/src/components/dialog";

/** A row that opens a dialog, and a way to draw the row anew (a new element, same id) meanwhile. */
function Harness() {
  const [open, setOpen] = useState(false);
  const [generation, setGeneration] = useState(0);
  return (
    <div>
      <button type="button" key={generation} id="row-a" onClick={() => setOpen(true)}>
        Row A
      </button>
      <button type="button" onClick={() => setGeneration((n) => n + 1)}>
        Redraw
      </button>
      {open && (
        <Dialog title="Details" onClose={() => setOpen(false)}>
          <button type="button">Inside</button>
        </Dialog>
      )}
    </div>
  );
}

describe("a dialog gives focus back when it closes", () => {
  afterEach(cleanup);

  it("to the element that opened it", () => {
    render(<Harness />);
    const opener = screen.getByRole("button", { name: "Row A" });
    opener.focus();
    fireEvent.click(opener);
    expect(screen.getByRole("dialog")).toBeTruthy();
    fireEvent.keyDown(document, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("to the element now carrying the opener's id when the opener was drawn anew meanwhile", () => {
    render(<Harness />);
    const opener = screen.getByRole("button", { name: "Row A" });
    opener.focus();
    fireEvent.click(opener);
    act(() => {
      (screen.getByRole("button", { name: "Redraw", hidden: true }) as HTMLButtonElement).click();
    });
    const replacement = screen.getByRole("button", { name: "Row A", hidden: true });
    expect(replacement).not.toBe(opener);
    expect(opener.isConnected).toBe(false);
    fireEvent.keyDown(document, { key: "Escape" });
    expect(document.activeElement).toBe(replacement);
  });
});

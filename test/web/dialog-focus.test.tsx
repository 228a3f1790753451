import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { afterEach, describe, expect, it } from "vitest";
import { Dialog } from "../../web/src/components/dialog";
import { rescueLostFocus } from "../../web/src/lib/page-focus";

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

/**
 * A page with its heading and a job card (a focus fallback) holding a drawer, as the Jobs page's
 * drawer over its rows: inside, a control that goes away (or turns disabled) when used, and a
 * confirmation that can open over the drawer.
 */
function DrawerPage({ gone = "removed" }: { gone?: "removed" | "disabled" }) {
  const [used, setUsed] = useState(false);
  const [asking, setAsking] = useState(false);
  return (
    <main>
      <h1 tabIndex={-1}>Jobs</h1>
      <article tabIndex={-1} data-focus-fallback aria-label="Job card">
        <Dialog title="Job details" variant="drawer" onClose={() => {}}>
          {gone === "disabled" ? (
            <button type="button" disabled={used} onClick={() => setUsed(true)}>
              Remove failed videos
            </button>
          ) : (
            !used && (
              <button type="button" onClick={() => setAsking(true)}>
                Remove failed videos
              </button>
            )
          )}
          <button type="button">Retry</button>
          {asking && (
            <Dialog title="Remove failed videos?" onClose={() => setAsking(false)}>
              <button
                type="button"
                onClick={() => {
                  setAsking(false);
                  setUsed(true);
                }}
              >
                Remove
              </button>
            </Dialog>
          )}
        </Dialog>
      </article>
    </main>
  );
}

const nextFrame = () => act(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));

describe("focus that loses its control inside an open dialog stays in the dialog", () => {
  let stop = () => {};
  afterEach(() => {
    stop();
    cleanup();
  });

  it("a control removed after a confirmation: the drawer's heading, not the page's or a card behind the backdrop", async () => {
    stop = rescueLostFocus();
    render(<DrawerPage />);
    const opener = screen.getByRole("button", { name: "Remove failed videos" });
    opener.focus();
    fireEvent.click(opener);
    fireEvent.click(screen.getByRole("button", { name: "Remove" }));
    expect(screen.queryByRole("dialog", { name: "Remove failed videos?" })).toBeNull();
    await nextFrame();
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Job details"));
    expect(screen.getByRole("dialog", { name: "Job details" }).contains(document.activeElement)).toBe(true);
  });

  it("a control that turns disabled while it has focus: the drawer's heading", async () => {
    stop = rescueLostFocus();
    render(<DrawerPage gone="disabled" />);
    const button = screen.getByRole("button", { name: "Remove failed videos" });
    button.focus();
    fireEvent.click(button);
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await nextFrame();
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Job details"));
  });

  it("Shift+Tab from the heading goes round to the dialog's last control, not out to the page", () => {
    render(<DrawerPage />);
    const heading = screen.getByRole("heading", { name: "Job details" });
    heading.focus();
    fireEvent.keyDown(heading, { key: "Tab", shiftKey: true });
    expect(document.activeElement?.textContent).toBe("Retry");
  });
});

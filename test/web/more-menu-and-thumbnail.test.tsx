import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MoreMenu } from "../../web/src/components/more-menu";
import { Thumbnail } from "../../web/src/features/videos/video-row-parts";
import { video } from "./fixtures";

function renderMenu() {
  const rename = vi.fn();
  const exportCsv = vi.fn();
  render(
    <div>
      <MoreMenu
        label="More"
        items={[
          { label: "Rename", onSelect: rename },
          { label: "Export CSV", onSelect: exportCsv, disabled: true },
          { label: "Export JSON", onSelect: () => {} },
        ]}
      />
      <button type="button">Elsewhere</button>
    </div>,
  );
  return { rename, exportCsv, toggle: screen.getByRole("button", { name: "More" }) };
}

describe("the More menu of a page's secondary actions", () => {
  afterEach(cleanup);

  it("is closed until its button is pressed, then focuses the first action it shows", () => {
    const { toggle } = renderMenu();
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("button", { name: "Rename" })).toBeNull();
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Rename" }));
  });

  it("runs the chosen action, closes, and gives focus back to its button", () => {
    const { toggle, rename } = renderMenu();
    fireEvent.click(toggle);
    fireEvent.click(screen.getByRole("button", { name: "Rename" }));
    expect(rename).toHaveBeenCalledTimes(1);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(toggle);
  });

  it("moves with the arrow keys past a disabled action, wrapping at the ends", () => {
    const { toggle } = renderMenu();
    fireEvent.click(toggle);
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowDown" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Export JSON" }));
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowDown" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Rename" }));
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowUp" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Export JSON" }));
  });

  it("closes on Escape (focus back on its button) and on a press anywhere else", () => {
    const { toggle, exportCsv } = renderMenu();
    fireEvent.click(toggle);
    fireEvent.keyDown(document.activeElement as Element, { key: "Escape" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(toggle);

    fireEvent.click(toggle);
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(exportCsv).not.toHaveBeenCalled();
    fireEvent.pointerDown(screen.getByRole("button", { name: "Elsewhere" }));
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
  });
});

describe("a row's thumbnail", () => {
  afterEach(cleanup);

  it("shows the placeholder instead of a broken image when the still cannot load", () => {
    const { container } = render(
      <Thumbnail video={video({ thumbnailUrl: "https://i.ytimg.com/vi/x/hqdefault.jpg" })} width={88} height={50} />,
    );
    const image = container.querySelector("img") as HTMLImageElement;
    expect(image).not.toBeNull();
    fireEvent.error(image);
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector(".thumb-placeholder")).not.toBeNull();
  });
});

import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { JOB_STATUSES } from "../../src/shared/constants";
import { ProgressBar } from "../../web/src/components/progress-bar";

describe("ProgressBar", () => {
  afterEach(cleanup);

  it("exposes percent and bounds to assistive technology", () => {
    render(<ProgressBar status="running" processed={40} failed={5} total={100} progress={45} label="Talks" />);
    const bar = screen.getByRole("progressbar", { name: "Talks" });
    expect(bar.getAttribute("aria-valuenow")).toBe("45");
    expect(bar.getAttribute("aria-valuemin")).toBe("0");
    expect(bar.getAttribute("aria-valuemax")).toBe("100");
    expect(bar.getAttribute("aria-valuetext")).toContain("40 processed, 5 failed of 100");
  });

  it("shows processed, failed and total counts", () => {
    render(<ProgressBar status="running" processed={40} failed={5} total={100} progress={45} label="Talks" />);
    expect(screen.getByText("40 processed")).toBeTruthy();
    expect(screen.getByText("5 failed")).toBeTruthy();
    expect(screen.getByText("of 100")).toBeTruthy();
  });

  it.each(JOB_STATUSES)("colours the bar by status: %s", (status) => {
    const { container } = render(
      <ProgressBar status={status} processed={1} failed={0} total={2} progress={50} label="x" />,
    );
    expect(container.firstElementChild?.classList.contains(`progress--${status}`)).toBe(true);
  });

  it("keeps aria-valuenow within 0–100 even for odd input", () => {
    render(<ProgressBar status="completed" processed={0} failed={0} total={0} progress={140} label="Empty" />);
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100");
  });
});

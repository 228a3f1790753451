import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { session, signedIn } from "../../web/src/api/session";
import { JobPark } from "../../web/src/features/jobs/job-park";
import { PasswordForm } from "../../web/src/features/settings/password-form";
import { UsageFigures } from "../../web/src/features/settings/usage-section";

const USER = { id: "usr_1", email: "ada@example.com", createdAt: "2026-11-01T00:00:00.000Z" };
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("PasswordForm", () => {
  beforeEach(() => signedIn("session-token", USER));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  const fill = (current: string, next: string) => {
    fireEvent.input(screen.getByLabelText("Current password"), { target: { value: current } });
    fireEvent.input(screen.getByLabelText("New password"), { target: { value: next } });
    fireEvent.click(screen.getByRole("button", { name: "Change password" }));
  };

  it("shows a wrong current password on its field and stays signed in (the 401 is not a lost session)", async () => {
    const fetch = vi.fn(async () =>
      json(401, { error: { code: "unauthorized", message: "Current password is wrong" } }),
    );
    vi.stubGlobal("fetch", fetch);
    render(<PasswordForm onChanged={() => {}} />);
    fill("not-it-at-all", "a much better passphrase");
    await screen.findByText("That is not your current password.");
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(session.value.token).toBe("session-token");
    expect(screen.getByLabelText("Current password").getAttribute("aria-invalid")).toBe("true");
  });

  it("changes the password with the current session's token and tells the page", async () => {
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetch);
    const onChanged = vi.fn();
    render(<PasswordForm onChanged={onChanged} />);
    fill("old password here", "a much better passphrase");
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(String(url)).toContain("/api/auth/password");
    expect(new Headers(init?.headers).get("authorization")).toBe("Bearer session-token");
    expect(JSON.parse(String(init?.body))).toEqual({
      currentPassword: "old password here",
      newPassword: "a much better passphrase",
    });
  });

  it("checks the new password before asking the server", () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    render(<PasswordForm onChanged={() => {}} />);
    fill("old password here", "short");
    expect(screen.getByText("Use at least 8 characters.")).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("UsageFigures", () => {
  afterEach(cleanup);

  it("shows today's spend and a meter per cap, flagging one near its maximum", () => {
    render(
      <UsageFigures
        usage={{
          day: { start: "2026-12-01T00:00:00.000Z", end: "2026-12-02T00:00:00.000Z" },
          videosProcessed: 1200,
          aiCalls: 90,
          inputTokens: 150_000,
          outputTokens: 20_000,
          thinkingTokens: 5_000,
          youtubeUnits: 30,
          limits: {
            lists: { max: 100, used: 3 },
            videosPerList: { max: 100_000, used: 40 },
            videosPerUser: { max: 1_000_000, used: 40 },
            subscriptions: { max: 50, used: 0 },
            webhooks: { max: 10, used: 0 },
            apiTokens: { max: 20, used: 1 },
            activeJobs: { max: 5, used: 0 },
            videosProcessedPerDay: { max: 1_500, used: 1_200 },
          },
        }}
      />,
    );
    expect(screen.getByText("1,200", { selector: "dd" })).toBeTruthy();
    expect(screen.getByText("20,000", { selector: "dd" })).toBeTruthy();
    expect(screen.getByText("Thinking tokens").nextElementSibling?.textContent).toBe("5,000");
    const lists = screen.getByLabelText("Lists");
    expect(lists.getAttribute("value")).toBe("3");
    expect(lists.getAttribute("max")).toBe("100");
    const daily = screen.getByLabelText("Videos processed today");
    expect(daily.closest("li")?.classList.contains("usage-meter--near")).toBe(true);
    expect(screen.getByText("1,200 of 1,500")).toBeTruthy();
  });
});

describe("JobPark", () => {
  afterEach(cleanup);

  it("says a parked job waits for quota and when it resumes, in local time", () => {
    const resumesAt = new Date(Date.now() + 60 * 60_000).toISOString();
    render(<JobPark job={{ status: "paused", pausedReason: "quota", resumesAt }} />);
    const line = screen.getByText(/Waiting for quota — resumes at/);
    expect(line.querySelector("time")?.getAttribute("datetime")).toBe(resumesAt);
  });

  it("says nothing for a pause the user asked for", () => {
    const { container } = render(<JobPark job={{ status: "paused", pausedReason: "user", resumesAt: null }} />);
    expect(container.textContent).toBe("");
  });
});

import { useState } from "preact/hooks";
import type { Subscription, SubscriptionFilters } from "../../../../src/shared/schemas/subscriptions";
import { ApiError } from "../../api/client";
import { sourcesApi } from "../../api/source-endpoints";
import { describedBy, FormField } from "../../components/form-field";
import { InlineError } from "../../components/states";

const minutes = (text: string) => (text.trim() === "" ? undefined : Math.round(Number(text) * 60));

/** Follow a channel or playlist, with optional filters and auto-process. */
export function SubscriptionForm({ listId, onCreated }: { listId: string; onCreated: (s: Subscription) => void }) {
  const [url, setUrl] = useState("");
  const [autoProcess, setAutoProcess] = useState(false);
  const [minMinutes, setMinMinutes] = useState("");
  const [maxMinutes, setMaxMinutes] = useState("");
  const [excludeShorts, setExcludeShorts] = useState(false);
  const [keywords, setKeywords] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    const problems: Record<string, string> = {};
    if (!url.trim()) problems.url = "Paste a playlist or channel link.";
    for (const [key, value] of [
      ["min", minMinutes],
      ["max", maxMinutes],
    ] as const) {
      if (value.trim() !== "" && !(Number(value) >= 0)) problems[key] = "Minutes, 0 or more.";
    }
    setErrors(problems);
    if (Object.keys(problems).length) return;
    const filters: SubscriptionFilters = {
      minDurationSeconds: minutes(minMinutes),
      maxDurationSeconds: minutes(maxMinutes),
      excludeShorts: excludeShorts || undefined,
      titleIncludes: keywords
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean),
    };
    if (!filters.titleIncludes?.length) delete filters.titleIncludes;
    setBusy(true);
    try {
      onCreated(await sourcesApi.subscribe(listId, { url: url.trim(), autoProcess, filters }));
      setUrl("");
      setKeywords("");
      setMinMinutes("");
      setMaxMinutes("");
      setExcludeShorts(false);
      setAutoProcess(false);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      if (fields["filters.minDurationSeconds"]) setErrors({ min: fields["filters.minDurationSeconds"] });
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="subscription-form stack" onSubmit={submit} noValidate aria-label="New subscription">
      <FormField
        id="sub-url"
        label="Channel or playlist to follow"
        error={errors.url}
        hint="@handle, channel or playlist link"
      >
        <input
          id="sub-url"
          type="url"
          inputMode="url"
          value={url}
          spellcheck={false}
          placeholder="https://www.youtube.com/@GoogleDevelopers"
          onInput={(e) => setUrl(e.currentTarget.value)}
          aria-invalid={!!errors.url}
          aria-describedby={describedBy("sub-url", errors.url, true)}
        />
      </FormField>
      <div class="subscription-form__filters">
        <FormField id="sub-min" label="Min length (minutes)" error={errors.min}>
          <input
            id="sub-min"
            type="number"
            min={0}
            step="any"
            value={minMinutes}
            onInput={(e) => setMinMinutes(e.currentTarget.value)}
            aria-invalid={!!errors.min}
            aria-describedby={describedBy("sub-min", errors.min)}
          />
        </FormField>
        <FormField id="sub-max" label="Max length (minutes)" error={errors.max}>
          <input
            id="sub-max"
            type="number"
            min={0}
            step="any"
            value={maxMinutes}
            onInput={(e) => setMaxMinutes(e.currentTarget.value)}
            aria-invalid={!!errors.max}
            aria-describedby={describedBy("sub-max", errors.max)}
          />
        </FormField>
        <FormField id="sub-keywords" label="Title contains any of" hint="Comma-separated; empty keeps every title">
          <input
            id="sub-keywords"
            type="text"
            value={keywords}
            onInput={(e) => setKeywords(e.currentTarget.value)}
            aria-describedby={describedBy("sub-keywords", null, true)}
          />
        </FormField>
      </div>
      <label class="checkbox">
        <input type="checkbox" checked={excludeShorts} onChange={(e) => setExcludeShorts(e.currentTarget.checked)} />
        <span>Leave out Shorts (3 minutes or less)</span>
      </label>
      <label class="checkbox">
        <input type="checkbox" checked={autoProcess} onChange={(e) => setAutoProcess(e.currentTarget.checked)} />
        <span>Process new videos automatically</span>
      </label>
      <InlineError error={failure} />
      <div>
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? "Subscribing…" : "Subscribe"}
        </button>
      </div>
    </form>
  );
}

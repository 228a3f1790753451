import { useState } from "preact/hooks";
import { ApiError } from "../../api/client";
import { settingsApi } from "../../api/settings-endpoints";
import { describedBy, FormField } from "../../components/form-field";
import { InlineError } from "../../components/states";
import { toast } from "../../components/toasts";

/**
 * Change the password. A wrong current password is a 401 from the server: it is shown on that
 * field and this session stays signed in. Every other session ends with the change.
 */
export function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState<{ current?: string; next?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    const found: typeof errors = {};
    if (!current) found.current = "Enter your current password.";
    if (next.length < 8) found.next = "Use at least 8 characters.";
    else if (next === current) found.next = "Choose a password different from the current one.";
    setErrors(found);
    if (found.current || found.next) return;
    setBusy(true);
    try {
      await settingsApi.changePassword(current, next);
      setCurrent("");
      setNext("");
      toast("success", "Password changed", "Every other session was signed out.");
      onChanged();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401)
        setErrors({ current: "That is not your current password." });
      else if (error instanceof ApiError && error.code === "validation_failed")
        setErrors({ next: error.fieldErrors().newPassword ?? error.message });
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card section" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form class="stack password-form" onSubmit={submit} noValidate>
        <FormField id="current-password" label="Current password" error={errors.current}>
          <input
            id="current-password"
            type="password"
            autocomplete="current-password"
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
            aria-invalid={!!errors.current}
            aria-describedby={describedBy("current-password", errors.current)}
          />
        </FormField>
        <FormField
          id="new-password"
          label="New password"
          error={errors.next}
          hint="At least 8 characters and not easy to guess. Other sessions are signed out."
        >
          <input
            id="new-password"
            type="password"
            autocomplete="new-password"
            value={next}
            onInput={(e) => setNext(e.currentTarget.value)}
            aria-invalid={!!errors.next}
            aria-describedby={describedBy("new-password", errors.next, true)}
          />
        </FormField>
        <div>
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? "Changing…" : "Change password"}
          </button>
        </div>
        <InlineError error={failure} />
      </form>
    </section>
  );
}

import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import { session, signedIn } from "../api/session";
import { describedBy, FormField } from "../components/form-field";
import { InlineError } from "../components/states";
import { useDocumentTitle } from "../lib/use-document-title";
import "../styles/auth.css";

type Mode = "signin" | "signup";
type Errors = { email?: string; password?: string; form?: unknown };

function validate(mode: Mode, email: string, password: string): Errors {
  const errors: Errors = {};
  if (!email.trim()) errors.email = "Enter your email address.";
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) errors.email = "That doesn't look like an email address.";
  if (!password) errors.password = "Enter your password.";
  else if (mode === "signup" && password.length < 8) errors.password = "Use at least 8 characters.";
  return errors;
}

function serverErrors(error: unknown): Errors {
  if (!(error instanceof ApiError)) return { form: error };
  if (error.code === "conflict") return { email: "An account with this email already exists. Sign in instead?" };
  if (error.status === 401) return { form: new Error("Wrong email or password.") };
  if (error.code === "validation_failed") {
    const fields = error.fieldErrors();
    return { email: fields.email, password: fields.password, form: fields.email || fields.password ? null : error };
  }
  if (error.code === "rate_limited") {
    return { form: new Error(`Too many attempts. Try again in ${error.retryAfterSeconds ?? 60} seconds.`) };
  }
  return { form: error };
}

/** Sign in and sign up share one form; the route decides which. */
export function AuthPage({ mode, next }: { mode: Mode; next: string | null }) {
  const { endedBecause } = session.value;
  const { route } = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  // The form is the whole page: start typing straight away.
  useEffect(() => emailInput.current?.focus(), [mode]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found = validate(mode, email, password);
    setErrors(found);
    if (found.email || found.password) return;
    setBusy(true);
    try {
      const result =
        mode === "signup" ? await api.register(email.trim(), password) : await api.login(email.trim(), password);
      signedIn(result.token, result.user);
      route(next?.startsWith("/") && !next.startsWith("//") ? next : "/", true);
    } catch (error) {
      setErrors(serverErrors(error));
      setBusy(false);
    }
  };

  const title = mode === "signup" ? "Create your account" : "Sign in to Tubelist";
  useDocumentTitle(mode === "signup" ? "Create your account" : "Sign in");
  return (
    <main class="auth">
      <form class="card auth__card" onSubmit={submit} noValidate>
        <div class="brand brand--large" aria-hidden="true">
          <span class="brand__mark">▶</span> Tubelist
        </div>
        <h1>{title}</h1>
        {endedBecause === "expired" && mode === "signin" && (
          <p class="notice">Your session ended. Sign in again to continue.</p>
        )}
        <FormField id="email" label="Email" error={errors.email}>
          <input
            id="email"
            type="email"
            autoComplete="email"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            aria-invalid={!!errors.email}
            aria-describedby={describedBy("email", errors.email)}
            ref={emailInput}
          />
        </FormField>
        <FormField
          id="password"
          label="Password"
          error={errors.password}
          hint={mode === "signup" ? "At least 8 characters." : null}
        >
          <input
            id="password"
            type="password"
            autoComplete={mode === "signup" ? "new-password" : "current-password"}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            aria-invalid={!!errors.password}
            aria-describedby={describedBy("password", errors.password, mode === "signup")}
          />
        </FormField>
        <InlineError error={errors.form} />
        <button type="submit" class="button button--primary button--block" disabled={busy}>
          {busy ? "Please wait…" : mode === "signup" ? "Create account" : "Sign in"}
        </button>
        <p class="auth__switch">
          {mode === "signup" ? (
            <>
              Already have an account? <a href="/signin">Sign in</a>
            </>
          ) : (
            <>
              New here? <a href="/signup">Create an account</a>
            </>
          )}
        </p>
      </form>
    </main>
  );
}

import type { ComponentChildren } from "preact";

interface Props {
  id: string;
  label: ComponentChildren;
  error?: string | null;
  hint?: ComponentChildren;
  class?: string;
  /** The control; give it `id` and `aria-describedby={describedBy(id, error, hint)}`. */
  children: ComponentChildren;
}

/**
 * A labelled form control with its error (or hint) right under it. The error sits outside the
 * <label> so it is announced as a description, not read as part of the field's name.
 */
export function FormField({ id, label, error, hint, class: extra = "", children }: Props) {
  return (
    <div class={`field ${extra}`}>
      <label class="field__label" for={id}>
        {label}
      </label>
      {children}
      {error ? (
        <span id={`${id}-error`} class="field__error">
          {error}
        </span>
      ) : hint ? (
        <span id={`${id}-hint`} class="field__hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export const describedBy = (id: string, error?: string | null, hint?: unknown) =>
  error ? `${id}-error` : hint ? `${id}-hint` : undefined;

import type { ComponentChildren, VNode } from "preact";
import { useState } from "preact/hooks";
import { lazy, ErrorBoundary as Suspended } from "preact-iso";

// Most screens never ask: the dialog's code loads the first time one does.
const Dialog = lazy(() => import("./dialog").then((m) => m.Dialog));

interface Question {
  title: string;
  body: ComponentChildren;
  confirmLabel: string;
  cancelLabel?: string;
  resolve: (yes: boolean) => void;
}

/**
 * A confirmation dialog as a promise: `if (await ask({...})) …`. Used instead of window.confirm
 * because it matches the app, can explain consequences, and automated browsers can click it.
 */
export function useConfirm(): [VNode | null, (q: Omit<Question, "resolve">) => Promise<boolean>] {
  const [question, setQuestion] = useState<Question | null>(null);
  const ask = (q: Omit<Question, "resolve">) => new Promise<boolean>((resolve) => setQuestion({ ...q, resolve }));
  const answer = (yes: boolean) => {
    question?.resolve(yes);
    setQuestion(null);
  };
  const element = question ? (
    <Suspended>
      <Dialog title={question.title} onClose={() => answer(false)}>
        <div class="confirm__body">{question.body}</div>
        <div class="modal__actions">
          <button type="button" class="button" onClick={() => answer(false)} data-autofocus>
            {question.cancelLabel ?? "Cancel"}
          </button>
          <button type="button" class="button button--danger-solid" onClick={() => answer(true)}>
            {question.confirmLabel}
          </button>
        </div>
      </Dialog>
    </Suspended>
  ) : null;
  return [element, ask];
}

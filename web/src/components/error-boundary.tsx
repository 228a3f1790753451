import { Component, type ComponentChildren } from "preact";
import { PageHeading } from "./page-heading";

interface Props {
  /** A new value (the next route) clears a caught error. */
  resetKey: string;
  children: ComponentChildren;
}

/**
 * A bug in one screen shows a way out instead of a blank page; moving to another route tries
 * again. (Lazy routes suspend with promises, which preact-iso's Router catches before this; a
 * screen whose chunk failed to load throws its error instead, routes.ts, and lands here.)
 */
export class ErrorBoundary extends Component<Props, { error: unknown }> {
  override state = { error: null as unknown };

  static override getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown) {
    console.error("Screen failed to render:", error);
  }

  override componentDidUpdate(previous: Props) {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main class="page">
        <div class="state state--error">
          <PageHeading title="Something went wrong" />
          <p class="state__body">This screen hit a problem. Reloading usually fixes it.</p>
          <div class="modal__actions">
            <button type="button" class="button button--primary" onClick={() => window.location.reload()}>
              Reload
            </button>
            <a class="button" href="/">
              Back to your lists
            </a>
          </div>
        </div>
      </main>
    );
  }
}

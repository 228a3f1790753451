import { useState } from "preact/hooks";
import { shareApi } from "../../api/share-endpoints";
import { CopyButton } from "../../components/copy-button";
import { Dialog } from "../../components/dialog";
import { ErrorState, errorMessage, InlineError, Spinner } from "../../components/states";
import { toast } from "../../components/toasts";
import { announce } from "../../lib/announce";
import { useAsync } from "../../lib/use-async";
import "../../styles/inline-forms.css";

type Link = { slug: string; url: string };

/** The list's public link: make it, copy it, open it, or take it down. */
export function ShareDialog({ listId, listName, onClose }: { listId: string; listName: string; onClose: () => void }) {
  const current = useAsync<Link | null>(
    () =>
      shareApi
        .shareStatus(listId)
        .then((state) => (state.slug && state.url ? { slug: state.slug, url: state.url } : null)),
    [listId],
  );
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const share = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const link = await shareApi.share(listId);
      current.setData(() => link);
      announce("Link created. Anyone with it can see this list.");
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const unshare = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await shareApi.unshare(listId);
      current.setData(() => null);
      toast("success", "Link removed", "The public page now answers Not found.");
    } catch (error) {
      toast("error", "Couldn't remove the link", errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const link = current.data;
  return (
    <Dialog title={`Share “${listName}”`} onClose={onClose}>
      {current.loading && current.data === undefined ? (
        <Spinner label="Checking the link…" />
      ) : current.error ? (
        <ErrorState error={current.error} onRetry={current.reload} />
      ) : link ? (
        <div class="share">
          <p>
            Anyone with this link sees the list's name, description, fields and processed videos, read-only. They never
            see who you are.
          </p>
          <div class="secret__row">
            <code class="secret__value">{link.url}</code>
            <CopyButton text={link.url} label="Copy link" />
          </div>
          <p class="small">
            <a href={link.url} target="_blank" rel="noreferrer">
              Open the public page
            </a>{" "}
            · <a href={`/api/public/lists/${link.slug}/feed.xml`}>Atom feed</a>
          </p>
          <button type="button" class="button button--danger" onClick={unshare} disabled={busy}>
            {busy ? "Removing…" : "Stop sharing"}
          </button>
        </div>
      ) : (
        <div class="share">
          <p>
            Make a read-only page of this list that anyone with the link can open, with an Atom feed of its newest
            videos. Only processed videos show, and nothing about you.
          </p>
          <button type="button" class="button button--primary" onClick={share} disabled={busy} data-autofocus>
            {busy ? "Creating…" : "Create link"}
          </button>
        </div>
      )}
      <InlineError error={failure} />
    </Dialog>
  );
}

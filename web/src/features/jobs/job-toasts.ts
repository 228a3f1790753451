import { toast } from "../../components/toasts";
import { plural } from "../../lib/format";
import { onJobTransition } from "../../live/jobs-store";
import { listName } from "../lists/list-names";

/** Turns job transitions into toasts: one place decides what a person hears about. */
export function announceJobTransitions() {
  return onJobTransition(({ kind, job }) => {
    const name = listName(job.listId);
    if (kind === "started") {
      toast("info", `Processing ${plural(job.total, "video")}`, `in ${name}`);
      return;
    }
    switch (job.status) {
      case "completed":
        toast("success", `Finished ${name}`, `${plural(job.processed, "video")} processed.`);
        break;
      case "completed_with_errors":
        toast("warning", `Finished ${name} with errors`, `${job.processed} processed, ${job.failed} failed.`);
        break;
      case "failed":
        toast("error", `Processing ${name} failed`, job.errorMessage ?? undefined);
        break;
      case "cancelled":
        toast("info", `Processing ${name} cancelled`);
        break;
    }
  });
}

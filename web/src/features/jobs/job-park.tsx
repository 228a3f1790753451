import type { Job } from "../../../../src/shared/schemas/jobs";

const time = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const dayAndTime = new Intl.DateTimeFormat(undefined, { weekday: "short", hour: "numeric", minute: "2-digit" });

/** A local time, with the weekday when it is not today: "9:00 AM", "Wed 9:00 AM". */
export function formatResumeTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "later";
  return at.toDateString() === now.toDateString() ? time.format(at) : dayAndTime.format(at);
}

const WAITING_FOR: Record<"quota" | "rate_limit", string> = {
  quota: "Waiting for quota",
  rate_limit: "Waiting out a rate limit",
};

/**
 * Why a parked job waits and when it goes on by itself. Resume (in the job's actions) tries
 * earlier; a pause the user asked for says nothing here.
 */
export function JobPark({ job }: { job: Pick<Job, "status" | "pausedReason" | "resumesAt"> }) {
  if (job.status !== "paused" || (job.pausedReason !== "quota" && job.pausedReason !== "rate_limit")) return null;
  return (
    <p class="job-park">
      {WAITING_FOR[job.pausedReason]}
      {job.resumesAt ? (
        <>
          {" "}
          — resumes at <time dateTime={job.resumesAt}>{formatResumeTime(job.resumesAt)}</time>
        </>
      ) : (
        " — resumes by itself"
      )}
    </p>
  );
}

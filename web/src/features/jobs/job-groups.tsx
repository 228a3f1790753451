import type { JobGroup } from "./active-jobs";
import { JobCard } from "./job-card";
import "../../styles/jobs.css";

/** The dashboard's cards, one per list, each with a link to the list's job history. */
export function JobGroups({ groups, showList }: { groups: JobGroup[]; showList: boolean }) {
  return (
    <section class="active-jobs" aria-label="Recent jobs">
      {showList && <h2 class="section-title">Recent jobs</h2>}
      <div class="active-jobs__grid">
        {groups.map(({ job, earlier }) => (
          <div key={job.id} class="active-jobs__group">
            <JobCard job={job} showList={showList} />
            {earlier > 0 && (
              <a class="small active-jobs__history" href={`/jobs?listId=${encodeURIComponent(job.listId)}`}>
                {earlier === 1 ? "1 earlier job" : `${earlier} earlier jobs`} · history
              </a>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

/**
 * How a run's results meet a person's corrections, as SQL for the consumer's completion
 * statement (an `UPDATE videos … FROM json_each(?) AS r`, where SET expressions read the row as
 * it was): a normal run keeps every value marked "user" and writes the AI's for the rest; a
 * forced run (`jobs.force` of the video's job) writes the AI's values everywhere and clears the marks.
 */
const forced = "coalesce((SELECT force FROM jobs WHERE jobs.id = videos.job_id), 0)";

/** The `fields` to write, given the SQL expression of the run's values (a JSON object). */
export const fieldsAfterRun = (incoming: string) => `CASE
    WHEN videos.field_sources IS NULL OR ${forced} THEN ${incoming}
    ELSE (SELECT json_group_object(k.key, json(CASE
        WHEN json_type(videos.field_sources, '$.' || k.key) IS NULL THEN ${incoming} -> ('$.' || k.key)
        ELSE videos.fields -> ('$.' || k.key)
      END))
      FROM (SELECT key FROM json_each(${incoming}) UNION SELECT key FROM json_each(videos.field_sources)) AS k)
  END`;

/** The marks to keep: none after a forced run. */
export const fieldSourcesAfterRun = `CASE WHEN ${forced} THEN NULL ELSE videos.field_sources END`;

import type { Field } from "../../../../src/shared/schemas/fields";
import type { Video } from "../../../../src/shared/schemas/videos";
import { formatFieldValue } from "./field-value";

/**
 * One field value of one video, as the table and the phone cards show it: cut to the cell with
 * an ellipsis, the whole value in a tooltip (and in the DOM, so screen readers read all of it).
 * `data-field` makes a click on it open the video with this value's editor (video-table.tsx); a
 * value a person set is marked.
 */
export function FieldValue({
  field,
  video,
}: {
  field: Field;
  video: Video & { fieldSources?: Record<string, string> };
}) {
  const text = formatFieldValue(field, video.fields?.[field.key]);
  const byPerson = video.fieldSources?.[field.key] === "user";
  return (
    <span
      class={byPerson ? "field-value field-value--user" : "field-value"}
      data-field={field.key}
      title={`${text === "—" ? "No value" : text}${byPerson ? " (set by you)" : ""} · click to edit`}
    >
      {text}
    </span>
  );
}

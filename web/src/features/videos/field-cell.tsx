import type { Field } from "../../../../src/shared/schemas/fields";
import type { Video } from "../../../../src/shared/schemas/videos";
import { formatFieldValue } from "./field-value";

/**
 * One field value of one video, as the table and the phone cards show it: cut to the cell with
 * an ellipsis, the whole value in a tooltip (and in the DOM, so screen readers read all of it).
 * This is where editing a value in place will attach, once PATCH /api/videos/:id lands.
 */
export function FieldValue({ field, video }: { field: Field; video: Video }) {
  const text = formatFieldValue(field, video.fields?.[field.key]);
  return (
    <span class="field-value" title={text === "—" ? undefined : text}>
      {text}
    </span>
  );
}

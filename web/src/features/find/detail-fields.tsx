import { useState } from "preact/hooks";
import type { Field, FieldValue } from "../../../../src/shared/schemas/fields";
import { api, type FoundVideo } from "../../api/endpoints";
import { toast } from "../../components/toasts";
import { announce } from "../../lib/announce";
import { formatFieldValue } from "../videos/field-value";
import { FieldEditor } from "./field-editor";
import "../../styles/find.css";

interface Props {
  video: FoundVideo;
  fields: Field[];
  /** The field to open for editing at once (a click on its cell in the table). */
  editing?: string | null;
  onSaved: (video: FoundVideo) => void;
}

/**
 * The video's field values, each editable: a correction is stored as the person's value
 * (`fieldSources: user`), kept by a normal rerun, and marked "set by you" here.
 */
export function DetailFields({ video, fields, editing: initial = null, onSaved }: Props) {
  const [editing, setEditing] = useState<string | null>(initial);

  const save = (field: Field) => async (value: FieldValue | null) => {
    const saved = await api.correctVideo(video.id, { [field.key]: value });
    onSaved(saved);
    setEditing(null);
    announce(`${field.label} saved.`);
    toast("success", `${field.label} saved`, "Your value stays when the list is processed again.");
  };

  return (
    <dl class="detail__fields">
      {fields.map((field) => {
        const byPerson = video.fieldSources?.[field.key] === "user";
        return (
          <div key={field.key}>
            <dt>
              {field.label}
              {byPerson && <span class="badge badge--user">set by you</span>}
            </dt>
            <dd>
              {editing === field.key ? (
                <FieldEditor
                  field={field}
                  value={video.fields?.[field.key]}
                  onSave={save(field)}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <span class="detail__value">
                  <span>{formatFieldValue(field, video.fields?.[field.key])}</span>
                  <button
                    type="button"
                    class="link-button small"
                    onClick={() => setEditing(field.key)}
                    aria-label={`Edit ${field.label}`}
                  >
                    Edit
                  </button>
                </span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

import type { List } from "../../../../src/shared/schemas/lists";
import { api } from "../../api/endpoints";
import { Dialog } from "../../components/dialog";
import { toast } from "../../components/toasts";
import { useAsync } from "../../lib/use-async";
import { FieldsEditor } from "./fields-editor";

/** The fields editor for a list, saved with PATCH /api/lists/:id. */
export function FieldsDialog({
  list,
  onClose,
  onSaved,
}: {
  list: List;
  onClose: () => void;
  onSaved: (list: List) => void;
}) {
  // Only to word the "needs a rerun" note; the editor works without it.
  const status = useAsync(() => api.processingStatus(list.id), [list.id]);
  const save = async (fields: List["fields"]) => {
    const updated = await api.updateList(list.id, { fields });
    toast("success", "Fields saved", "Press Process to fill them in for existing videos.");
    onSaved(updated);
  };
  return (
    <Dialog title={`Fields of ${list.name}`} onClose={onClose} variant="drawer">
      <FieldsEditor
        initial={list.fields}
        processedCount={status.data?.processed ?? 0}
        onSave={save}
        onCancel={onClose}
      />
    </Dialog>
  );
}

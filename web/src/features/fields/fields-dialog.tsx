import { useRef } from "preact/hooks";
import type { List } from "../../../../src/shared/schemas/lists";
import { api } from "../../api/endpoints";
import { useConfirm } from "../../components/confirm";
import { Dialog } from "../../components/dialog";
import { toast } from "../../components/toasts";
import { useAsync } from "../../lib/use-async";
import { FieldsEditor } from "./fields-editor";

/**
 * The fields editor for a list, saved with PATCH /api/lists/:id. Closing it with unsaved edits
 * (Escape, the backdrop, ×, Cancel) asks first instead of throwing them away.
 */
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
  const dirty = useRef(false);
  const [confirmDialog, ask] = useConfirm();

  const close = async () => {
    if (dirty.current) {
      const discard = await ask({
        title: "Discard your changes?",
        body: "The fields you edited have not been saved.",
        confirmLabel: "Discard changes",
        cancelLabel: "Keep editing",
      });
      if (!discard) return;
    }
    onClose();
  };
  const save = async (fields: List["fields"]) => {
    const updated = await api.updateList(list.id, { fields });
    toast("success", "Fields saved", "Press Process to fill them in for existing videos.");
    dirty.current = false;
    onSaved(updated);
  };
  return (
    <>
      <Dialog title={`Fields of ${list.name}`} onClose={close} variant="drawer">
        <FieldsEditor
          initial={list.fields}
          processedCount={status.data?.processed ?? 0}
          onSave={save}
          onCancel={close}
          onDirtyChange={(value) => {
            dirty.current = value;
          }}
        />
      </Dialog>
      {confirmDialog}
    </>
  );
}

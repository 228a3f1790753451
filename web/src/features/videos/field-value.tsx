import type { Field, FieldValue } from "../../../../src/shared/schemas/fields";
import { formatNumber } from "../../lib/format";

/** An extracted field value as text: tags joined, booleans as Yes/No, missing as a dash. */
export function formatFieldValue(field: Field, value: FieldValue | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return field.type === "number" ? formatNumber(value) : String(value);
  return value;
}

/**
 * What "already processed" means. A video's `processedVersion` is the pipeline version plus a
 * hash of the list's fields at the time: bump PIPELINE_VERSION when extraction changes, and
 * every list's processed videos become *needs rerun*; edit a list's fields, and that list's do.
 */
import type { Field } from "../shared/schemas/fields";

export const PIPELINE_VERSION = "p1";

/** Key order and optional-key absence must not change the hash, so hash a canonical form. */
function canonicalFields(fields: readonly Field[]): string {
  return JSON.stringify(
    fields.map((field) => [field.key, field.label, field.type, field.description ?? "", field.options ?? []]),
  );
}

export async function processedVersionFor(fields: readonly Field[]): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonicalFields(fields)));
  const hex = [...new Uint8Array(digest).slice(0, 6)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${PIPELINE_VERSION}-${hex}`;
}

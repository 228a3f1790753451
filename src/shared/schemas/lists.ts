/** Lists: a name, a description and the fields every video of the list gets. */
import { z } from "zod";
import { LIMITS } from "../constants";
import { isoTime } from "./common";
import { Field, FieldList } from "./fields";

export const List = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    fields: z.array(Field),
    videoCount: z.number().int(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "List" });
export type List = z.infer<typeof List>;

const listName = z.string().trim().min(1, "Name is required").max(LIMITS.listNameMax);
const listDescription = z.string().max(LIMITS.descriptionMax);

export const CreateListBody = z.object({
  name: listName,
  description: listDescription.optional(),
  fields: FieldList.optional(),
});
export const UpdateListBody = z
  .object({ name: listName.optional(), description: listDescription.optional(), fields: FieldList.optional() })
  .refine((body) => Object.keys(body).length > 0, "Give at least one of name, description, fields");

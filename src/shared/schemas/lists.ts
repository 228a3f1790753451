/** Lists: a name, a description and the fields every video of the list gets. */
import { z } from "zod";
import { LIMITS } from "../constants";
import { isoTime } from "./common";
import { EXAMPLE_IDS, EXAMPLE_TIMES } from "./examples";
import { EXAMPLE_FIELDS, Field, FieldList } from "./fields";

const exampleName = "Conference talks";
const exampleDescription = "Talks worth watching, tagged by topic";

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
  .meta({
    id: "List",
    examples: [
      {
        id: EXAMPLE_IDS.list,
        name: exampleName,
        description: exampleDescription,
        fields: EXAMPLE_FIELDS,
        videoCount: 3,
        createdAt: EXAMPLE_TIMES.created,
        updatedAt: EXAMPLE_TIMES.updated,
      },
    ],
  });
export type List = z.infer<typeof List>;

const listName = z.string().trim().min(1, "Name is required").max(LIMITS.listNameMax);
const listDescription = z.string().max(LIMITS.descriptionMax);

export const CreateListBody = z
  .object({
    name: listName,
    description: listDescription.optional(),
    fields: FieldList.optional(),
  })
  .meta({ examples: [{ name: exampleName, description: exampleDescription, fields: EXAMPLE_FIELDS }] });
export const UpdateListBody = z
  .object({ name: listName.optional(), description: listDescription.optional(), fields: FieldList.optional() })
  .refine((body) => Object.keys(body).length > 0, "Give at least one of name, description, fields")
  .meta({ examples: [{ name: "Conference talks 2026" }, { fields: EXAMPLE_FIELDS.slice(0, 3) }] });

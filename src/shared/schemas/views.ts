/** Saved views: a named query string of the videos route, kept per list. */
import { z } from "zod";
import { LIMITS } from "../constants";
import { isoTime } from "./common";
import { EXAMPLE_IDS, EXAMPLE_TIMES } from "./examples";

const exampleView = { name: "Hard ones, newest first", query: "field.difficulty=hard&sort=publishedAt" };

export const View = z
  .object({
    id: z.string(),
    listId: z.string(),
    name: z.string(),
    query: z.string(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({
    id: "View",
    examples: [
      {
        id: EXAMPLE_IDS.view,
        listId: EXAMPLE_IDS.list,
        ...exampleView,
        createdAt: EXAMPLE_TIMES.created,
        updatedAt: EXAMPLE_TIMES.created,
      },
    ],
  });
export type View = z.infer<typeof View>;

const viewName = z.string().trim().min(1, "Name is required").max(LIMITS.viewNameMax);
const viewQuery = z
  .string()
  .trim()
  .max(LIMITS.viewQueryMax)
  .transform((query) => query.replace(/^\?/, ""))
  .meta({ description: "The videos route's query string, without a cursor" });

export const CreateViewBody = z.object({ name: viewName, query: viewQuery }).meta({ examples: [exampleView] });
export const UpdateViewBody = z
  .object({ name: viewName.optional(), query: viewQuery.optional() })
  .refine((body) => body.name !== undefined || body.query !== undefined, "Give name, query or both")
  .meta({ examples: [{ query: "field.difficulty=hard&field.has_demo=true&sort=publishedAt" }] });

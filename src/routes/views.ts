import { z } from "@hono/zod-openapi";
import { isUniqueViolation } from "../db/client";
import { findListRow } from "../db/lists";
import { deleteView, findView, insertView, listViews, toView, updateView } from "../db/views";
import { viewQueryProblems } from "../domain/view-query";
import { ApiError, notFound } from "../errors";
import { newId } from "../lib/ids";
import { LIMITS } from "../shared/constants";
import { unpaged } from "../shared/schemas/common";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import type { Field } from "../shared/schemas/fields";
import { CreateViewBody, UpdateViewBody, View } from "../shared/schemas/views";
import { apiRoute, jsonBody, jsonContent } from "./openapi";
import { ownList } from "./ownership";
import { newRouter } from "./router";

const common = { tag: "Views", access: "user" } as const;
const ListParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.list }) });
const IdParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.view }) });

const list = apiRoute({
  ...common,
  method: "get",
  path: "/lists/{id}/views",
  operationId: "listViews",
  summary: "A list's saved views, oldest first",
  description: "Each view is a name and a query string of the videos route.",
  request: { params: ListParams },
  responses: { 200: jsonContent(unpaged(View), "The views") },
});

const create = apiRoute({
  ...common,
  method: "post",
  path: "/lists/{id}/views",
  operationId: "createView",
  summary: "Save a query string of the videos route under a name",
  description: `The query is checked against the list's fields like the videos route checks it; at most ${LIMITS.viewsPerList} views per list, names unique in the list.`,
  request: { params: ListParams, ...jsonBody(CreateViewBody) },
  errors: ["conflict", "limit_reached"],
  responses: { 201: jsonContent(View, "Saved") },
});

const update = apiRoute({
  ...common,
  method: "patch",
  path: "/views/{id}",
  operationId: "updateView",
  summary: "Rename a view or change its query",
  description: "A new query is checked as on create; a name another view of the list has answers 409.",
  request: { params: IdParams, ...jsonBody(UpdateViewBody) },
  errors: ["conflict"],
  responses: { 200: jsonContent(View, "The updated view") },
});

const remove = apiRoute({
  ...common,
  method: "delete",
  path: "/views/{id}",
  operationId: "deleteView",
  summary: "Delete a view",
  description: "The videos it selected are not touched.",
  request: { params: IdParams },
  responses: { 204: { description: "Deleted" } },
});

/** A view's query must be one the videos route accepts for this list, and hold no cursor. */
function checkQuery(query: string, fields: readonly Field[]) {
  const problems = viewQueryProblems(query, fields);
  if (problems.length > 0) {
    throw new ApiError(
      "validation_failed",
      "The query is not one the videos route accepts for this list",
      problems.map((problem) => ({ path: `query.${problem.path}`, message: problem.message })),
    );
  }
}

const nameTaken = () =>
  new ApiError("conflict", "This list already has a view with that name", [{ path: "name", message: "Taken" }]);

async function unlessNameTaken<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export const viewRoutes = newRouter()
  .openapi(list, async (c) => {
    const owned = await ownList(c, c.req.valid("param").id);
    return c.json({ items: (await listViews(c.var.db, owned.id)).map(toView) }, 200);
  })
  .openapi(create, async (c) => {
    const owned = await ownList(c, c.req.valid("param").id);
    const body = c.req.valid("json");
    checkQuery(body.query, owned.fields);
    const view = { id: newId("viw"), userId: c.var.user.id, listId: owned.id, ...body };
    const row = await unlessNameTaken(() => insertView(c.var.db, view, LIMITS.viewsPerList));
    if (!row) {
      throw new ApiError("limit_reached", `A list has at most ${LIMITS.viewsPerList} views`, {
        limit: "viewsPerList",
        max: LIMITS.viewsPerList,
      });
    }
    return c.json(toView(row), 201);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const view = await findView(c.var.db, c.var.user.id, id);
    if (!view) throw notFound("View");
    if (body.query !== undefined) {
      const owner = await findListRow(c.var.db, c.var.user.id, view.listId);
      checkQuery(body.query, owner?.fields ?? []);
    }
    const row = await unlessNameTaken(() => updateView(c.var.db, c.var.user.id, id, body));
    if (!row) throw notFound("View");
    return c.json(toView(row), 200);
  })
  .openapi(remove, async (c) => {
    if (!(await deleteView(c.var.db, c.var.user.id, c.req.valid("param").id))) throw notFound("View");
    return c.body(null, 204);
  });

import { z } from "@hono/zod-openapi";
import { deleteList, findList, insertList, pageLists } from "../db/lists";
import { notFound } from "../errors";
import { decodeCursor, pageFrom } from "../lib/cursor";
import { newId } from "../lib/ids";
import { checkNewList } from "../services/caps";
import { cancelActiveJobOfList } from "../services/jobs";
import { changeList } from "../services/list-update";
import { PageQuery, page } from "../shared/schemas/common";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import { CreateListBody, List, UpdateListBody } from "../shared/schemas/lists";
import { apiRoute, jsonBody, jsonContent } from "./openapi";
import { newRouter } from "./router";

const common = { tag: "Lists", access: "user" } as const;
const ListParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.list }) });

const listLists = apiRoute({
  ...common,
  operationId: "listLists",
  method: "get",
  path: "/lists",
  summary: "The user's lists, newest first",
  description: "Cursor-paginated: pass `nextCursor` back as `cursor` until it is null.",
  request: { query: PageQuery },
  responses: { 200: jsonContent(page(List), "A page of lists") },
});

const createList = apiRoute({
  ...common,
  operationId: "createList",
  method: "post",
  path: "/lists",
  summary: "Create a list",
  description: "A list has a name, an optional description and up to 20 fields the AI fills in for every video.",
  request: jsonBody(CreateListBody),
  errors: ["limit_reached"],
  responses: { 201: jsonContent(List, "Created") },
});

const getList = apiRoute({
  ...common,
  operationId: "getList",
  method: "get",
  path: "/lists/{id}",
  summary: "One list",
  description: "The list with its fields and how many videos it holds. Another user's list answers 404.",
  request: { params: ListParams },
  responses: { 200: jsonContent(List, "The list") },
});

const patchList = apiRoute({
  ...common,
  operationId: "updateList",
  method: "patch",
  path: "/lists/{id}",
  summary: "Rename, describe or change the fields of a list",
  description:
    "Changing fields makes the list's processed videos *need a rerun*, and takes out of each saved view the filters and sort that no longer fit the new fields (a view left empty keeps its name). " +
    "A field given another type, or losing an option, shows none of the values it no longer takes (they stay stored, for a field changed back), and a person's correction it refuses loses its `user` mark, so the next run fills it.",
  request: { params: ListParams, ...jsonBody(UpdateListBody) },
  responses: { 200: jsonContent(List, "The updated list") },
});

const removeList = apiRoute({
  ...common,
  operationId: "deleteList",
  method: "delete",
  path: "/lists/{id}",
  summary: "Delete a list, its videos, and cancel its active job",
  description: "Cannot be undone. A running or paused job of the list is cancelled first.",
  request: { params: ListParams },
  responses: { 204: { description: "Deleted" } },
});

export const listRoutes = newRouter()
  .openapi(listLists, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await pageLists(c.var.db, c.var.user.id, limit, decodeCursor(cursor));
    return c.json(
      pageFrom(rows, limit, (list) => ({ k: list.createdAt, id: list.id })),
      200,
    );
  })
  .openapi(createList, async (c) => {
    const body = c.req.valid("json");
    await checkNewList(c.var.config.caps, c.var.db, c.var.user.id);
    const list = await insertList(c.var.db, {
      id: newId("lst"),
      userId: c.var.user.id,
      name: body.name,
      description: body.description ?? "",
      fields: body.fields ?? [],
    });
    return c.json(list, 201);
  })
  .openapi(getList, async (c) => {
    const list = await findList(c.var.db, c.var.user.id, c.req.valid("param").id);
    if (!list) throw notFound("List");
    return c.json(list, 200);
  })
  .openapi(patchList, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await changeList(c.var.db, c.var.user.id, id, c.req.valid("json")))) throw notFound("List");
    return c.json((await findList(c.var.db, c.var.user.id, id)) as List, 200);
  })
  .openapi(removeList, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await findList(c.var.db, c.var.user.id, id))) throw notFound("List");
    await cancelActiveJobOfList(c.env, c.var.db, c.var.user.id, id);
    await deleteList(c.var.db, c.var.user.id, id);
    return c.body(null, 204);
  });

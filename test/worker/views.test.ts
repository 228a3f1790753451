/**
 * Saved views: a named query string per list, checked by the same parser as the videos route
 * (an invalid query is a 422 naming the parameter), unique names, a cap per list, isolation.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addVideos, call, callJson, createList, expectErrorResponse, setVideoColumns, signUp, ytId } from "./helpers";

const FIELDS = [
  { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "hard"] },
  { key: "minutes", label: "Minutes", type: "number" },
];

let token: string;
let listId: string;
beforeAll(async () => {
  ({ token } = await signUp("views"));
  listId = (await createList(token, { name: "With views", fields: FIELDS })).id;
});

const createView = (body: unknown, list = listId, as = token) => call(`/api/lists/${list}/views`, { token: as, body });

describe("saved views", () => {
  it("create, list, rename, change the query, delete", async () => {
    const res = await createView({ name: "Hard ones", query: "?field.difficulty=hard&sort=publishedAt" });
    expect(res.status).toBe(201);
    const view = (await res.json()) as any;
    expect(view).toEqual({
      id: expect.stringMatching(/^viw_/),
      listId,
      name: "Hard ones",
      query: "field.difficulty=hard&sort=publishedAt",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const second = await callJson(`/api/lists/${listId}/views`, {
      token,
      body: { name: "Short", query: "field.minutes.lte=10" },
      expect: 201,
    });
    expect((await callJson(`/api/lists/${listId}/views`, { token, expect: 200 })).items).toEqual([view, second]);

    const renamed = await callJson(`/api/views/${view.id}`, {
      token,
      method: "PATCH",
      body: { name: "Hardest" },
      expect: 200,
    });
    expect(renamed).toMatchObject({ name: "Hardest", query: view.query });
    const requeried = await callJson(`/api/views/${view.id}`, {
      token,
      method: "PATCH",
      body: { query: "field.difficulty=easy" },
      expect: 200,
    });
    expect(requeried).toMatchObject({ name: "Hardest", query: "field.difficulty=easy" });

    expect((await call(`/api/views/${view.id}`, { token, method: "DELETE" })).status).toBe(204);
    await expectErrorResponse(await call(`/api/views/${view.id}`, { token, method: "DELETE" }), 404, "not_found");
    expect((await callJson(`/api/lists/${listId}/views`, { token, expect: 200 })).items).toEqual([second]);
  });

  it("a view's query, run on the videos route, selects what it says", async () => {
    const list = await createList(token, { name: "Run views", fields: FIELDS });
    const videos = await addVideos(token, list.id, [ytId(1), ytId(2), ytId(3)]);
    await setVideoColumns(
      videos.map((video, i) => ({ id: video.id, set: { fields: { difficulty: i === 1 ? "easy" : "hard" } } })),
    );
    const view = await callJson(`/api/lists/${list.id}/views`, {
      token,
      body: { name: "Hard", query: "field.difficulty=hard&sort=createdAt&order=asc" },
      expect: 201,
    });
    const page = await callJson(`/api/lists/${list.id}/videos?${view.query}`, { token, expect: 200 });
    expect(page.items.map((video: any) => video.id)).toEqual([videos[0]!.id, videos[2]!.id]);
  });

  it.each([
    ["field.nope=1", ["query.field.nope"]],
    ["field.difficulty=medium", ["query.field.difficulty"]],
    ["field.minutes.gte=ten", ["query.field.minutes.gte"]],
    ["sort=field.nope", ["query.sort"]],
    ["sort=relevance", ["query.sort"]],
    ["status=done&order=up", ["query.order", "query.status"]],
    ["colour=red", ["query.colour"]],
    ["field.difficulty=hard&cursor=abc", ["query.cursor"]],
  ])("query %s → 422 naming the parameter, nothing saved", async (query, paths) => {
    const before = (await callJson(`/api/lists/${listId}/views`, { token })).items;
    const error = await expectErrorResponse(
      await createView({ name: `Bad ${query}`, query }),
      422,
      "validation_failed",
    );
    expect(error.details.map((d: any) => d.path).sort()).toEqual(paths);
    expect((await callJson(`/api/lists/${listId}/views`, { token })).items).toEqual(before);
  });

  it("an invalid query in a PATCH changes nothing", async () => {
    const view = await callJson(`/api/lists/${listId}/views`, {
      token,
      body: { name: "Patched", query: "field.difficulty=hard" },
      expect: 201,
    });
    await expectErrorResponse(
      await call(`/api/views/${view.id}`, { token, method: "PATCH", body: { name: "X", query: "field.nope=1" } }),
      422,
      "validation_failed",
    );
    expect((await callJson(`/api/lists/${listId}/views`, { token })).items).toContainEqual(view);
  });

  it("changing the list's fields takes out of each view what no longer fits, and every view still answers", async () => {
    const list = await createList(token, {
      name: "Fields change",
      fields: [...FIELDS, { key: "topic", label: "Topic", type: "text" }],
    });
    const save = (name: string, query: string) =>
      callJson(`/api/lists/${list.id}/views`, { token, body: { name, query }, expect: 201 });
    const gone = await save("Gone", "field.minutes.gte=5&sort=field.minutes&order=asc");
    const mixed = await save("Mixed", "field.difficulty=hard&field.topic=bread%2Csourdough&status=completed");
    const options = await save("Options", "field.difficulty=easy&sort=field.difficulty");
    const retyped = await save("Retyped", "field.topic=bread&field.topic.empty=false");
    const untouched = await save("Untouched", "q=crumb&sort=title");

    const patched = await call(`/api/lists/${list.id}`, {
      token,
      method: "PATCH",
      body: {
        fields: [
          { key: "difficulty", label: "Difficulty", type: "enum", options: ["hard", "expert"] },
          { key: "topic", label: "Topic", type: "number" },
        ],
      },
    });
    expect(patched.status).toBe(200);

    const items = (await callJson(`/api/lists/${list.id}/views`, { token, expect: 200 })).items;
    const queryOf = (view: { id: string }) => items.find((item: any) => item.id === view.id)?.query;
    expect(items.map((view: any) => view.name)).toEqual(["Gone", "Mixed", "Options", "Retyped", "Untouched"]);
    expect(queryOf(gone)).toBe("order=asc");
    expect(queryOf(mixed)).toBe("field.difficulty=hard&status=completed");
    expect(queryOf(options)).toBe("sort=field.difficulty");
    expect(queryOf(retyped)).toBe("field.topic.empty=false");
    expect(items.find((view: any) => view.id === untouched.id)).toEqual(untouched);
    for (const view of items) {
      expect((await call(`/api/lists/${list.id}/videos?${view.query}`, { token })).status, view.query).toBe(200);
    }

    await callJson(`/api/lists/${list.id}`, { token, method: "PATCH", body: { fields: [] }, expect: 200 });
    const emptied = (await callJson(`/api/lists/${list.id}/views`, { token, expect: 200 })).items;
    expect(emptied.map((view: any) => [view.name, view.query])).toEqual([
      ["Gone", "order=asc"],
      ["Mixed", "status=completed"],
      ["Options", ""],
      ["Retyped", ""],
      ["Untouched", "q=crumb&sort=title"],
    ]);
    for (const view of emptied) {
      expect((await call(`/api/lists/${list.id}/videos?${view.query}`, { token })).status, view.query).toBe(200);
    }
  });

  it("names are unique in a list (409), and a list holds at most 50 views (422 limit_reached)", async () => {
    const list = await createList(token, { name: "Full" });
    expect((await createView({ name: "View 0", query: "" }, list.id)).status).toBe(201);
    await expectErrorResponse(await createView({ name: "View 0", query: "" }, list.id), 409, "conflict");
    for (let i = 1; i < 50; i++) {
      expect((await createView({ name: `View ${i}`, query: "" }, list.id)).status).toBe(201);
    }
    const error = await expectErrorResponse(
      await createView({ name: "One more", query: "" }, list.id),
      422,
      "limit_reached",
    );
    expect(error.details).toEqual({ limit: "viewsPerList", max: 50 });
    const [first] = (await callJson(`/api/lists/${list.id}/views`, { token })).items;
    await expectErrorResponse(
      await call(`/api/views/${first.id}`, { token, method: "PATCH", body: { name: "View 7" } }),
      409,
      "conflict",
    );
  });

  it("another user's list and views answer 404, and deleting the list deletes its views", async () => {
    const stranger = await signUp("views-stranger");
    const view = await callJson(`/api/lists/${listId}/views`, {
      token,
      body: { name: "Mine", query: "" },
      expect: 201,
    });
    await expectErrorResponse(await call(`/api/lists/${listId}/views`, { token: stranger.token }), 404, "not_found");
    await expectErrorResponse(await createView({ name: "x", query: "" }, listId, stranger.token), 404, "not_found");
    await expectErrorResponse(
      await call(`/api/views/${view.id}`, { token: stranger.token, method: "PATCH", body: { name: "Theirs" } }),
      404,
      "not_found",
    );
    await expectErrorResponse(
      await call(`/api/views/${view.id}`, { token: stranger.token, method: "DELETE" }),
      404,
      "not_found",
    );
    expect((await callJson(`/api/lists/${listId}/views`, { token })).items).toContainEqual(view);

    expect((await call(`/api/lists/${listId}`, { token, method: "DELETE" })).status).toBe(204);
    await expectErrorResponse(await call(`/api/views/${view.id}`, { token, method: "DELETE" }), 404, "not_found");
  });
});

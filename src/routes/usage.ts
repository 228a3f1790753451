import { capsUsed, usageToday } from "../db/usage";
import { CAP_NAMES } from "../domain/caps";
import { Usage } from "../shared/schemas/usage";
import { apiRoute, jsonContent } from "./openapi";
import { newRouter } from "./router";

const getUsage = apiRoute({
  operationId: "getUsage",
  tag: "Usage",
  access: "user",
  method: "get",
  path: "/usage",
  summary: "Today's (UTC) upstream usage and where each cap stands",
  description:
    "Videos processed, AI calls and tokens, YouTube quota units spent today (UTC), and each per-user cap's `max` beside what is `used` of it; a request over a cap answers 422 `limit_reached` with the same name.",
  responses: { 200: jsonContent(Usage, "Usage and limits") },
});

export const usageRoutes = newRouter().openapi(getUsage, async (c) => {
  const { day, ...usage } = await usageToday(c.var.db, c.var.user.id);
  const used = await capsUsed(c.var.db, c.var.user.id, usage.videosProcessed);
  const max = c.var.config.caps;
  const start = new Date(`${day}T00:00:00.000Z`);
  return c.json(
    {
      day: { start: start.toISOString(), end: new Date(start.getTime() + 86_400_000).toISOString() },
      ...usage,
      limits: Object.fromEntries(
        CAP_NAMES.map((name) => [name, { max: max[name], used: used[name] }]),
      ) as Usage["limits"],
    },
    200,
  );
});

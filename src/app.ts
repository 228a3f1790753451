import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "./env";

export const app = new OpenAPIHono<{ Bindings: Env }>();
app.get("/api/health", (c) => c.json({ ok: true, version: "0.1.0" }));

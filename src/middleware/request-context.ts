/**
 * What every API and MCP handler reads from `c.var`: the database client and the configuration,
 * parsed from the bindings once per request (env.ts `readConfig`), so nothing below a route
 * parses a variable again.
 */
import { createMiddleware } from "hono/factory";
import { getDb } from "../db/client";
import { type AppEnv, readConfig } from "../env";

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  c.set("db", getDb(c.env.DB));
  c.set("config", readConfig(c.env));
  await next();
});

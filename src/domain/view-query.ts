/**
 * A saved view's query against its list's fields: the check a view is saved with, and the
 * rewrite it gets when the fields change under it. Both rest on the videos route's parser, so a
 * view that is kept is one the videos route answers.
 */
import type { Field } from "../shared/schemas/fields";
import { type Problem, parseVideoQuery } from "./video-query";

/** Why this query cannot be a view of a list with these fields; empty when it can. */
export function viewQueryProblems(query: string, fields: readonly Field[]): Problem[] {
  const params = new URLSearchParams(query);
  const parsed = parseVideoQuery(params, fields);
  const problems = parsed.ok ? [] : [...parsed.problems];
  if (params.has("cursor")) problems.push({ path: "cursor", message: "A view cannot hold a cursor" });
  return problems;
}

/**
 * The query without the parameters that no longer parse against these fields (a filter or sort
 * on a removed field, a value its new type or options refuse); the others stay as written,
 * encoding included. Rechecked after each pass, because dropping one parameter can leave another
 * without what it needed.
 */
export function pruneViewQuery(query: string, fields: readonly Field[]): string {
  let current = query;
  for (;;) {
    const refused = new Set(viewQueryProblems(current, fields).map((problem) => problem.path));
    if (refused.size === 0) return current;
    const parts = current.split("&").filter((part) => part !== "");
    const kept = parts.filter((part) => !refused.has(parameterName(part)));
    // A problem no parameter can be blamed for: leave the query as it is rather than guess.
    if (kept.length === parts.length) return current;
    current = kept.join("&");
  }
}

const parameterName = (part: string) => new URLSearchParams(part).keys().next().value ?? "";

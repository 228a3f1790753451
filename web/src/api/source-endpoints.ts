/**
 * The ways videos come into a list: pasted links, a CSV file, a playlist or channel read once, and
 * subscriptions that read one as it grows (see endpoints.ts).
 */
import type { SubscriptionFilters } from "../../../src/shared/schemas/subscriptions";
import { ok } from "./client";
import { client, query } from "./endpoints";

export const sourcesApi = {
  bulkAdd: (id: string, text: string) => ok(client.lists[":id"].videos.bulk.$post({ param: { id }, json: { text } })),
  importCsv: (id: string, file: File) => ok(client.lists[":id"].videos.import.$post({ param: { id }, form: { file } })),
  previewSource: (id: string, url: string) =>
    ok(client.lists[":id"].sources.preview.$post({ param: { id }, json: { url } })),
  importSource: (id: string, url: string, limit: number) =>
    ok(client.lists[":id"].sources.import.$post({ param: { id }, json: { url, limit } })),
  subscriptions: (id: string, cursor?: string, limit = 200) =>
    ok(client.lists[":id"].subscriptions.$get({ param: { id }, query: query({ cursor, limit }) })),
  subscribe: (id: string, body: { url: string; autoProcess: boolean; filters: SubscriptionFilters }) =>
    ok(client.lists[":id"].subscriptions.$post({ param: { id }, json: body })),
  unsubscribe: (id: string) => ok(client.subscriptions[":id"].$delete({ param: { id } })),
  checkSubscription: (id: string) => ok(client.subscriptions[":id"].check.$post({ param: { id } })),
};

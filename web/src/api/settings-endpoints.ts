/** The Settings screen's calls: API tokens, usage, sessions, the password, webhooks (see endpoints.ts). */
import type { WebhookEvent } from "../../../src/shared/constants";
import { ok } from "./client";
import { client, publicClient, query } from "./endpoints";

export const settingsApi = {
  tokens: () => ok(client.tokens.$get()),
  createToken: (body: { name: string; scope: "read" | "write"; expiresAt?: string }) =>
    ok(client.tokens.$post({ json: body })),
  revokeToken: (id: string) => ok(client.tokens[":id"].$delete({ param: { id } })),

  usage: () => ok(client.usage.$get()),

  sessions: () => ok(client.sessions.$get()),
  endSession: (id: string) => ok(client.sessions[":id"].$delete({ param: { id } })),
  // A wrong current password answers 401: that is a form error, not the session ending.
  changePassword: (currentPassword: string, newPassword: string) =>
    ok(publicClient.auth.password.$post({ json: { currentPassword, newPassword } })),

  webhooks: () => ok(client.webhooks.$get()),
  createWebhook: (url: string, events: WebhookEvent[]) => ok(client.webhooks.$post({ json: { url, events } })),
  deleteWebhook: (id: string) => ok(client.webhooks[":id"].$delete({ param: { id } })),
  testWebhook: (id: string) => ok(client.webhooks[":id"].test.$post({ param: { id } })),
  deliveries: (id: string, cursor?: string, limit = 20) =>
    ok(client.webhooks[":id"].deliveries.$get({ param: { id }, query: query({ cursor, limit }) })),
};

type Answer<K extends keyof typeof settingsApi> = Awaited<ReturnType<(typeof settingsApi)[K]>>;
export type CreatedToken = Answer<"createToken">;
export type CreatedWebhook = Answer<"createWebhook">;
export type WebhookItem = Answer<"webhooks">["items"][number];
export type Usage = Answer<"usage">;

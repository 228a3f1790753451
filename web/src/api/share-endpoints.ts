/** A list's public share link: make it, read it, stop it (see endpoints.ts). */
import { ok } from "./client";
import { client } from "./endpoints";

export const shareApi = {
  share: (id: string) => ok(client.lists[":id"].share.$post({ param: { id } })),
  shareStatus: (id: string) => ok(client.lists[":id"].share.$get({ param: { id } })),
  unshare: (id: string) => ok(client.lists[":id"].share.$delete({ param: { id } })),
};

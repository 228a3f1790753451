/** The single-use ticket a browser trades for the live-progress WebSocket. */
import { z } from "zod";
import { isoTime } from "./common";

export const WsTicket = z
  .object({
    ticket: z.string().meta({ description: "Pass as ?ticket= to GET /api/ws/progress; works once" }),
    expiresAt: isoTime,
  })
  .meta({ id: "WsTicket" });
export type WsTicket = z.infer<typeof WsTicket>;

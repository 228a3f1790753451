/** The single-use ticket a browser trades for the live-progress WebSocket. */
import { z } from "zod";
import { isoTime } from "./common";

export const WsTicket = z
  .object({
    ticket: z.string().meta({ description: "Pass as ?ticket= to GET /api/ws/progress; works once" }),
    expiresAt: isoTime,
  })
  .meta({
    id: "WsTicket",
    examples: [{ ticket: "wst_ok76zp2Klwa7wVrtFkZ3mAo45iqcvbNmqG3fqoU1Ez4", expiresAt: "2026-11-23T10:01:00.000Z" }],
  });
export type WsTicket = z.infer<typeof WsTicket>;

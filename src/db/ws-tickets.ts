/** Single-use tickets for the progress WebSocket; see `wsTickets` in schema.ts. */
import { and, eq, gt, lte } from "drizzle-orm";
import type { Db } from "./client";
import { isoFromNow, nowIso, wsTickets } from "./schema";

const TICKET_SECONDS = 60;

/** Stores a ticket valid for 60 s (D1's clock) and sweeps away every expired one. */
export async function insertTicket(db: Db, ticket: { id: string; userId: string; tokenId: string }) {
  const [, inserted] = await db.batch([
    db.delete(wsTickets).where(lte(wsTickets.expiresAt, nowIso)),
    db
      .insert(wsTickets)
      .values({ ...ticket, expiresAt: isoFromNow(`+${TICKET_SECONDS} seconds`) })
      .returning({ expiresAt: wsTickets.expiresAt }),
  ]);
  return inserted[0] as { expiresAt: string };
}

/**
 * Uses a ticket up: one DELETE … RETURNING, so of two upgrades racing with the same ticket exactly
 * one gets the row. Null when the ticket is unknown, used already or expired.
 */
export async function redeemTicket(db: Db, id: string): Promise<{ userId: string; tokenId: string } | null> {
  const [row] = await db
    .delete(wsTickets)
    .where(and(eq(wsTickets.id, id), gt(wsTickets.expiresAt, nowIso)))
    .returning({ userId: wsTickets.userId, tokenId: wsTickets.tokenId });
  return row ?? null;
}

/**
 * GET /api/v1/reservations/{id} and POST /api/v1/reservations/{id}/release, for the key's own
 * organization only: another organization's id (or a malformed one) is not found, like a missing one.
 */
import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import { asApiKey } from "@/lib/services/api-keys/as-api-key";
import { ConflictError, NotFoundError } from "@/lib/services/errors";
import type { ReservationResponse } from "./schemas";

type Reservation = z.input<typeof ReservationResponse>;

const isUuid = (id: string) => z.uuid().safeParse(id).success;

async function readReservation(tx: Tx, orgId: string, id: string): Promise<Reservation | null> {
  const [row] = await tx<{ id: string; status: string; amount: string; expires_at: Date | null; decision: string; approval_id: string | null;
    created_at: Date; settled_at: Date | null }[]>`
    select id, status, amount::text, expires_at, decision, approval_id, created_at, settled_at
    from public.reservations where id = ${id} and org_id = ${orgId} and status <> 'not_held'`;
  if (!row) return null;
  return {
    id: row.id,
    status: row.status as Reservation["status"],
    amount: row.amount,
    expires_at: row.expires_at?.toISOString() ?? null,
    decision: row.decision as Reservation["decision"],
    approval_id: row.approval_id,
    created_at: row.created_at.toISOString(),
    settled_at: row.settled_at?.toISOString() ?? null,
  };
}

export async function getReservation(principal: ApiKeyPrincipal, id: string): Promise<Reservation> {
  if (!isUuid(id)) throw new NotFoundError("No such reservation.");
  const found = await asApiKey(principal, (tx) => readReservation(tx, principal.org.id, id));
  if (!found) throw new NotFoundError("No such reservation.");
  return found;
}

/** Gives the hold back (the call was not made, or cost nothing). Only a held or waiting reservation can be released. */
export async function releaseReservation(principal: ApiKeyPrincipal, id: string): Promise<Reservation> {
  if (!isUuid(id)) throw new NotFoundError("No such reservation.");
  return asApiKey(principal, async (tx) => {
    const found = await readReservation(tx, principal.org.id, id);
    if (!found) throw new NotFoundError("No such reservation.");
    const [{ ended }] = await tx<{ ended: boolean }[]>`select private.end_reservation(${principal.org.id}, ${id}, 'released') as ended`;
    if (!ended) throw new ConflictError(`This reservation is already ${found.status}.`);
    return (await readReservation(tx, principal.org.id, id))!;
  });
}

/** POST /api/v1/reservations/{id}/release — give a hold back (scope: check). See lib/services/checks/get-reservation.ts. */
import { apiRoute } from "@/lib/api/route";
import { releaseReservation } from "@/lib/services/checks/get-reservation";
import { ReservationResponse } from "@/lib/services/checks/schemas";

export const POST = apiRoute({
  scope: "check",
  output: ReservationResponse,
  handler: (ctx) => releaseReservation(ctx.apiKey, ctx.params.id),
});

/** GET /api/v1/reservations/{id} — a reservation's state (scope: read). See lib/services/checks/get-reservation.ts. */
import { apiRoute } from "@/lib/api/route";
import { getReservation } from "@/lib/services/checks/get-reservation";
import { ReservationResponse } from "@/lib/services/checks/schemas";

export const GET = apiRoute({
  scope: "read",
  output: ReservationResponse,
  handler: (ctx) => getReservation(ctx.apiKey, ctx.params.id),
});

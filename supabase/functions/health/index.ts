/**
 * health: answers that the edge runtime is up, which runtime it is, and echoes a validated
 * message back — the smallest function that proves invocation, npm imports and JSON both ways.
 */
import { z } from "zod";

const HealthRequest = z.object({ echo: z.string().max(200).optional() });

Deno.serve(async (request) => {
  const raw = request.method === "POST" ? await request.json().catch(() => null) : {};
  const parsed = HealthRequest.safeParse(raw ?? undefined);
  if (!parsed.success) {
    return Response.json({ error: { code: "invalid_request", message: parsed.error.issues[0]?.message ?? "invalid body" } }, { status: 400 });
  }
  return Response.json({
    status: "ok",
    runtime: "deno",
    deno: Deno.version.deno,
    echo: parsed.data.echo ?? null,
    at: new Date().toISOString(),
  });
});

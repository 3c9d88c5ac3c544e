/**
 * The role claim of the bearer JWT. The gateway (and Supabase) has already verified the token's
 * signature when verify_jwt is on, so functions only read which role it names: the scheduled
 * functions accept service_role alone, refusing the anon key that is public.
 */
export function callerRole(request: Request): string | null {
  const token = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    return typeof claims === "object" && claims !== null && "role" in claims && typeof claims.role === "string" ? claims.role : null;
  } catch {
    return null;
  }
}

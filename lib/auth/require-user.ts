/** For pages that need a session: the verified claims, or a redirect to the login page. */
import "server-only";
import { redirect } from "next/navigation";
import type { JwtPayload } from "@supabase/supabase-js";
import { getCurrentClaims } from "./current-claims";
import { LOGIN_PATH } from "./routes";

export async function requireUser(): Promise<JwtPayload> {
  const claims = await getCurrentClaims();
  // The proxy already redirects with ?next=; this is the backstop for anything it let through.
  if (!claims) redirect(LOGIN_PATH);
  return claims;
}

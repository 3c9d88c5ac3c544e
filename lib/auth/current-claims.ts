/**
 * The verified token claims of whoever sent this request, or null when signed out. Cached per
 * request, so a layout and its page share one verification.
 */
import "server-only";
import { cache } from "react";
import type { JwtPayload } from "@supabase/supabase-js";
import { createClient } from "@/lib/supabase/server";

export const getCurrentClaims = cache(async (): Promise<JwtPayload | null> => {
  const supabase = await createClient();
  // getClaims verifies the token's signature (JWKS), unlike getSession which trusts the cookie.
  const { data } = await supabase.auth.getClaims();
  return data?.claims ?? null;
});

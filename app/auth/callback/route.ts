/**
 * PKCE callback (`/auth/callback?code=…&next=…`), used by OAuth providers and by email links
 * when the project sends `?code=` links instead of token hashes. The code is exchanged with the
 * verifier cookie this browser stored when the flow started.
 */
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { withNotice } from "@/lib/auth/notices";
import { HOME_PATH, LOGIN_PATH } from "@/lib/auth/routes";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { siteOrigin } from "@/lib/auth/site-url";
import { createClient } from "@/lib/supabase/server";

export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const code = params.get("code");
  // Auth reports a failed flow as ?error=…&error_code=… instead of a code.
  if (!code) {
    redirect(withNotice(LOGIN_PATH, params.get("error_code") === "otp_expired" ? "link-expired" : "link-invalid"));
  }

  const supabase = await createClient();
  const { error } = await supabase.auth.exchangeCodeForSession(code);
  if (error) redirect(withNotice(LOGIN_PATH, "link-invalid"));

  redirect(safeNextPath(params.get("next"), siteOrigin(), HOME_PATH));
}

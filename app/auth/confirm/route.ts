/**
 * Where auth emails lead: `/auth/confirm?token_hash=…&type=magiclink|recovery|signup|…&next=…`.
 * Verifying the token signs the person in (the session cookies are set on this response), then
 * they continue to `next` if it is on this site. Bad or expired links go back to the form that
 * sends a new one, with a notice saying why.
 */
import type { EmailOtpType } from "@supabase/supabase-js";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { withNotice } from "@/lib/auth/notices";
import { HOME_PATH, LOGIN_PATH } from "@/lib/auth/routes";
import { safeNextPath } from "@/lib/auth/safe-next-path";
import { siteOrigin } from "@/lib/auth/site-url";
import { createClient } from "@/lib/supabase/server";

const EMAIL_OTP_TYPES = ["signup", "invite", "magiclink", "recovery", "email_change", "email"] as const satisfies EmailOtpType[];
type LinkType = (typeof EMAIL_OTP_TYPES)[number];

function isLinkType(value: string | null): value is LinkType {
  return (EMAIL_OTP_TYPES as readonly string[]).includes(value ?? "");
}

export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const tokenHash = params.get("token_hash");
  const type = params.get("type");
  // A recovery link that fails sends people back to ask for another one, not to a password form.
  const retryPath = type === "recovery" ? "/forgot-password" : LOGIN_PATH;

  if (!tokenHash || !isLinkType(type)) redirect(withNotice(retryPath, "link-invalid"));

  const supabase = await createClient();
  const { error } = await supabase.auth.verifyOtp({ type, token_hash: tokenHash });
  if (error) redirect(withNotice(retryPath, error.code === "otp_expired" ? "link-expired" : "link-invalid"));

  const fallback = type === "recovery" ? "/reset-password" : HOME_PATH;
  redirect(safeNextPath(params.get("next"), siteOrigin(), fallback));
}

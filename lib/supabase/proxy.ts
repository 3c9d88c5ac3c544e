/**
 * Session upkeep for every page request (called from the root proxy.ts): verifies the access
 * token, refreshes it when it has expired and writes the new cookies both to the request (so
 * Server Components see them) and to the response (so the browser keeps them). Then it applies
 * the routing rules: signed-out people go to the login page, signed-in people skip it.
 */
import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { publicEnv } from "@/lib/env";
import { HOME_PATH, LOGIN_PATH, isGuestOnlyPath, isPublicPath } from "@/lib/auth/routes";
import { safeNextPath } from "@/lib/auth/safe-next-path";

const NO_STORE_HEADERS = ["cache-control", "expires", "pragma"];

export async function updateSession(request: NextRequest): Promise<NextResponse> {
  const env = publicEnv();
  let response = NextResponse.next({ request });

  const supabase = createServerClient(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
    cookies: {
      getAll() {
        return request.cookies.getAll();
      },
      setAll(cookiesToSet, headers) {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
        // No-store headers: a CDN must never hand one person's Set-Cookie to another.
        for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
      },
    },
  });

  // Nothing may run between creating the client and getClaims(): it is what refreshes the session.
  const { data } = await supabase.auth.getClaims();
  const isSignedIn = Boolean(data?.claims);
  const { pathname, search } = request.nextUrl;

  if (!isSignedIn && !isPublicPath(pathname)) {
    const login = new URL(LOGIN_PATH, request.url);
    login.searchParams.set("next", `${pathname}${search}`);
    return redirectKeepingCookies(login, response);
  }
  if (isSignedIn && isGuestOnlyPath(pathname)) {
    const next = safeNextPath(request.nextUrl.searchParams.get("next"), request.nextUrl.origin, HOME_PATH);
    return redirectKeepingCookies(new URL(next, request.url), response);
  }
  // Must be this response (or a copy of its cookies), or browser and server sessions drift apart.
  return response;
}

/** A redirect that still carries any refreshed session cookies and their no-store headers. */
function redirectKeepingCookies(to: URL, from: NextResponse): NextResponse {
  const redirect = NextResponse.redirect(to);
  for (const cookie of from.cookies.getAll()) redirect.cookies.set(cookie);
  for (const header of NO_STORE_HEADERS) {
    const value = from.headers.get(header);
    if (value) redirect.headers.set(header, value);
  }
  return redirect;
}

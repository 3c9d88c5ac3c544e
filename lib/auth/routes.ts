/**
 * Which paths need a session and where people land, shared by the proxy, the actions and the
 * auth routes so the rules live in one place.
 */

/**
 * Where a signed-in person lands when nothing else was asked for: a page that sends them on to
 * their organization's dashboard, or to onboarding when they have none (app/(app)/orgs/page.tsx).
 */
export const HOME_PATH = "/orgs";
export const LOGIN_PATH = "/login";
export const ONBOARDING_PATH = "/onboarding";
export const ACCOUNT_PATH = "/account";

/** A tenant page: `/<slug>/<rest>`. */
export function orgPath(slug: string, rest = "dashboard"): string {
  return `/${slug}/${rest}`;
}

/** Pages for signed-out people; a signed-in visitor is sent on to their page instead. */
const GUEST_ONLY_PATHS = ["/login", "/signup"];

/**
 * Paths anyone may open. Everything else needs a session, which covers /account and the
 * tenant routes (`/<org>/…`) that live at the top level.
 */
const PUBLIC_PATHS = ["/", "/forgot-password", "/magic-link", ...GUEST_ONLY_PATHS];
// /auth: email links and OAuth callbacks arrive signed out; /api: its own auth (API keys);
// /dev: the local outbox, which people read before they can sign in; /invite: invitation links
// are opened signed out (the page itself asks the visitor to sign up or sign in).
const PUBLIC_PREFIXES = ["/auth/", "/api/", "/dev/", "/invite/"];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.includes(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

export function isGuestOnlyPath(pathname: string): boolean {
  return GUEST_ONLY_PATHS.includes(pathname);
}

/** `path`, carrying a `next` destination along when there is one (login ↔ sign-up ↔ magic link). */
export function withNext(path: string, next: string | undefined): string {
  return next ? `${path}?${new URLSearchParams({ next })}` : path;
}

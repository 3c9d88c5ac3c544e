/**
 * Which `redirect_to` values GoTrue follows — every URL on the site URL's host, or one matching a
 * pattern of the allow list (globs where `*` stops at `.` and `/`, and `**` does not).
 * Anything else falls back to the site URL, so an email link can never send a user elsewhere.
 */
import type { IncomingMessage } from "node:http";
import type { AuthConfig } from "./config.ts";

function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "*" && pattern[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (char === "*") source += "[^./]*";
    else if (char === "?") source += "[^./]";
    else source += char.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

export function isRedirectAllowed(config: AuthConfig, candidate: string): boolean {
  let target: URL;
  try {
    target = new URL(candidate);
  } catch {
    return false;
  }
  if (target.hostname === new URL(config.siteUrl).hostname) return true;
  return config.redirectAllowList.some((pattern) => globToRegExp(pattern).test(candidate));
}

/** GoTrue's `GetReferrer`: the `redirect_to` query value if allowed, else the Referer if allowed, else the site URL. */
export function referrerOf(config: AuthConfig, req: IncomingMessage, url: URL): string {
  const redirectTo = url.searchParams.get("redirect_to");
  if (redirectTo && isRedirectAllowed(config, redirectTo)) return redirectTo;
  const referer = req.headers.referer;
  if (referer && isRedirectAllowed(config, referer)) return referer;
  return config.siteUrl;
}

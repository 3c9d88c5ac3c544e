/**
 * Turns an untrusted `next` value (query string, form field, email link) into a path on this
 * site, so a crafted link can never send someone to another origin after signing in.
 * Full URLs are accepted only when they point at `origin` (email links carry absolute URLs).
 */
export function safeNextPath(raw: unknown, origin: string, fallback: string): string {
  if (typeof raw !== "string" || raw === "") return fallback;
  let url: URL;
  try {
    // Parsing against our origin resolves "/x" locally and exposes "//evil.example" or
    // "/\evil.example" as the foreign hosts browsers would treat them as.
    url = new URL(raw, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Links from messages into the app: `${siteUrl}/${slug}/…`. The site URL comes from
 * configuration (SPENDGUARD_SITE_URL) and may carry a path prefix; only http(s) may become a
 * link people click, anything else is a configuration mistake worth failing on.
 */
import { RenderError } from "./render-error.ts";

export function appLink(siteUrl: string, slug: string, path: string, query: Record<string, string> = {}): string {
  let base: URL;
  try {
    base = new URL(siteUrl);
  } catch {
    throw new RenderError(`The site URL ${JSON.stringify(siteUrl)} is not a URL.`);
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    throw new RenderError(`The site URL must be an http(s) URL, got ${base.protocol}`);
  }
  const root = `${base.origin}${base.pathname.replace(/\/+$/, "")}`;
  const search = new URLSearchParams(query).toString();
  return `${root}/${encodeURIComponent(slug)}/${path}${search ? `?${search}` : ""}`;
}

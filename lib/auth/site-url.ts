/** Absolute URLs on this site, for links that leave it (emails) and for origin checks. */
import { publicEnv } from "@/lib/env";

export function siteOrigin(): string {
  return new URL(publicEnv().NEXT_PUBLIC_SITE_URL).origin;
}

export function siteUrl(path: string): string {
  return new URL(path, siteOrigin()).toString();
}

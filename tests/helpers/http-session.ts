/**
 * HTTP-level access to the built app as a signed-in user: which tenant pages and server actions
 * exist (read from the filesystem and from the build, so new ones are covered without editing a
 * list), and how to invoke a server action by id the way React's client does.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";

export const TENANT_DIR = "app/(app)/[org]";

/** A URL segment: the slug for [org], a value from `params` for other dynamic segments. */
function segmentValue(segment: string, slug: string, params: Record<string, string>): string {
  if (segment === "[org]") return slug;
  if (!segment.startsWith("[")) return segment;
  const value = params[segment];
  if (value === undefined) throw new Error(`a tenant page has a dynamic segment ${segment}: give the isolation test a value for it`);
  return value;
}

/**
 * Every page under app/(app)/[org], as a URL with `slug` for [org] and `params` for other dynamic
 * segments ({ "[id]": … }). Route groups are dropped.
 */
export function tenantPageRoutes(root: string, slug: string, params: Record<string, string> = {}): string[] {
  const base = path.join(root, TENANT_DIR);
  return readdirSync(base, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /^page\.(tsx|ts|jsx|js)$/.test(entry.name))
    .map((entry) => {
      const segments = path.relative(base, entry.parentPath).split(path.sep).filter(Boolean);
      return `/${[slug, ...segments.filter((segment) => !/^\(.*\)$/.test(segment)).map((segment) => segmentValue(segment, slug, params))].join("/")}`;
    })
    .sort();
}

export type ServerActionRef = { id: string; file: string; exportedName: string; page: string };

type ManifestWorker = { moduleId?: string | number; exportedName?: string; filename?: string };
type ManifestEntry = { workers: Record<string, ManifestWorker>; exportedName?: string; filename?: string };

/**
 * The server actions defined in modules under app/(app)/[org], from the build's
 * server-reference-manifest.json (action id → module and export), with a page that loads each.
 */
export function tenantServerActions(root: string): ServerActionRef[] {
  // The build the e2e app serves (SG_NEXT_DIST_DIR, as app-build.ts builds it).
  const manifestPath = path.join(root, process.env.SG_NEXT_DIST_DIR || ".next", "server/server-reference-manifest.json");
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: build the app first`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { node: Record<string, ManifestEntry> };
  const actions: ServerActionRef[] = [];
  for (const [id, entry] of Object.entries(manifest.node)) {
    const workers = Object.entries(entry.workers);
    const file = entry.filename ?? workers.find(([, worker]) => worker.filename)?.[1].filename;
    const exportedName = entry.exportedName ?? workers.find(([, worker]) => worker.exportedName)?.[1].exportedName;
    if (!file || !exportedName) throw new Error(`the manifest does not name the module of action ${id}`);
    if (!file.replaceAll("\\", "/").startsWith(`${TENANT_DIR}/`)) continue;
    const page = workers.map(([worker]) => worker).find((worker) => worker.startsWith(`app/${TENANT_DIR.slice(4)}`) && worker.endsWith("/page"));
    if (!page) throw new Error(`no tenant page loads action ${exportedName} (${file})`);
    actions.push({ id, file, exportedName, page });
  }
  return actions.sort((a, b) => `${a.file}#${a.exportedName}`.localeCompare(`${b.file}#${b.exportedName}`));
}

/** The URL of a built page ("app/(app)/[org]/settings/members/page") for one organization. */
export function pageUrl(page: string, slug: string, params: Record<string, string> = {}): string {
  const segments = page.replace(/^app\//, "").replace(/\/page$/, "").split("/");
  return `/${segments.filter((segment) => !/^\(.*\)$/.test(segment)).map((segment) => segmentValue(segment, slug, params)).join("/")}`;
}

/**
 * Calls a server action as React's client does: POST to a page that loads it, `Next-Action: <id>`,
 * the arguments encoded as a JSON array (what encodeReply produces for plain values).
 */
export async function callServerAction(request: APIRequestContext, options: { url: string; origin: string; actionId: string; args: unknown[] }) {
  const response = await request.post(options.url, {
    headers: {
      "Next-Action": options.actionId,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      origin: options.origin,
    },
    data: JSON.stringify(options.args),
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text() };
}

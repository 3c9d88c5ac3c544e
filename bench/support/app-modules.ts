/**
 * Lets a benchmark import app code under plain Node: app code is written for Next's resolver
 * ("@/…", extensionless imports, JSON modules, server-only). Import this module before any
 * dynamic `await import()` of app code. Lives outside bench/*.ts so `npm run bench` does not run it.
 */
import { existsSync, readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../../supabase/local/config.ts";

registerHooks({
  resolve(specifier, context, next) {
    if (specifier === "server-only") return next(pathToFileURL(path.join(repoRoot, "tests/helpers/server-only.ts")).href, context);
    const base = specifier.startsWith("@/") ? path.join(repoRoot, specifier.slice(2))
      : specifier.startsWith(".") && context.parentURL?.startsWith("file:") && !context.parentURL.includes("node_modules")
        ? path.resolve(path.dirname(new URL(context.parentURL).pathname), specifier) : null;
    if (base) {
      for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
        if (existsSync(candidate) && !candidate.endsWith(path.sep) && path.extname(candidate)) return next(pathToFileURL(candidate).href, context);
      }
    }
    return next(specifier, context);
  },
  load(url, context, next) {
    if (url.endsWith(".json")) return { format: "module", source: `export default ${readFileSync(new URL(url), "utf8")};`, shortCircuit: true };
    return next(url, context);
  },
});

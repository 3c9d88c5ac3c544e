/**
 * /functions/v1/<name>: runs supabase/functions/<name>/index.ts under real Deno (npm `deno`),
 * one warm process per function, with the environment Supabase gives functions (plus the local
 * stack's flags, and the stack's `functionEnv` over everything). Honours
 * `[functions.<name>] verify_jwt` from supabase/config.toml (default true, as on Supabase).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";
import { anonJwt, jwtSecret, publishableKey, repoRoot, secretKey, serviceRoleJwt } from "../config.ts";
import type { GatewayContext, HttpService } from "../gateway/context.ts";
import { corsHeaders, readBody, sendJson } from "../gateway/http.ts";
import { bearerOf } from "../gateway/keys.ts";
import { jwks, verifyToken } from "../gateway/jwt.ts";

const hostScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "deno-host.ts");
const denoBin = path.join(repoRoot, "node_modules/.bin/deno");
const bootTimeoutMs = 120_000;
const validName = /^[a-z0-9][a-z0-9_-]*$/;

type Worker = { port: number; process: ChildProcess; ready: Promise<void> };

export function createFunctionsService(ctx: GatewayContext, functionsDir: string): HttpService {
  const workers = new Map<string, Worker>();

  function functionEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...readDotEnv(path.join(functionsDir, ".env")),
      SUPABASE_URL: ctx.gatewayUrl,
      SUPABASE_ANON_KEY: anonJwt,
      SUPABASE_SERVICE_ROLE_KEY: serviceRoleJwt,
      SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: publishableKey }),
      SUPABASE_SECRET_KEYS: JSON.stringify({ default: secretKey }),
      SUPABASE_JWKS: JSON.stringify({ keys: [...jwks.keys, { kty: "oct", k: Buffer.from(jwtSecret).toString("base64url") }] }),
      SUPABASE_DB_URL: ctx.databaseUrl,
      // What the app's own server gets on the local stack: messages without a provider key are
      // captured for /dev/outbox, webhooks may target this machine, links point at the local app.
      SPENDGUARD_LOCAL_STACK: "1",
      WEBHOOK_ALLOW_PRIVATE_URLS: "1",
      SPENDGUARD_SITE_URL: ctx.siteUrl,
      DENO_DIR: path.join(repoRoot, ".local/deno"),
      DENO_NO_UPDATE_CHECK: "1",
      NO_COLOR: "1",
      ...ctx.functionEnv,
    };
  }

  async function start(name: string): Promise<Worker> {
    const port = await freePort();
    const entry = path.join(functionsDir, name, "index.ts");
    const ownConfig = path.join(functionsDir, name, "deno.json");
    const config = existsSync(ownConfig) ? ownConfig : path.join(functionsDir, "deno.json");
    const child = spawn(denoBin, [
      "run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", "--no-prompt",
      ...(existsSync(config) ? ["--config", config] : []),
      hostScript, String(port), entry,
    ], { cwd: path.join(functionsDir, name), env: functionEnv(), stdio: ["ignore", "pipe", "pipe"] });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`function ${name} did not start within ${bootTimeoutMs / 1000}s`)), bootTimeoutMs);
      child.stdout!.on("data", (chunk: Buffer) => {
        const text = chunk.toString();
        if (text.includes("READY")) {
          clearTimeout(timer);
          resolve();
        }
        for (const line of text.split("\n").filter((l) => l && l !== "READY")) ctx.log(`fn:${name}`, line);
      });
      child.stderr!.on("data", (chunk: Buffer) => {
        for (const line of chunk.toString().split("\n").filter(Boolean)) ctx.log(`fn:${name}`, line);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        workers.delete(name);
        reject(new Error(`function ${name} exited with code ${code}`));
      });
    });
    const worker = { port, process: child, ready };
    workers.set(name, worker);
    ready.catch(() => workers.delete(name));
    return worker;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, subpath: string): Promise<void> {
    const name = subpath.split("/")[1] ?? "";
    if (!validName.test(name) || !existsSync(path.join(functionsDir, name, "index.ts"))) {
      return sendJson(res, 404, { code: "NOT_FOUND", message: "Requested function was not found" });
    }
    if (verifyJwtFor(name)) {
      const token = bearerOf(req);
      const valid = token ? await verifyToken(token).then(() => true, () => false) : false;
      if (!valid) return sendJson(res, 401, { code: 401, message: "Invalid JWT" });
    }
    const worker = workers.get(name) ?? await start(name);
    try {
      await worker.ready;
    } catch (error) {
      return sendJson(res, 503, { code: "BOOT_ERROR", message: (error as Error).message }, { "x-relay-error": "true" });
    }
    const url = new URL(req.url ?? "/", "http://gateway");
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(await readBody(req, 20_000_000));
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined && key !== "host" && key !== "connection") headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    let response: Response;
    try {
      response = await fetch(`http://127.0.0.1:${worker.port}/${name}${url.pathname.slice(`/functions/v1/${name}`.length)}${url.search}`, {
        method: req.method, headers, body,
      });
    } catch (error) {
      return sendJson(res, 502, { code: "RELAY_ERROR", message: (error as Error).message }, { "x-relay-error": "true" });
    }
    const outHeaders: Record<string, string> = { ...corsHeaders };
    response.headers.forEach((value, key) => {
      if (key !== "content-encoding" && key !== "transfer-encoding" && key !== "content-length") outHeaders[key] = value;
    });
    res.writeHead(response.status, outHeaders);
    res.end(Buffer.from(await response.arrayBuffer()));
  }

  return {
    handle,
    async close() {
      await Promise.all([...workers.values()].map((worker) => new Promise<void>((resolve) => {
        if (worker.process.exitCode !== null) return resolve();
        worker.process.once("exit", () => resolve());
        worker.process.kill("SIGTERM");
      })));
    },
  };
}

function verifyJwtFor(name: string): boolean {
  const file = path.join(repoRoot, "supabase/config.toml");
  if (!existsSync(file)) return true;
  const config = parse(readFileSync(file, "utf8")) as { functions?: Record<string, { verify_jwt?: boolean }> };
  return config.functions?.[name]?.verify_jwt ?? true;
}

function readDotEnv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const entries = readFileSync(file, "utf8").split("\n")
    .map((line) => /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, key, value]) => [key, value.replace(/^"(.*)"$/, "$1")]);
  return Object.fromEntries(entries);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The gateway on :54321 — the one URL the app and supabase-js talk to, as Kong is for
 * `supabase start`: /auth/v1, /realtime/v1, /functions/v1. Background workers run beside it:
 * the cron runner and the pg_net queue.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { GatewayContext, HttpService } from "./context.ts";
import { corsHeaders, sendEmpty, sendJson } from "./http.ts";
import { createAuthService } from "./auth/index.ts";
import { createRealtimeService } from "./realtime/index.ts";
import { createFunctionsService } from "../functions/service.ts";

export type Gateway = { close(): Promise<void> };

export async function startGateway(ctx: GatewayContext, port: number, functionsDir: string): Promise<Gateway> {
  const auth = createAuthService(ctx);
  const realtime = createRealtimeService(ctx);
  const functions = createFunctionsService(ctx, functionsDir);
  const mounts: [prefix: string, service: HttpService][] = [
    ["/auth/v1", auth],
    ["/realtime/v1", realtime],
    ["/functions/v1", functions],
  ];

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      ctx.log("gateway", `unhandled error on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { message: "internal gateway error" });
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://gateway");
    if (req.method === "OPTIONS") return sendEmpty(res, 204, corsHeaders);
    if (url.pathname === "/health") return sendJson(res, 200, { status: "ok" });
    for (const [prefix, service] of mounts) {
      if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)) {
        return service.handle(req, res, url.pathname.slice(prefix.length) || "/");
      }
    }
    sendJson(res, 404, { message: "no Route matched with those values" });
  }

  server.on("upgrade", (req, socket, head) => {
    const pathname = new URL(req.url ?? "/", "http://gateway").pathname;
    if (pathname === "/realtime/v1/websocket") realtime.handleUpgrade(req, socket, head);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });

  return {
    async close() {
      await Promise.all(mounts.map(([, service]) => service.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

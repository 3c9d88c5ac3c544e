/**
 * The Realtime stand-in under /realtime/v1: the Phoenix WebSocket at /websocket (vsn 1.0.0 and
 * 2.0.0) with Broadcast (client, REST and database), private-channel authorization by the app's
 * RLS policies on `realtime.messages`, and the REST broadcast API. See channel.ts for what is
 * deliberately left out (postgres_changes delivery, presence, replay).
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { GatewayContext, UpgradeService } from "../context.ts";
import { sendJson } from "../http.ts";
import { serveConnection, type Connection, type ConnectionLimits } from "./connection.ts";
import { listenForDatabaseBroadcasts, type DatabaseListener, type StoredBroadcast } from "./db-listener.ts";
import { createFanout } from "./fanout.ts";
import { handleRest, policyHeaders } from "./rest.ts";
import { supportedVsns, type Vsn } from "./serializer.ts";
import { authenticateSocket } from "./tokens.ts";

export type RealtimeOptions = Partial<ConnectionLimits> & {
  /** Sockets beyond this are refused with 429, like Realtime's `max_concurrent_users`. */
  maxConnections?: number;
  /** Largest frame accepted from a client. */
  maxFrameBytes?: number;
};

const defaults = {
  maxChannels: 100,
  maxPendingFrames: 1000,
  maxBufferedBytes: 16 * 1024 * 1024,
  idleTimeoutMs: 60_000,
  maxConnections: 1000,
  // Realtime's endpoint accepts WebSocket frames up to 8 MB (`max_frame_size`).
  maxFrameBytes: 8_000_000,
};

const statusText: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable" };

/** Answers a refused WebSocket handshake with a plain HTTP response, as Realtime does. */
function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status] ?? "Error"}\r\n` +
      "content-type: application/json\r\n" +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      "connection: close\r\n\r\n" +
      body,
  );
}

function apiKeyOfUpgrade(req: IncomingMessage, url: URL): string | undefined {
  // Realtime reads `x-api-key` first, then the `apikey` query parameter (what realtime-js sends).
  const header = req.headers["x-api-key"];
  if (typeof header === "string" && header) return header;
  const query = url.searchParams.get("apikey");
  if (query) return query;
  const apikeyHeader = req.headers.apikey;
  return typeof apikeyHeader === "string" && apikeyHeader ? apikeyHeader : undefined;
}

export function createRealtimeService(ctx: GatewayContext, options: RealtimeOptions = {}): UpgradeService {
  const settings = { ...defaults, ...options };
  const limits: ConnectionLimits = {
    maxChannels: settings.maxChannels,
    maxPendingFrames: settings.maxPendingFrames,
    maxBufferedBytes: settings.maxBufferedBytes,
    idleTimeoutMs: settings.idleTimeoutMs,
  };
  const log = (message: string) => ctx.log("realtime", message);
  const sql = ctx.db("supabase_admin");
  const fanout = createFanout((error) => log(`delivering a broadcast failed: ${(error as Error).message}`));
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxFrameBytes, perMessageDeflate: false });
  const connections = new Set<Connection>();
  let closing = false;

  function deliverStored(message: StoredBroadcast) {
    // The same shape Realtime's replication path sends: the row id travels as meta.id.
    const body = { type: "broadcast", event: message.event, payload: message.payload, meta: { id: message.id } };
    fanout.publish(message.topic, message.private, { wire: "text", event: message.event, body });
  }

  // LISTEN starts with the service; a failed attempt is retried by the next join.
  let listening: Promise<DatabaseListener> | null = null;
  function ready(): Promise<void> {
    if (closing) return Promise.reject(new Error("realtime is shutting down"));
    if (!listening) {
      const attempt = listenForDatabaseBroadcasts(sql, deliverStored, log);
      listening = attempt;
      attempt.catch((error: unknown) => {
        log(`could not LISTEN for database broadcasts: ${(error as Error).message}`);
        if (listening === attempt) listening = null;
      });
    }
    return listening.then(() => undefined);
  }
  ready().catch(() => {});

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? "/", "http://gateway");
    // Phoenix's default serializer when no vsn is given is the V1 JSON one.
    const vsn = url.searchParams.get("vsn") ?? "1.0.0";
    if (!supportedVsns.includes(vsn as Vsn)) return refuseUpgrade(socket, 400, `Unsupported serializer version: ${vsn}`);
    if (closing) return refuseUpgrade(socket, 503, "Realtime is restarting, please standby");
    if (connections.size >= settings.maxConnections) return refuseUpgrade(socket, 429, "Too many connected users");
    const auth = await authenticateSocket(apiKeyOfUpgrade(req, url));
    if (!auth.ok) return refuseUpgrade(socket, auth.status, auth.message);
    if (closing || socket.destroyed) return refuseUpgrade(socket, 503, "Realtime is restarting, please standby");
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = serveConnection(
        ws,
        { vsn: vsn as Vsn, token: auth.token, claims: auth.claims, headers: policyHeaders(req) },
        { sql, fanout, ready, log, limits },
      );
      connections.add(connection);
      ws.once("close", () => connections.delete(connection));
    });
  }

  return {
    async handle(req, res, path) {
      if (path === "/websocket") return sendJson(res, 400, { message: "Expected a WebSocket upgrade" });
      return handleRest(req, res, path, { sql, fanout, log });
    },

    handleUpgrade(req, socket, head) {
      // Errors on the raw socket while the key is checked must not crash the gateway.
      socket.on("error", () => socket.destroy());
      upgrade(req, socket, head).catch((error: unknown) => {
        log(`WebSocket upgrade failed: ${(error as Error).stack ?? String(error)}`);
        refuseUpgrade(socket, 500, "Error connecting to Realtime");
      });
    },

    async close() {
      closing = true;
      await Promise.all([...connections].map((connection) => connection.close(1001, "server shutting down")));
      connections.clear();
      const listener = await listening?.catch(() => null);
      await listener?.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

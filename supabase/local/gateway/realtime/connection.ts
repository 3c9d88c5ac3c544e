/**
 * One Realtime WebSocket: frame decoding, heartbeats, routing of messages to channels, and the
 * socket's limits. Messages for one topic are handled strictly in order (a join must finish
 * before that channel's next message is looked at); different topics proceed independently, and
 * heartbeats are answered at once so a slow policy check never looks like a dead connection.
 */
import type { Sql } from "postgres";
import type { RawData, WebSocket } from "ws";
import { joinChannel, type Channel, type ChannelHost } from "./channel.ts";
import type { Fanout, Outbound } from "./fanout.ts";
import { decodeBinary, decodeText, encodeText, FrameError, type JsonObject, type PhoenixMessage, type Vsn } from "./serializer.ts";
import type { Claims } from "./tokens.ts";

export type ConnectionLimits = {
  /** Realtime's default `max_channels_per_client`. */
  maxChannels: number;
  /** Frames accepted but not yet handled; a client past this is flooding and is disconnected. */
  maxPendingFrames: number;
  /** Unsent bytes queued for a client; past this the client is not reading and is dropped. */
  maxBufferedBytes: number;
  /** No frame at all for this long (clients heartbeat every 25 s) closes the socket. */
  idleTimeoutMs: number;
};

export type ConnectionDeps = {
  sql: Sql;
  fanout: Fanout;
  ready(): Promise<void>;
  log(message: string): void;
  limits: ConnectionLimits;
};

export type SocketIdentity = { vsn: Vsn; token: string; claims: Claims; headers: Record<string, string> };

export type Connection = {
  /** Closes the socket (server shutdown); resolves once it is gone. */
  close(code: number, reason: string): Promise<void>;
};

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function serveConnection(ws: WebSocket, identity: SocketIdentity, deps: ConnectionDeps): Connection {
  const { limits, log } = deps;
  const channels = new Map<string, Channel>();
  const queues = new Map<string, Promise<void>>();
  let pending = 0;
  let open = true;
  let idleTimer: NodeJS.Timeout | undefined;
  const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));

  function send(message: PhoenixMessage) {
    if (!open || ws.readyState !== ws.OPEN) return;
    ws.send(encodeText(message, identity.vsn));
    checkBackpressure();
  }

  function sendBinary(frame: Buffer) {
    if (!open || ws.readyState !== ws.OPEN) return;
    ws.send(frame, { binary: true });
    checkBackpressure();
  }

  function checkBackpressure() {
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      log(`dropping a client that is not reading (${ws.bufferedAmount} bytes unsent)`);
      teardown();
      ws.terminate();
    }
  }

  const host: ChannelHost = {
    vsn: identity.vsn,
    sql: deps.sql,
    fanout: deps.fanout,
    log,
    socketToken: identity.token,
    socketClaims: identity.claims,
    headers: identity.headers,
    ready: deps.ready,
    send,
    sendBinary,
    channelCount: () => channels.size,
    maxChannels: limits.maxChannels,
    adopt(channel) {
      channels.set(channel.topic, channel);
    },
    forget(channel) {
      if (channels.get(channel.topic) === channel) channels.delete(channel.topic);
    },
    isOpen: () => open,
  };

  function enqueue(topic: string, task: () => Promise<void> | void) {
    if (pending >= limits.maxPendingFrames) {
      log(`closing a socket with ${pending} unhandled frames`);
      teardown();
      ws.close(1008, "too many pending messages");
      return;
    }
    pending += 1;
    const previous = queues.get(topic) ?? Promise.resolve();
    const next: Promise<void> = previous
      .then(() => (open ? task() : undefined))
      .catch((error: unknown) => log(`error handling a message on ${topic}: ${(error as Error).stack ?? String(error)}`))
      .finally(() => {
        pending -= 1;
        // The chain for a quiet topic is dropped, so the map holds only busy topics.
        if (queues.get(topic) === next) queues.delete(topic);
      });
    queues.set(topic, next);
  }

  function replyUnmatched(message: { joinRef: string | null; ref: string | null; topic: string }) {
    // What Phoenix answers for a topic this socket has not joined.
    send({ joinRef: null, ref: message.ref, topic: message.topic, event: "phx_reply", payload: { status: "error", response: { reason: "unmatched topic" } } });
  }

  function handleText(message: PhoenixMessage) {
    const { topic, event } = message;
    if (topic === "phoenix") {
      if (event === "heartbeat") send({ joinRef: null, ref: message.ref, topic, event: "phx_reply", payload: { status: "ok", response: {} } });
      return;
    }
    if (event === "phx_join") {
      enqueue(topic, async () => {
        // A second join for a joined topic replaces the first, which is closed (as Phoenix does).
        const existing = channels.get(topic);
        if (existing) {
          send({ joinRef: existing.joinRef, ref: existing.joinRef, topic, event: "phx_close", payload: {} });
          existing.dispose();
        }
        await joinChannel(host, message);
      });
      return;
    }
    enqueue(topic, async () => {
      const channel = channels.get(topic);
      if (!channel) return replyUnmatched(message);
      switch (event) {
        case "phx_leave":
          channel.dispose();
          send({ joinRef: message.joinRef, ref: message.ref, topic, event: "phx_reply", payload: { status: "ok", response: {} } });
          return;
        case "access_token":
          return channel.handleAccessToken(message.payload);
        case "broadcast": {
          // Text-framed broadcast (vsn 1.0.0, or a payload without a string event): relayed as is.
          if (!isObject(message.payload)) return;
          const userEvent = typeof message.payload.event === "string" ? message.payload.event : "";
          return channel.handleBroadcast(message.ref, { wire: "text", event: userEvent, body: message.payload });
        }
        case "presence":
          return channel.handlePresence(message.ref, message.payload);
        default:
          // Realtime logs unexpected client events and carries on.
          return;
      }
    });
  }

  function handleBinary(data: Buffer) {
    const push = decodeBinary(data);
    if (push.encoding === "json") {
      // Subscribers JSON.parse this; a broken payload would break every one of them.
      try {
        JSON.parse(push.payload.toString("utf8"));
      } catch {
        throw new FrameError("broadcast payload is not valid JSON");
      }
    }
    const outbound: Outbound = { wire: "binary", event: push.userEvent, encoding: push.encoding, bytes: push.payload };
    enqueue(push.topic, async () => {
      const channel = channels.get(push.topic);
      if (!channel) return replyUnmatched(push);
      await channel.handleBroadcast(push.ref, outbound);
    });
  }

  function resetIdleTimer() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      log("closing a socket that sent nothing (not even heartbeats) for too long");
      teardown();
      ws.close(1000, "heartbeat timeout");
      // A dead peer never completes the close handshake.
      setTimeout(() => ws.terminate(), 5000).unref();
    }, limits.idleTimeoutMs);
    idleTimer.unref();
  }

  /** Forget every channel; after this nothing more is sent on the socket. */
  function teardown() {
    if (!open) return;
    open = false;
    clearTimeout(idleTimer);
    for (const channel of [...channels.values()]) channel.dispose();
    channels.clear();
  }

  ws.on("message", (data, isBinary) => {
    if (!open) return;
    resetIdleTimer();
    try {
      if (isBinary) handleBinary(toBuffer(data));
      else handleText(decodeText(toBuffer(data).toString("utf8"), identity.vsn));
    } catch (error) {
      // A malformed frame is dropped; the socket and its channels carry on (logged for debugging).
      if (error instanceof FrameError) log(`ignoring a malformed frame: ${error.message}`);
      else log(`error handling a frame: ${(error as Error).stack ?? String(error)}`);
    }
  });
  ws.on("close", teardown);
  ws.on("error", (error) => {
    log(`socket error: ${error.message}`);
    teardown();
  });
  resetIdleTimer();

  return {
    async close(code, reason) {
      teardown();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
      await Promise.race([closed, timeout]);
      if (ws.readyState !== ws.CLOSED) ws.terminate();
    },
  };
}

/**
 * One joined channel (`realtime:<sub topic>`) on one socket: join, token refresh, client
 * broadcasts, presence stubs and shutdown, following Realtime's `RealtimeChannel` and
 * `BroadcastHandler` (repo supabase/realtime `lib/realtime_web/channels/`).
 *
 * Not implemented, on purpose (Spendguard uses Broadcast only):
 * - postgres_changes: the join is answered with ids echoing each binding and the "Subscribed to
 *   PostgreSQL" system message, so the client reaches SUBSCRIBED, but no change events are ever
 *   delivered.
 * - Presence: a presence-enabled join gets an empty `presence_state`; track/untrack are
 *   acknowledged and otherwise ignored (nobody sees anybody).
 * - Broadcast replay (`config.broadcast.replay`) and persistence are ignored.
 */
import type { Sql } from "postgres";
import { isPolicyError, readPolicies, writePolicies, type Policies } from "./authorization.ts";
import type { Fanout, Outbound, Subscriber } from "./fanout.ts";
import { postgresChangesReply, readJoinRequest } from "./join-config.ts";
import { encodeUserBroadcast, FrameError, type JsonObject, type PhoenixMessage, type Vsn } from "./serializer.ts";
import { checkToken, msUntilExpiry, type Claims } from "./tokens.ts";

/** What a channel needs from the socket it lives on. */
export type ChannelHost = {
  vsn: Vsn;
  sql: Sql;
  fanout: Fanout;
  log(message: string): void;
  /** The socket's own key token (what `sb_…` access tokens stand for) and its claims. */
  socketToken: string;
  socketClaims: Claims;
  /** Request headers handed to policies as `request.headers`. */
  headers: Record<string, string>;
  /** Resolves once database broadcasts are being listened for; rejects if that failed. */
  ready(): Promise<void>;
  send(message: PhoenixMessage): void;
  sendBinary(frame: Buffer): void;
  channelCount(): number;
  maxChannels: number;
  adopt(channel: Channel): void;
  forget(channel: Channel): void;
  isOpen(): boolean;
};

export type Channel = Subscriber & {
  readonly topic: string;
  readonly joinRef: string | null;
  handleAccessToken(payload: unknown): Promise<void>;
  handleBroadcast(ref: string | null, message: Outbound): Promise<void>;
  handlePresence(ref: string | null, payload: unknown): void;
  /** The client left (phx_leave) or the socket is gone: forget the channel without a word. */
  dispose(): void;
  /** Realtime's `shutdown_response`: a system error naming the reason, then phx_close. */
  shutdown(message: string): void;
};

/** Realtime re-confirms tokens at least hourly; also keeps setTimeout within its range. */
const maxExpiryCheckMs = 60 * 60 * 1000;
const topicPrefix = "realtime:";

function readDenied(subTopic: string): string {
  return `You do not have permissions to read from this Channel topic: ${subTopic}`;
}

function reply(host: ChannelHost, joinRef: string | null, ref: string | null, topic: string, status: "ok" | "error", response: JsonObject): void {
  host.send({ joinRef, ref, topic, event: "phx_reply", payload: { status, response } });
}

/**
 * Handles `phx_join`. Everything asynchronous happens before the channel is registered; the
 * registration, the reply and the follow-up system messages then go out in one synchronous
 * step, so no broadcast can overtake the join reply.
 */
export async function joinChannel(host: ChannelHost, message: PhoenixMessage): Promise<void> {
  const { topic, joinRef, ref } = message;
  const fail = (reason: string) => reply(host, joinRef, ref, topic, "error", { reason });

  if (!topic.startsWith(topicPrefix)) return fail("unmatched topic");
  const subTopic = topic.slice(topicPrefix.length);
  if (subTopic === "") return fail("TopicNameRequired: You must provide a topic name");
  if (host.channelCount() >= host.maxChannels) return fail("ChannelRateLimitReached: Too many channels");

  const request = readJoinRequest(message.payload);
  const { config } = request;
  let accessToken = host.socketToken;
  let claims = host.socketClaims;
  if (request.accessToken !== null) {
    const check = await checkToken(request.accessToken);
    if (!check.ok) return fail(`${check.code}: ${check.message}`);
    accessToken = request.accessToken;
    claims = check.claims;
  } else if (msUntilExpiry(claims) === 0) {
    return fail(`InvalidJWTToken: Token has expired ${Math.floor((Date.now() - claims.exp * 1000) / 1000)} seconds ago`);
  }

  try {
    await host.ready();
  } catch {
    return fail("UnableToConnectToProject: Realtime was unable to connect to the project database");
  }

  let policies: Policies | null = null;
  if (config.isPrivate) {
    try {
      policies = await readPolicies(host.sql, { topic: subTopic, claims, headers: host.headers });
    } catch (error) {
      host.log(`authorizing ${topic} failed: ${(error as Error).message}`);
      if (isPolicyError(error)) return fail(`Unauthorized: ${readDenied(subTopic)}`);
      return fail("Realtime was unable to connect to the project database");
    }
    if (!policies.broadcast.read && !policies.presence.read) return fail(`Unauthorized: ${readDenied(subTopic)}`);
  }
  // The socket may have gone while the database answered.
  if (!host.isOpen()) return;

  const state = { accessToken, claims, policies, closed: false, expiryTimer: undefined as NodeJS.Timeout | undefined };

  function scheduleExpiryCheck() {
    clearTimeout(state.expiryTimer);
    const wait = Math.min(msUntilExpiry(state.claims), maxExpiryCheckMs);
    state.expiryTimer = setTimeout(() => {
      if (state.closed) return;
      const left = msUntilExpiry(state.claims);
      if (left > 0) return scheduleExpiryCheck();
      channel.shutdown(`Token has expired ${Math.floor((Date.now() - state.claims.exp * 1000) / 1000)} seconds ago`);
    }, wait);
    // An idle channel must not keep the gateway process alive.
    state.expiryTimer.unref();
  }

  function push(event: string, payload: JsonObject) {
    host.send({ joinRef, ref: null, topic, event, payload });
  }

  function authorizationContext() {
    return { topic: subTopic, claims: state.claims, headers: host.headers };
  }

  const channel: Channel = {
    topic,
    joinRef,
    subTopic,
    isPrivate: config.isPrivate,

    canReceiveBroadcast() {
      return !state.closed && (!config.isPrivate || state.policies?.broadcast.read === true);
    },

    deliver(outbound) {
      if (state.closed) return;
      if (outbound.wire === "text") {
        host.send({ joinRef: null, ref: null, topic, event: "broadcast", payload: outbound.body });
        return;
      }
      if (host.vsn === "2.0.0") {
        try {
          host.sendBinary(encodeUserBroadcast(topic, outbound.event, outbound.encoding, outbound.bytes));
          return;
        } catch (error) {
          if (!(error instanceof FrameError)) throw error;
          // Too long for the binary header: fall through to the text form where possible.
        }
      }
      // A raw binary payload has no text form (Realtime skips it for V1 sockets too).
      if (outbound.encoding === "binary") return;
      const payload: unknown = JSON.parse(outbound.bytes.toString("utf8"));
      host.send({ joinRef: null, ref: null, topic, event: "broadcast", payload: { type: "broadcast", event: outbound.event, payload } });
    },

    async handleAccessToken(payload) {
      const token = typeof payload === "object" && payload !== null ? (payload as JsonObject).access_token : undefined;
      // Realtime ignores `sb_` keys, nulls and the token it already has.
      if (typeof token !== "string" || token === "" || token.startsWith("sb_") || token === state.accessToken) return;
      const check = await checkToken(token);
      if (state.closed) return;
      if (!check.ok) return channel.shutdown(check.message);
      state.accessToken = token;
      state.claims = check.claims;
      scheduleExpiryCheck();
      if (!config.isPrivate) return;

      const previous = state.policies;
      let next: Policies;
      try {
        next = await readPolicies(host.sql, authorizationContext());
      } catch (error) {
        host.log(`re-authorizing ${topic} failed: ${(error as Error).message}`);
        if (state.closed) return;
        return channel.shutdown(isPolicyError(error) ? readDenied(subTopic) : "Realtime was unable to connect to the project database");
      }
      if (state.closed) return;
      if (!next.broadcast.read && !next.presence.read) return channel.shutdown(readDenied(subTopic));
      const revoked = (previous?.broadcast.read === true && !next.broadcast.read) || (previous?.presence.read === true && !next.presence.read);
      if (revoked) return channel.shutdown(`You no longer have permission to read from this Channel topic: ${subTopic}`);
      state.policies = next;
    },

    async handleBroadcast(ref, outbound) {
      if (state.closed) return;
      if (config.isPrivate) {
        if ((state.policies?.broadcast.write ?? null) === null) {
          try {
            state.policies = await writePolicies(host.sql, authorizationContext(), state.policies);
          } catch (error) {
            // As Realtime: the message is dropped and no ack is sent.
            host.log(`write check for ${topic} failed: ${(error as Error).message}`);
            return;
          }
          if (state.closed) return;
        }
        // Not allowed to write: dropped silently, without an ack (BroadcastHandler does the same).
        if (state.policies?.broadcast.write !== true) return;
      }
      host.fanout.publish(subTopic, config.isPrivate, outbound, config.selfBroadcast ? undefined : channel);
      if (config.ackBroadcast) reply(host, joinRef, ref, topic, "ok", {});
    },

    handlePresence(ref, payload) {
      if (state.closed) return;
      if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
        return reply(host, joinRef, ref, topic, "error", { reason: "Presence track payload must be a map" });
      }
      // Presence is not implemented locally (see the file comment): acknowledged, not tracked.
      reply(host, joinRef, ref, topic, "ok", {});
    },

    dispose() {
      if (state.closed) return;
      state.closed = true;
      clearTimeout(state.expiryTimer);
      host.fanout.remove(channel);
      host.forget(channel);
    },

    shutdown(reason) {
      if (state.closed) return;
      push("system", { extension: "system", status: "error", message: reason, channel: subTopic });
      // Phoenix closes a stopped channel with phx_close whose ref is the join ref.
      host.send({ joinRef, ref: joinRef, topic, event: "phx_close", payload: {} });
      channel.dispose();
    },
  };

  scheduleExpiryCheck();
  host.adopt(channel);
  host.fanout.add(channel);
  reply(host, joinRef, ref, topic, "ok", { postgres_changes: postgresChangesReply(config.postgresChanges) });
  if (config.postgresChanges.length > 0) {
    // Only the acknowledgement: changes are not streamed locally (see the file comment).
    push("system", { extension: "postgres_changes", status: "ok", message: "Subscribed to PostgreSQL", channel: subTopic });
  }
  if (config.presenceEnabled) push("presence_state", {});
}

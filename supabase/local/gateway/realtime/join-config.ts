/**
 * Reading a `phx_join` payload (realtime-js `RealtimeChannel.subscribe()`):
 * `{config: {broadcast: {self, ack}, presence: {enabled, key}, postgres_changes: [...], private},
 *   access_token}`. Like Realtime's `Join.validate`, a payload that does not fit is not an error:
 * whatever can be read is used and the rest falls back to defaults.
 */
import { createHash } from "node:crypto";
import type { JsonObject } from "./serializer.ts";

export type JoinConfig = {
  selfBroadcast: boolean;
  ackBroadcast: boolean;
  presenceEnabled: boolean;
  isPrivate: boolean;
  /** The client's postgres_changes bindings, verbatim. */
  postgresChanges: JsonObject[];
};

export type JoinRequest = {
  config: JoinConfig;
  /** The token the channel acts with; null means "the socket's own key token". */
  accessToken: string | null;
};

function objectOf(value: unknown): JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

export function readJoinRequest(payload: unknown): JoinRequest {
  const params = objectOf(payload);
  const config = objectOf(params.config);
  const broadcast = objectOf(config.broadcast);
  const presence = objectOf(config.presence);
  const postgresChanges = Array.isArray(config.postgres_changes)
    ? config.postgres_changes.filter((entry): entry is JsonObject => typeof entry === "object" && entry !== null && !Array.isArray(entry))
    : [];
  const token = typeof params.access_token === "string" ? params.access_token : typeof params.user_token === "string" ? params.user_token : null;
  return {
    config: {
      selfBroadcast: broadcast.self === true,
      ackBroadcast: broadcast.ack === true,
      presenceEnabled: presence.enabled === true,
      isPrivate: config.private === true,
      postgresChanges,
    },
    // supabase-js sends the publishable key when signed out; Realtime reads any `sb_` value as
    // "use the socket's key" (`assign_access_token`).
    accessToken: token === null || token === "" || token.startsWith("sb_") ? null : token,
  };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as JsonObject).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Realtime answers each binding with `:erlang.phash2(params)`: a deterministic integer below
 * 2^27. Only determinism matters to the client (it routes changes by id), so a hash of the
 * canonical JSON in the same range stands in for it.
 */
export function postgresChangesId(params: JsonObject): number {
  return createHash("sha256").update(stableJson(params)).digest().readUInt32BE(0) & 0x7ffffff;
}

/** The join reply's `postgres_changes`: the client's bindings echoed in order, each with its id. */
export function postgresChangesReply(bindings: JsonObject[]): JsonObject[] {
  return bindings.map((params) => ({ ...params, id: postgresChangesId(params) }));
}

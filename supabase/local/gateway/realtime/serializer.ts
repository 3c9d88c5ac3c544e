/**
 * Phoenix socket framing as Supabase Realtime speaks it (its V2 serializer, plus the V1 JSON one).
 *
 * - vsn 1.0.0: text frames holding `{topic, event, payload, ref, join_ref}` objects.
 * - vsn 2.0.0: text frames holding `[join_ref, ref, topic, event, payload]` arrays, plus two
 *   binary kinds for broadcasts: kind 3 (client → server "user broadcast push") and kind 4
 *   (server → client "user broadcast"). realtime-js sends every `channel.send({type:'broadcast'})`
 *   as kind 3 under vsn 2.0.0, so the binary decoder is not optional.
 */

export type Vsn = "1.0.0" | "2.0.0";

export const supportedVsns: readonly Vsn[] = ["1.0.0", "2.0.0"];

export type JsonObject = Record<string, unknown>;

/** A message in either text framing. */
export type PhoenixMessage = {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
};

export type PayloadEncoding = "json" | "binary";

/** Kind 3: a client's broadcast in binary framing; the user payload stays as raw bytes. */
export type UserBroadcastPush = {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  userEvent: string;
  metadata: JsonObject;
  encoding: PayloadEncoding;
  payload: Buffer;
};

/** A frame the server could not make sense of; the socket stays up, the frame is dropped. */
export class FrameError extends Error {}

const USER_BROADCAST_PUSH = 3;
const USER_BROADCAST = 4;
const JSON_ENCODING = 1;
const BINARY_ENCODING = 0;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Refs are strings on the wire; numbers are tolerated (hand-written clients send them). */
function refOf(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  throw new FrameError(`${field} must be a string or null`);
}

function textOf(value: unknown, field: string): string {
  if (typeof value !== "string") throw new FrameError(`${field} must be a string`);
  return value;
}

export function decodeText(text: string, vsn: Vsn): PhoenixMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FrameError("frame is not valid JSON");
  }
  if (vsn === "2.0.0") {
    if (!Array.isArray(parsed) || parsed.length < 5) throw new FrameError("expected a V2 array [join_ref, ref, topic, event, payload]");
    const [joinRef, ref, topic, event, payload] = parsed as unknown[];
    return { joinRef: refOf(joinRef, "join_ref"), ref: refOf(ref, "ref"), topic: textOf(topic, "topic"), event: textOf(event, "event"), payload };
  }
  if (!isObject(parsed)) throw new FrameError("expected a V1 message object");
  return {
    joinRef: refOf(parsed.join_ref, "join_ref"),
    ref: refOf(parsed.ref, "ref"),
    topic: textOf(parsed.topic, "topic"),
    event: textOf(parsed.event, "event"),
    payload: parsed.payload,
  };
}

export function decodeBinary(data: Buffer): UserBroadcastPush {
  if (data.length < 1) throw new FrameError("empty binary frame");
  const kind = data[0];
  if (kind !== USER_BROADCAST_PUSH) throw new FrameError(`unsupported binary frame kind ${kind}`);
  if (data.length < 7) throw new FrameError("truncated user broadcast header");
  const joinRefSize = data[1];
  const refSize = data[2];
  const topicSize = data[3];
  const eventSize = data[4];
  const metadataSize = data[5];
  const encodingByte = data[6];
  if (encodingByte !== JSON_ENCODING && encodingByte !== BINARY_ENCODING) throw new FrameError(`unknown payload encoding ${encodingByte}`);
  let offset = 7;
  const take = (size: number): Buffer => {
    if (offset + size > data.length) throw new FrameError("binary frame shorter than its header says");
    const slice = data.subarray(offset, offset + size);
    offset += size;
    return slice;
  };
  const joinRef = take(joinRefSize).toString("utf8");
  const ref = take(refSize).toString("utf8");
  const topic = take(topicSize).toString("utf8");
  const userEvent = take(eventSize).toString("utf8");
  const metadataBytes = take(metadataSize);
  let metadata: JsonObject = {};
  if (metadataSize > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(metadataBytes.toString("utf8"));
    } catch {
      throw new FrameError("broadcast metadata is not valid JSON");
    }
    if (!isObject(parsed)) throw new FrameError("broadcast metadata must be a JSON object");
    metadata = parsed;
  }
  return {
    joinRef: joinRef === "" ? null : joinRef,
    ref: ref === "" ? null : ref,
    topic,
    userEvent,
    metadata,
    encoding: encodingByte === JSON_ENCODING ? "json" : "binary",
    // Copy: the frame buffer may be pooled by ws, and the payload outlives this call.
    payload: Buffer.from(data.subarray(offset)),
  };
}

export function encodeText(message: PhoenixMessage, vsn: Vsn): string {
  if (vsn === "2.0.0") return JSON.stringify([message.joinRef, message.ref, message.topic, message.event, message.payload]);
  return JSON.stringify({ topic: message.topic, event: message.event, payload: message.payload, ref: message.ref, join_ref: message.joinRef });
}

/** Kind 4: `[4, topic_len, event_len, metadata_len, encoding] topic event metadata payload`. */
export function encodeUserBroadcast(topic: string, userEvent: string, encoding: PayloadEncoding, payload: Buffer, metadata?: JsonObject): Buffer {
  const topicBytes = Buffer.from(topic, "utf8");
  const eventBytes = Buffer.from(userEvent, "utf8");
  const metadataBytes = metadata ? Buffer.from(JSON.stringify(metadata), "utf8") : Buffer.alloc(0);
  // Each length is one byte on the wire; the caller falls back to the text form past that.
  if (topicBytes.length > 255 || eventBytes.length > 255 || metadataBytes.length > 255) {
    throw new FrameError("topic, event or metadata longer than 255 bytes cannot be sent as a binary broadcast");
  }
  const header = Buffer.from([USER_BROADCAST, topicBytes.length, eventBytes.length, metadataBytes.length, encoding === "json" ? JSON_ENCODING : BINARY_ENCODING]);
  return Buffer.concat([header, topicBytes, eventBytes, metadataBytes, payload]);
}

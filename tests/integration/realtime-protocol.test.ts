/**
 * Realtime at the wire level, with a bare WebSocket: the handshake's HTTP answers, Phoenix
 * framing (vsn 2.0.0 arrays, binary kinds 3 and 4, vsn 1.0.0 objects) and robustness against
 * frames no supabase-js client would send.
 */
import { afterEach, describe, expect, test } from "vitest";
import type WebSocket from "ws";
import { anonJwt, publishableKey, secretKey } from "../../supabase/local/config.ts";
import { rawSocket, refusedHandshake, sleep } from "../helpers/realtime.ts";

const sockets: WebSocket[] = [];

async function open(query: Record<string, string> = { apikey: publishableKey, vsn: "2.0.0" }) {
  const socket = await rawSocket(query);
  sockets.push(socket.ws);
  return socket;
}

afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});

function topicName(label: string): string {
  return `realtime:proto:${label}:${Math.random().toString(36).slice(2, 8)}`;
}

const joinPayload = (config: Record<string, unknown> = {}) => ({
  config: { broadcast: { ack: false, self: false }, presence: { key: "", enabled: false }, postgres_changes: [], private: false, ...config },
  access_token: publishableKey,
});

/** Kind 3, laid out exactly as realtime-js's serializer writes it. */
function userBroadcastPush(joinRef: string, ref: string, topic: string, event: string, payload: unknown): Buffer {
  const parts = [joinRef, ref, topic, event].map((part) => Buffer.from(part, "utf8"));
  const body = Buffer.from(JSON.stringify(payload), "utf8");
  return Buffer.concat([Buffer.from([3, parts[0].length, parts[1].length, parts[2].length, parts[3].length, 0, 1]), ...parts, body]);
}

describe("handshake", () => {
  test("a missing or unknown API key is refused with 401 and Realtime's message", async () => {
    expect(await refusedHandshake({ vsn: "2.0.0" })).toEqual({ status: 401, body: JSON.stringify({ error: "API key is missing" }) });
    expect(await refusedHandshake({ apikey: "sb_publishable_nope", vsn: "2.0.0" })).toEqual({
      status: 401,
      body: JSON.stringify({ error: "The token provided is not a valid JWT" }),
    });
    const forged = `${anonJwt.slice(0, anonJwt.lastIndexOf(".") + 1)}${"A".repeat(43)}`;
    expect((await refusedHandshake({ apikey: forged, vsn: "2.0.0" })).status).toBe(401);
  });

  test("publishable, secret and legacy keys are accepted", async () => {
    for (const apikey of [publishableKey, secretKey, anonJwt]) {
      const { ws } = await open({ apikey, vsn: "2.0.0" });
      expect(ws.readyState).toBe(ws.OPEN);
    }
  });
});

describe("framing", () => {
  test("heartbeats get an ok reply on topic phoenix", async () => {
    const { send, frames } = await open();
    send([null, "7", "phoenix", "heartbeat", {}]);
    const reply = await frames.waitFor((frame) => frame.text?.[1] === "7");
    expect(reply.text).toEqual([null, "7", "phoenix", "phx_reply", { status: "ok", response: {} }]);
  });

  test("the join reply echoes postgres_changes bindings with ids, then reports the subscription", async () => {
    const { send, frames } = await open();
    const topic = topicName("join");
    const bindings = [{ event: "*", schema: "public", table: "todos", filter: "id=eq.1" }, { event: "INSERT", schema: "public", table: "notes" }];
    send(["1", "1", topic, "phx_join", joinPayload({ postgres_changes: bindings })]);
    const reply = await frames.waitFor((frame) => frame.text?.[3] === "phx_reply" && frame.text?.[1] === "1");
    const response = (reply.text?.[4] as { status: string; response: { postgres_changes: Record<string, unknown>[] } });
    expect(response.status).toBe("ok");
    expect(response.response.postgres_changes).toEqual(bindings.map((binding) => ({ ...binding, id: expect.any(Number) })));
    const system = await frames.waitFor((frame) => frame.text?.[3] === "system");
    expect(system.text).toEqual(["1", null, topic, "system", { extension: "postgres_changes", status: "ok", message: "Subscribed to PostgreSQL", channel: topic.slice(9) }]);
  });

  test("a presence-enabled join gets an empty presence_state; track is acknowledged", async () => {
    const { send, frames } = await open();
    const topic = topicName("presence");
    send(["1", "1", topic, "phx_join", joinPayload({ presence: { key: "", enabled: true } })]);
    const state = await frames.waitFor((frame) => frame.text?.[3] === "presence_state");
    expect(state.text).toEqual(["1", null, topic, "presence_state", {}]);
    send(["1", "2", topic, "presence", { type: "presence", event: "track", payload: { online: true } }]);
    const ack = await frames.waitFor((frame) => frame.text?.[1] === "2");
    expect(ack.text?.[4]).toEqual({ status: "ok", response: {} });
  });

  test("a binary broadcast push (kind 3) reaches other subscribers as kind 4", async () => {
    const topic = topicName("binary");
    const alice = await open();
    const bob = await open();
    alice.send(["1", "1", topic, "phx_join", joinPayload({ broadcast: { ack: true, self: false } })]);
    bob.send(["1", "1", topic, "phx_join", joinPayload()]);
    await alice.frames.waitFor((frame) => frame.text?.[3] === "phx_reply");
    await bob.frames.waitFor((frame) => frame.text?.[3] === "phx_reply");

    alice.ws.send(userBroadcastPush("1", "2", topic, "cursor", { x: 1, note: "ünïcode" }));
    const ack = await alice.frames.waitFor((frame) => frame.text?.[1] === "2");
    expect(ack.text).toEqual(["1", "2", topic, "phx_reply", { status: "ok", response: {} }]);

    const frame = (await bob.frames.waitFor((f) => f.binary !== undefined)).binary!;
    const topicBytes = Buffer.from(topic);
    expect([...frame.subarray(0, 5)]).toEqual([4, topicBytes.length, "cursor".length, 0, 1]);
    expect(frame.subarray(5, 5 + topicBytes.length).toString()).toBe(topic);
    expect(frame.subarray(5 + topicBytes.length, 5 + topicBytes.length + 6).toString()).toBe("cursor");
    expect(JSON.parse(frame.subarray(5 + topicBytes.length + 6).toString())).toEqual({ x: 1, note: "ünïcode" });
    // Without self: true the sender hears nothing back.
    await sleep(200);
    expect(alice.frames.items.some((f) => f.binary !== undefined)).toBe(false);
  });

  test("vsn 1.0.0 object frames work, and its text broadcasts reach vsn 2.0.0 subscribers", async () => {
    const topic = topicName("v1");
    const old = await open({ apikey: publishableKey, vsn: "1.0.0" });
    const modern = await open();
    old.ws.send(JSON.stringify({ topic, event: "phx_join", payload: joinPayload(), ref: "1", join_ref: "1" }));
    modern.send(["1", "1", topic, "phx_join", joinPayload()]);
    const oldReply = await old.frames.waitFor((frame) => (frame.text as unknown as { event?: string })?.event === "phx_reply");
    expect(oldReply.text).toMatchObject({ topic, event: "phx_reply", ref: "1", join_ref: "1", payload: { status: "ok" } });
    await modern.frames.waitFor((frame) => frame.text?.[3] === "phx_reply");

    old.ws.send(JSON.stringify({ topic, event: "broadcast", payload: { type: "broadcast", event: "ping", payload: { v: 1 } }, ref: "2", join_ref: "1" }));
    const heard = await modern.frames.waitFor((frame) => frame.text?.[3] === "broadcast");
    expect(heard.text).toEqual([null, null, topic, "broadcast", { type: "broadcast", event: "ping", payload: { v: 1 } }]);
  });

  test("malformed frames are ignored and the socket keeps working", async () => {
    const { ws, send, frames } = await open();
    const topic = topicName("robust");
    send(["1", "1", topic, "phx_join", joinPayload()]);
    await frames.waitFor((frame) => frame.text?.[3] === "phx_reply");

    ws.send("this is not json");
    ws.send(JSON.stringify({ an: "object, not the V2 array" }));
    ws.send(JSON.stringify([1, 2]));
    ws.send(Buffer.from([9, 9, 9]), { binary: true });
    ws.send(Buffer.from([3, 200, 200, 200, 200, 0, 1, 1]), { binary: true });
    ws.send(userBroadcastPush("1", "5", topic, "bad", {}).subarray(0, 20), { binary: true });
    send(["1", "6", topic, "phx_join", "not an object"]);

    send([null, "9", "phoenix", "heartbeat", {}]);
    await frames.waitFor((frame) => frame.text?.[1] === "9");
    expect(ws.readyState).toBe(ws.OPEN);
  });

  test("messages for a topic the socket has not joined are answered with unmatched topic", async () => {
    const { send, frames } = await open();
    send(["1", "3", topicName("nowhere"), "broadcast", { type: "broadcast", event: "x", payload: {} }]);
    const reply = await frames.waitFor((frame) => frame.text?.[1] === "3");
    expect(reply.text?.[4]).toEqual({ status: "error", response: { reason: "unmatched topic" } });
    send(["1", "4", "not-realtime", "phx_join", {}]);
    expect((await frames.waitFor((frame) => frame.text?.[1] === "4")).text?.[4]).toEqual({ status: "error", response: { reason: "unmatched topic" } });
  });

  test("phx_leave stops delivery; a second join for the topic closes the first", async () => {
    const topic = topicName("leave");
    const listener = await open();
    const speaker = await open();
    listener.send(["1", "1", topic, "phx_join", joinPayload()]);
    speaker.send(["1", "1", topic, "phx_join", joinPayload()]);
    await listener.frames.waitFor((frame) => frame.text?.[1] === "1");
    await speaker.frames.waitFor((frame) => frame.text?.[1] === "1");

    listener.send(["5", "5", topic, "phx_join", joinPayload()]);
    const closed = await listener.frames.waitFor((frame) => frame.text?.[3] === "phx_close");
    expect(closed.text).toEqual(["1", "1", topic, "phx_close", {}]);
    await listener.frames.waitFor((frame) => frame.text?.[1] === "5" && frame.text?.[3] === "phx_reply");

    listener.send(["5", "6", topic, "phx_leave", {}]);
    expect((await listener.frames.waitFor((frame) => frame.text?.[1] === "6")).text?.[4]).toEqual({ status: "ok", response: {} });
    speaker.send(["1", "2", topic, "broadcast", { type: "broadcast", event: "after-leave", payload: {} }]);
    await sleep(300);
    expect(listener.frames.items.some((frame) => frame.text?.[3] === "broadcast")).toBe(false);
  });

  test("a socket opened with the secret key acts as service_role and may join any private channel", async () => {
    const { send, frames } = await open({ apikey: secretKey, vsn: "2.0.0" });
    const topic = topicName("service");
    send(["1", "1", topic, "phx_join", { ...joinPayload({ private: true }), access_token: secretKey }]);
    const reply = await frames.waitFor((frame) => frame.text?.[1] === "1");
    expect((reply.text?.[4] as { status: string }).status).toBe("ok");
  });

  test("a private join as anon without any policy is refused", async () => {
    const { send, frames } = await open();
    const topic = topicName("anon-private");
    send(["1", "1", topic, "phx_join", joinPayload({ private: true })]);
    const reply = await frames.waitFor((frame) => frame.text?.[1] === "1");
    expect(reply.text?.[4]).toEqual({
      status: "error",
      response: { reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${topic.slice(9)}` },
    });
  });
});

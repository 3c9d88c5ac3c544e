/**
 * Realtime through the official supabase-js client against the local stack: private channels
 * authorized by RLS policies on realtime.messages, Broadcast from Database, client broadcasts,
 * the REST broadcast API, token expiry and refresh, and heartbeats.
 *
 * Users sign up and sign in through the Auth service, so joins carry real session tokens; only
 * tokens no session can give on demand (already expired, or valid for two seconds) are minted
 * with the stack's signing key.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import { gatewayUrl, publishableKey, secretKey, superuserSql } from "../helpers/local-stack.ts";
import {
  accessTokenFor,
  anonRealtimeClient,
  clientAs,
  collector,
  listenAll,
  signedInClient,
  signUpUser,
  sleep,
  subscribe,
  type TestUser,
} from "../helpers/realtime.ts";

const sql = superuserSql();
const run = Math.random().toString(36).slice(2, 8);
const members = `rt_members_${run}`;
const readPolicy = `rt test ${run} members can receive`;
const sendPolicy = `rt test ${run} senders can send`;

let member: TestUser;
let sender: TestUser;
let outsider: TestUser;
const clients: SupabaseClient[] = [];

function track<T extends SupabaseClient>(client: T): T {
  clients.push(client);
  return client;
}

function topicName(label: string): string {
  return `team:${run}:${label}:${Math.random().toString(36).slice(2, 8)}`;
}

async function admit(user: TestUser, topic: string, canSend = false) {
  await sql`insert into ${sql(members)} (user_id, topic, can_send) values (${user.id}, ${topic}, ${canSend})`;
}

/** A supabase-js client signed in as the user: Realtime gets the session's access token. */
async function memberClient(user: TestUser): Promise<SupabaseClient> {
  return track(await signedInClient(user));
}

beforeAll(async () => {
  // A membership table and the policies an app would write ("members can receive / send").
  await sql.unsafe(`
    create table public.${members} (user_id uuid not null, topic text not null, can_send boolean not null default false,
                                    primary key (user_id, topic));
    grant select on public.${members} to authenticated;
    create policy "${readPolicy}" on realtime.messages for select to authenticated
      using (exists (select 1 from public.${members} m
                     where m.user_id = (select auth.uid()) and m.topic = (select realtime.topic())
                       and realtime.messages.extension in ('broadcast')));
    create policy "${sendPolicy}" on realtime.messages for insert to authenticated
      with check (exists (select 1 from public.${members} m
                          where m.user_id = (select auth.uid()) and m.topic = (select realtime.topic()) and m.can_send
                            and realtime.messages.extension in ('broadcast')));
  `);
  member = await signUpUser("rt-member");
  sender = await signUpUser("rt-sender");
  outsider = await signUpUser("rt-outsider");
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.removeAllChannels()));
  for (const client of clients) client.realtime.disconnect();
  await sql.unsafe(`
    drop policy if exists "${readPolicy}" on realtime.messages;
    drop policy if exists "${sendPolicy}" on realtime.messages;
    drop table if exists public.${members};
  `);
  // The users stay: their emails are unique and the integration database is recreated every run.
  await sql.end();
});

describe("private channels", () => {
  test("a user the policy admits joins; one it does not is refused with Realtime's reason", async () => {
    const topic = topicName("join");
    await admit(member, topic);

    const admitted = await subscribe((await memberClient(member)).channel(topic, { config: { private: true } }));
    expect(admitted.status).toBe("SUBSCRIBED");

    const refused = await subscribe((await memberClient(outsider)).channel(topic, { config: { private: true } }));
    expect(refused.status).toBe("CHANNEL_ERROR");
    expect(refused.error?.message).toBe(`Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`);

    // Signed out (anon) is refused too: the policy is for authenticated only.
    const anon = await subscribe(track(anonRealtimeClient()).channel(topic, { config: { private: true } }));
    expect(anon.status).toBe("CHANNEL_ERROR");
  });

  test("a public channel of the same name needs no policy and is a separate room", async () => {
    const topic = topicName("public");
    const result = await subscribe((await memberClient(outsider)).channel(topic));
    expect(result.status).toBe("SUBSCRIBED");
  });

  test("an expired token cannot join", async () => {
    const topic = topicName("expired");
    await admit(member, topic);
    const expired = await accessTokenFor(member, -120);
    const result = await subscribe(track(await clientAs(() => expired)).channel(topic, { config: { private: true } }));
    expect(result.status).toBe("CHANNEL_ERROR");
    expect(result.error?.message).toMatch(/^InvalidJWTToken: Token has expired \d+ seconds ago$/);
  });

  test("a token that is not a valid JWT cannot join", async () => {
    const result = await subscribe(track(await clientAs(() => "not-a-jwt")).channel(topicName("garbage")));
    expect(result.status).toBe("CHANNEL_ERROR");
    expect(result.error?.message).toBe("MalformedJWT: The token provided is not a valid JWT");
  });
});

describe("Broadcast from Database", () => {
  let topic: string;
  let memberChannel: RealtimeChannel;
  let memberInbox: ReturnType<typeof listenAll>;
  let publicInbox: ReturnType<typeof listenAll>;
  let outsiderInbox: ReturnType<typeof listenAll>;

  beforeAll(async () => {
    topic = topicName("db");
    await admit(member, topic);
    memberChannel = (await memberClient(member)).channel(topic, { config: { private: true } });
    memberInbox = listenAll(memberChannel);
    expect((await subscribe(memberChannel)).status).toBe("SUBSCRIBED");

    const outsiderChannel = (await memberClient(outsider)).channel(topic, { config: { private: true } });
    outsiderInbox = listenAll(outsiderChannel);
    expect((await subscribe(outsiderChannel)).status).toBe("CHANNEL_ERROR");

    // Someone on the public channel of the same name must never hear private messages.
    const publicChannel = track(anonRealtimeClient()).channel(topic);
    publicInbox = listenAll(publicChannel);
    expect((await subscribe(publicChannel)).status).toBe("SUBSCRIBED");
  });

  test("a committed realtime.send() reaches the admitted subscriber with meta.id", async () => {
    await sql`select realtime.send(${sql.json({ amount: 42, currency: "USD" })}, 'spend', ${topic}, true)`;
    const message = await memberInbox.waitFor((m) => m.event === "spend", 5000, "the spend broadcast");
    expect(message.type).toBe("broadcast");
    expect(message.payload).toMatchObject({ amount: 42, currency: "USD" });
    const [row] = await sql<{ id: string }[]>`select id::text from realtime.messages where topic = ${topic} and event = 'spend'`;
    expect(message.meta?.id).toBe(row.id);
    // realtime.send() adds the message id to the payload, as on Supabase.
    expect(message.payload.id).toBe(row.id);
  });

  test("a rolled-back realtime.send() never arrives; the refused and public subscribers get nothing", async () => {
    await sql
      .begin(async (tx) => {
        await tx`select realtime.send(${tx.json({ ghost: true })}, 'ghost', ${topic}, true)`;
        throw new Error("roll back");
      })
      .catch(() => {});
    // Delivery is in commit order: once the later marker arrives, the ghost would have too.
    await sql`select realtime.send(${sql.json({ n: 1 })}, 'marker', ${topic}, true)`;
    await memberInbox.waitFor((m) => m.event === "marker", 5000, "the marker");
    expect(memberInbox.items.some((m) => m.event === "ghost")).toBe(false);
    await sleep(200);
    expect(outsiderInbox.items).toEqual([]);
    expect(publicInbox.items).toEqual([]);
  });

  test("a public realtime.send() reaches public subscribers only", async () => {
    await sql`select realtime.send(${sql.json({ open: true })}, 'announce', ${topic}, false)`;
    await publicInbox.waitFor((m) => m.event === "announce", 5000, "the public announcement");
    await sql`select realtime.send(${sql.json({ n: 2 })}, 'marker2', ${topic}, true)`;
    await memberInbox.waitFor((m) => m.event === "marker2");
    expect(memberInbox.items.some((m) => m.event === "announce")).toBe(false);
  });

  test("messages larger than a NOTIFY payload are read back and delivered whole", async () => {
    const big = "x".repeat(20_000);
    await sql`select realtime.send(${sql.json({ big })}, 'big', ${topic}, true)`;
    const message = await memberInbox.waitFor((m) => m.event === "big", 5000, "the big broadcast");
    expect(message.payload.big).toBe(big);
    expect(message.meta?.id).toEqual(expect.any(String));
  });

  test("realtime.broadcast_changes() from a trigger delivers the row change", async () => {
    const table = `rt_items_${run}`;
    await sql.unsafe(`
      create table public.${table} (id int primary key, name text);
      create function public.${table}_changes() returns trigger language plpgsql security definer as $$
      begin
        perform realtime.broadcast_changes('${topic}', TG_OP, TG_OP, TG_TABLE_NAME, TG_TABLE_SCHEMA, NEW, OLD);
        return null;
      end $$;
      create trigger ${table}_changes after insert on public.${table} for each row execute function public.${table}_changes();
    `);
    try {
      await sql.unsafe(`insert into public.${table} (id, name) values (7, 'seven')`);
      const message = await memberInbox.waitFor((m) => m.event === "INSERT", 5000, "the INSERT change");
      expect(message.payload).toMatchObject({ operation: "INSERT", table, schema: "public", record: { id: 7, name: "seven" }, old_record: null });
    } finally {
      await sql.unsafe(`drop table public.${table}; drop function public.${table}_changes();`);
    }
  });
});

describe("client broadcasts", () => {
  test("a broadcast on a public channel reaches the other subscribers, and the sender only with self", async () => {
    const topic = topicName("chat");
    const alice = track(anonRealtimeClient()).channel(topic, { config: { broadcast: { self: false, ack: true } } });
    const aliceInbox = listenAll(alice);
    const bob = track(anonRealtimeClient()).channel(topic, { config: { broadcast: { self: true } } });
    const bobInbox = listenAll(bob);
    expect((await subscribe(alice)).status).toBe("SUBSCRIBED");
    expect((await subscribe(bob)).status).toBe("SUBSCRIBED");

    // ack: true makes send() wait for the server's reply.
    expect(await alice.send({ type: "broadcast", event: "hello", payload: { from: "alice", text: "héllo ✓" } })).toBe("ok");
    const heard = await bobInbox.waitFor((m) => m.event === "hello");
    expect(heard.payload).toEqual({ from: "alice", text: "héllo ✓" });

    await bob.send({ type: "broadcast", event: "reply", payload: { from: "bob" } });
    await aliceInbox.waitFor((m) => m.event === "reply");
    await bobInbox.waitFor((m) => m.event === "reply", 5000, "bob's own reply (self: true)");
    expect(aliceInbox.items.some((m) => m.event === "hello")).toBe(false);
  });

  test("on a private channel only members the insert policy allows may send", async () => {
    const topic = topicName("private-chat");
    await admit(member, topic);
    await admit(sender, topic, true);
    const listener = (await memberClient(member)).channel(topic, { config: { private: true } });
    const inbox = listenAll(listener);
    expect((await subscribe(listener)).status).toBe("SUBSCRIBED");

    const allowed = (await memberClient(sender)).channel(topic, { config: { private: true, broadcast: { ack: true } } });
    expect((await subscribe(allowed)).status).toBe("SUBSCRIBED");
    const denied = (await memberClient(member)).channel(topic, { config: { private: true, broadcast: { ack: true } } });
    expect((await subscribe(denied)).status).toBe("SUBSCRIBED");

    // Realtime drops a send the policy refuses without acknowledging it.
    expect(await denied.send({ type: "broadcast", event: "denied", payload: {} }, { timeout: 1000 })).toBe("timed out");
    expect(await allowed.send({ type: "broadcast", event: "allowed", payload: { ok: true } })).toBe("ok");
    await inbox.waitFor((m) => m.event === "allowed");
    expect(inbox.items.some((m) => m.event === "denied")).toBe(false);
  });
});

describe("REST broadcast", () => {
  test("POST /api/broadcast with the secret key returns 202 and delivers to private and public channels", async () => {
    const topic = topicName("rest");
    await admit(member, topic);
    const privateChannel = (await memberClient(member)).channel(topic, { config: { private: true } });
    const privateInbox = listenAll(privateChannel);
    expect((await subscribe(privateChannel)).status).toBe("SUBSCRIBED");
    const publicChannel = track(anonRealtimeClient()).channel(topic);
    const publicInbox = listenAll(publicChannel);
    expect((await subscribe(publicChannel)).status).toBe("SUBSCRIBED");

    const response = await fetch(`${gatewayUrl}/realtime/v1/api/broadcast`, {
      method: "POST",
      headers: { apikey: secretKey, "content-type": "application/json" },
      body: JSON.stringify({
        messages: [
          { topic, event: "budget", payload: { level: "warn" }, private: true },
          { topic, event: "status", payload: { up: true } },
        ],
      }),
    });
    expect(response.status).toBe(202);
    expect((await privateInbox.waitFor((m) => m.event === "budget")).payload).toEqual({ level: "warn" });
    expect((await publicInbox.waitFor((m) => m.event === "status")).payload).toEqual({ up: true });
    expect(privateInbox.items.some((m) => m.event === "status")).toBe(false);
    expect(publicInbox.items.some((m) => m.event === "budget")).toBe(false);
  });

  test("httpSend(): 202 for a member allowed to send, 403 for one who is not", async () => {
    const topic = topicName("http-send");
    await admit(member, topic);
    await admit(sender, topic, true);
    const listener = (await memberClient(member)).channel(topic, { config: { private: true } });
    const inbox = listenAll(listener);
    expect((await subscribe(listener)).status).toBe("SUBSCRIBED");

    const senderChannel = (await memberClient(sender)).channel(topic, { config: { private: true } });
    expect(await senderChannel.httpSend("rest-event", { via: "http" })).toEqual({ success: true });
    expect((await inbox.waitFor((m) => m.event === "rest-event")).payload).toEqual({ via: "http" });

    const refusedChannel = (await memberClient(member)).channel(topic, { config: { private: true } });
    await expect(refusedChannel.httpSend("nope", { via: "http" })).rejects.toThrow("Unauthorized");
  });

  test("the REST API refuses requests without a valid API key", async () => {
    const body = JSON.stringify({ messages: [{ topic: "x", event: "y", payload: {} }] });
    const missing = await fetch(`${gatewayUrl}/realtime/v1/api/broadcast`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(missing.status).toBe(401);
    const wrong = await fetch(`${gatewayUrl}/realtime/v1/api/broadcast`, { method: "POST", headers: { apikey: "sb_publishable_wrong", "content-type": "application/json" }, body });
    expect(wrong.status).toBe(401);
    const invalid = await fetch(`${gatewayUrl}/realtime/v1/api/broadcast`, {
      method: "POST",
      headers: { apikey: publishableKey, "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ topic: "x" }] }),
    });
    expect(invalid.status).toBe(422);
  });
});

describe("tokens and the connection", () => {
  test("a channel whose token expires is closed with Realtime's system message", async () => {
    const topic = topicName("expiring");
    await admit(member, topic);
    const shortLived = await accessTokenFor(member, 2);
    const channel = track(await clientAs(() => shortLived)).channel(topic, { config: { private: true } });
    const system = collector<{ status: string; message: string }>();
    channel.on("system", {}, (payload: { status: string; message: string }) => system.push(payload));
    const statuses = collector<string>();
    channel.subscribe((status) => statuses.push(status));
    await statuses.waitFor((status) => status === "SUBSCRIBED");
    const notice = await system.waitFor((payload) => payload.status === "error", 6000, "the expiry notice");
    expect(notice.message).toMatch(/^Token has expired \d+ seconds ago$/);
    await statuses.waitFor((status) => status === "CLOSED", 2000, "CLOSED");
  });

  test("a refreshed session is re-authorized: losing membership closes the channel", async () => {
    const topic = topicName("revoked");
    await admit(member, topic);
    const client = await memberClient(member);
    const channel = client.channel(topic, { config: { private: true } });
    const system = collector<{ status: string; message: string }>();
    channel.on("system", {}, (payload: { status: string; message: string }) => system.push(payload));
    const statuses = collector<string>();
    channel.subscribe((status) => statuses.push(status));
    await statuses.waitFor((status) => status === "SUBSCRIBED");

    // supabase-js pushes every refreshed access token to joined channels (access_token message);
    // while the user is still a member the channel stays open.
    expect((await client.auth.refreshSession()).error).toBeNull();
    await sleep(300);
    expect(statuses.items).not.toContain("CLOSED");
    expect(system.items).toEqual([]);

    await sql`delete from ${sql(members)} where user_id = ${member.id} and topic = ${topic}`;
    expect((await client.auth.refreshSession()).error).toBeNull();
    const notice = await system.waitFor((payload) => payload.status === "error", 5000, "the revocation notice");
    expect(notice.message).toBe(`You do not have permissions to read from this Channel topic: ${topic}`);
    await statuses.waitFor((status) => status === "CLOSED", 2000, "CLOSED");
  });

  test("setAuth() with a new token re-verifies it: an expired one closes the channel", async () => {
    const topic = topicName("set-auth");
    await admit(member, topic);
    let token = await accessTokenFor(member);
    const client = track(await clientAs(() => token));
    const channel = client.channel(topic, { config: { private: true } });
    const system = collector<{ status: string; message: string }>();
    channel.on("system", {}, (payload: { status: string; message: string }) => system.push(payload));
    const statuses = collector<string>();
    channel.subscribe((status) => statuses.push(status));
    await statuses.waitFor((status) => status === "SUBSCRIBED");

    token = await accessTokenFor(member, -30);
    await client.realtime.setAuth();
    const notice = await system.waitFor((payload) => payload.status === "error", 5000, "the expiry notice");
    expect(notice.message).toMatch(/^Token has expired \d+ seconds ago$/);
    await statuses.waitFor((status) => status === "CLOSED", 2000, "CLOSED");
  });

  test("heartbeats are answered, keeping the socket and its channel alive", async () => {
    const heartbeats = collector<string>();
    const client = track(anonRealtimeClient({ heartbeatIntervalMs: 200, heartbeatCallback: (status) => heartbeats.push(status) }));
    const topic = topicName("alive");
    const channel = client.channel(topic);
    const inbox = listenAll(channel);
    expect((await subscribe(channel)).status).toBe("SUBSCRIBED");
    await sleep(1500);
    expect(heartbeats.items.filter((status) => status === "ok").length).toBeGreaterThanOrEqual(4);
    expect(heartbeats.items).not.toContain("timeout");
    expect(client.realtime.isConnected()).toBe(true);
    await sql`select realtime.send(${sql.json({ still: "here" })}, 'alive', ${topic}, false)`;
    await inbox.waitFor((m) => m.event === "alive");
  });

  test("postgres_changes bindings are acknowledged so the channel subscribes (changes are not streamed locally)", async () => {
    const client = track(anonRealtimeClient());
    const channel = client.channel(topicName("changes"));
    const system = collector<{ extension: string; status: string; message: string }>();
    channel
      .on("postgres_changes", { event: "INSERT", schema: "public", table: "spend_events", filter: "team_id=eq.1" }, () => {})
      .on("postgres_changes", { event: "*", schema: "public", table: "budgets" }, () => {})
      .on("system", {}, (payload: { extension: string; status: string; message: string }) => system.push(payload));
    expect((await subscribe(channel)).status).toBe("SUBSCRIBED");
    const notice = await system.waitFor((payload) => payload.extension === "postgres_changes");
    expect(notice).toMatchObject({ status: "ok", message: "Subscribed to PostgreSQL" });
  });

  test("a bad API key cannot open the socket", async () => {
    const client = track(
      createClient(gatewayUrl, "sb_publishable_not-a-real-key", {
        auth: { persistSession: false, autoRefreshToken: false },
        realtime: { reconnectAfterMs: () => 60_000 },
      }),
    );
    const result = await subscribe(client.channel(topicName("badkey")), 5000);
    expect(result.status).toBe("CHANNEL_ERROR");
    expect(client.realtime.isConnected()).toBe(false);
  });
});

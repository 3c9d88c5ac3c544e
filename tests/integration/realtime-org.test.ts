/**
 * An organization's live topics end to end (issue 7 §1 and §5): ingestEvents (in this process,
 * as the API route calls it) commits a batch, and members signed in through Auth hear it on the
 * private channel `org:<id>:spend` through the official supabase-js / realtime-js client — one
 * `spend` message per committed batch with new events (deltas and the organization's new totals,
 * equal to private.spend_totals), a `budgets` message when ledgers moved, `alerts_changed` on
 * `org:<id>:alerts` when an alert fires — and nothing for a failed batch or one with only
 * duplicates. Members of another organization, outsiders and anon are refused and hear nothing,
 * at the client and at the wire; a removed member loses the open channel at the next token
 * refresh and cannot join again.
 *
 * Delivery is in commit order, so after each step a marker sent on the same topics proves that
 * everything the step committed has arrived: counts between markers are exact.
 */
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RealtimeChannel, SupabaseClient } from "@supabase/supabase-js";
import { newUser, PASSWORD, superuserSql } from "./org-support.ts";
import { teamOrg, type TeamOrg } from "./api-support.ts";
import { publishableKey } from "../helpers/local-stack.ts";
import {
  anonRealtimeClient,
  collector,
  listenAll,
  rawSocket,
  signedInClient,
  sleep,
  subscribe,
  type BroadcastEvent,
  type TestUser,
} from "../helpers/realtime.ts";
import { add, compare, formatDecimal, parseDecimal, ZERO, type Decimal } from "../../lib/core/money.ts";
import { budgetsMessageSchema, DELTA_SERVICES, RECENT_EVENTS, spendMessageSchema, type SpendMessage } from "../../lib/core/usage/spend-delta.ts";
import { byUser } from "../../lib/services/budgets/budget-caller.ts";
import { createBudget } from "../../lib/services/budgets/create-budget.ts";
import { removeMember } from "../../lib/services/organizations/remove-member.ts";
import { ingestEvents, type IngestResult } from "../../lib/services/usage/ingest-events.ts";
import type { OrgContext, UserActor } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
const run = Math.random().toString(36).slice(2, 8);
/** Services whose rollup rows a test trigger fails at commit, or holds at commit on an advisory lock. */
const explodeService = `rt-explode-${run}`;
const slowService = `rt-slow-${run}`;
const lockKey = randomInt(1_000_000, 2_000_000_000);
const faultTrigger = `rt_fault_${run}`;

let orgA: TeamOrg;
let owner: OrgContext;
let ownerB: OrgContext;
const clients: SupabaseClient[] = [];

type Listener = { name: string; topic: string; channel: RealtimeChannel; inbox: ReturnType<typeof listenAll> };
/** Admitted subscribers, each on one topic; each step waits for its marker on every one. */
const admitted: Listener[] = [];
/** Subscribers that must hear nothing of org A (refused joins, org B's own topics, the public room). */
const bystanders: Listener[] = [];

const spendTopic = (org: string) => `org:${org}:spend`;
const alertsTopic = (org: string) => `org:${org}:alerts`;
/** Every test user signs up with PASSWORD (org-support.ts), so each can sign in on a client of their own. */
const credentials = (actor: UserActor): TestUser => ({ id: actor.userId, email: actor.email, password: PASSWORD });

async function clientFor(user: TestUser): Promise<SupabaseClient> {
  const client = await signedInClient(user);
  clients.push(client);
  return client;
}

async function join(name: string, client: SupabaseClient, topic: string, options: { private: boolean } = { private: true }) {
  const channel = client.channel(topic, { config: { private: options.private } });
  const inbox = listenAll(channel);
  const result = await subscribe(channel);
  return { listener: { name, topic, channel, inbox }, result };
}

let markers = 0;
/** Sends a marker on every admitted topic and waits until each subscriber has it: all before it has arrived too. */
async function settle(): Promise<void> {
  const n = ++markers;
  const topics = [...new Set(admitted.map((l) => l.topic))];
  for (const topic of topics) await sql`select realtime.send(${sql.json({ n })}, 'marker', ${topic}, true)`;
  await Promise.all(admitted.map((l) => l.inbox.waitFor((m) => m.event === "marker" && m.payload.n === n, 5000, `marker ${n} at ${l.name}`)));
}

/** What each admitted subscriber heard (markers aside) while `step` ran, once it has all arrived. */
async function heardDuring<T>(step: () => Promise<T>): Promise<{ value: T; heard: Map<string, BroadcastEvent[]> }> {
  const starts = new Map(admitted.map((l) => [l.name, l.inbox.items.length]));
  const value = await step();
  await settle();
  const heard = new Map(admitted.map((l) => [l.name, l.inbox.items.slice(starts.get(l.name)).filter((m) => m.event !== "marker")]));
  return { value, heard };
}

/** B's own topics hear this file's markers (they are admitted there); nothing else may reach a bystander. */
function expectBystandersHeardNothing() {
  for (const l of bystanders) expect(l.inbox.items.filter((m) => m.event !== "marker"), `${l.name} heard something`).toEqual([]);
}

// Event timestamps: distinct, increasing and in the past, so `recent` has a defined order.
const base = Date.now() - 120_000;
let tick = 0;
function event(service: string, cost: string | null, extra: Record<string, unknown> = {}) {
  tick += 1;
  const priced = cost === null ? { model: "gpt-from-the-future", quantities: { input_tokens: 5 } } : { model: "m-1", cost, currency: "USD" };
  return { id: `rt-${tick}-${randomUUID()}`, timestamp: new Date(base + tick * 10).toISOString(), service, ...priced, ...extra };
}
type TestEvent = ReturnType<typeof event>;

/** Every event org A has accepted, for totals computed independently of the database. */
const accepted: TestEvent[] = [];

async function ingest(events: TestEvent[]): Promise<IngestResult> {
  const result = await ingestEvents({ org: owner.org, source: "api", apiKeyId: null, userId: null }, events);
  const duplicates = new Set(result.duplicate_indexes);
  const rejected = new Set(result.rejected.map((r) => r.index));
  events.forEach((e, i) => {
    if (!duplicates.has(i) && !rejected.has(i)) accepted.push(e);
  });
  return result;
}

const costOf = (e: TestEvent): Decimal => ("cost" in e && typeof e.cost === "string" ? parseDecimal(e.cost) : ZERO);
const sumOf = (events: TestEvent[]): Decimal => events.reduce((total, e) => add(total, costOf(e)), ZERO);

/** The one `spend` message a step produced, the same for every admitted subscriber of the spend topic. */
function onlySpend(heard: Map<string, BroadcastEvent[]>): SpendMessage {
  const payloads = admitted
    .filter((l) => l.topic === spendTopic(owner.org.id))
    .map((l) => {
      const spends = (heard.get(l.name) ?? []).filter((m) => m.event === "spend");
      expect(spends, `${l.name}: one spend message per committed batch`).toHaveLength(1);
      return spends[0].payload;
    });
  for (const payload of payloads) expect(payload).toEqual(payloads[0]);
  return spendMessageSchema.parse(payloads[0]);
}

/** The message's totals are what private.spend_totals says at its time, and what this test has sent. */
async function expectTotalsAgree(message: SpendMessage) {
  const [db] = await sql<{ today: string; month: string; today_start: Date; month_start: Date }[]>`
    select today::text, month::text, today_start, month_start from private.spend_totals(${owner.org.id}, ${message.committed_at})`;
  expect({ today: message.totals.today, month: message.totals.month }).toEqual({ today: db.today, month: db.month });
  expect(Date.parse(message.totals.today_start)).toBe(db.today_start.getTime());
  expect(Date.parse(message.totals.month_start)).toBe(db.month_start.getTime());
  const since = (start: string) => accepted.filter((e) => Date.parse(e.timestamp) >= Date.parse(start));
  expect(compare(parseDecimal(message.totals.month), sumOf(since(message.totals.month_start))), "month = what was sent").toBe(0);
  expect(compare(parseDecimal(message.totals.today), sumOf(since(message.totals.today_start))), "today = what was sent").toBe(0);
}

beforeAll(async () => {
  orgA = await teamOrg(sql, "rt-org-a");
  owner = orgA.owner;
  const [member, viewer] = [await orgA.as("member"), await orgA.as("viewer")];
  const orgB = await teamOrg(sql, "rt-org-b");
  ownerB = orgB.owner;
  const memberB = await orgB.as("member");
  const outsider = await newUser("rt-org-outsider");

  // Fault injection at commit, for two services only this file sends: one fails the batch after
  // its messages were written, the other waits on an advisory lock this file holds.
  await sql.unsafe(`
    create function public.${faultTrigger}() returns trigger language plpgsql as $$
    begin
      if new.service = '${explodeService}' then raise exception 'realtime-org test: this batch fails at commit'; end if;
      perform pg_advisory_xact_lock(${lockKey});
      return null;
    end $$;
    create constraint trigger ${faultTrigger} after insert on public.spend_rollups deferrable initially deferred
      for each row when (new.service in ('${explodeService}', '${slowService}')) execute function public.${faultTrigger}();
  `);

  const memberClient = await clientFor(credentials(member.actor));
  const viewerClient = await clientFor(credentials(viewer.actor));
  for (const [name, client, topic] of [
    ["member on spend", memberClient, spendTopic(owner.org.id)],
    ["viewer on spend", viewerClient, spendTopic(owner.org.id)],
    ["member on alerts", memberClient, alertsTopic(owner.org.id)],
    ["viewer on alerts", viewerClient, alertsTopic(owner.org.id)],
  ] as const) {
    const { listener, result } = await join(name, client, topic);
    expect(result.status, name).toBe("SUBSCRIBED");
    admitted.push(listener);
  }

  // B's member on B's own topics is admitted (and proves the socket works) but must hear nothing of A.
  const memberBClient = await clientFor(credentials(memberB.actor));
  for (const topic of [spendTopic(ownerB.org.id), alertsTopic(ownerB.org.id)]) {
    const { listener, result } = await join(`B member on ${topic}`, memberBClient, topic);
    expect(result.status).toBe("SUBSCRIBED");
    admitted.push(listener);
    bystanders.push(listener);
  }

  // Refused: B's member, a signed-in outsider and a signed-out visitor, on both of A's topics.
  const outsiderClient = await clientFor(credentials(outsider.actor));
  const anon = anonRealtimeClient();
  clients.push(anon);
  for (const [name, client] of [["B member", memberBClient], ["outsider", outsiderClient], ["anon", anon]] as const) {
    for (const topic of [spendTopic(owner.org.id), alertsTopic(owner.org.id)]) {
      const { listener, result } = await join(`${name} on ${topic}`, client, topic);
      expect(result.status, `${name} joining ${topic}`).toBe("CHANNEL_ERROR");
      expect(result.error?.message).toBe(`Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`);
      bystanders.push(listener);
    }
  }
  // The public channel of the same name is another room: joined without a check, it hears nothing private.
  // (A client of its own: realtime-js hands back the existing channel for a topic it already has.)
  const visitor = anonRealtimeClient();
  clients.push(visitor);
  const { listener: publicRoom, result: publicJoin } = await join("anon on the public room", visitor, spendTopic(owner.org.id), { private: false });
  expect(publicJoin.status).toBe("SUBSCRIBED");
  bystanders.push(publicRoom);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.removeAllChannels()));
  for (const client of clients) client.realtime.disconnect();
  await sql.unsafe(`drop trigger if exists ${faultTrigger} on public.spend_rollups; drop function if exists public.${faultTrigger}();`);
  await sql.end();
});

describe("a committed batch", () => {
  it("sends one spend message with its deltas, its newest events and the new totals to every member", async () => {
    const events = [
      event("openai", "0.1", { team: "search", project: "alpha", environment: "prod", end_user: "u-1", feature: "chat" }),
      event("anthropic", "1.005"),
      event("openai", "0.2"),
      event("openai", null),
    ];
    const { value: result, heard } = await heardDuring(() => ingest(events));
    expect(result).toMatchObject({ accepted: 4, duplicates: 0, rejected: [] });

    const message = onlySpend(heard);
    expect(message).toMatchObject({
      v: 1,
      accepted: 4,
      cost: "1.305",
      unpriced: 1,
      by_service: [{ service: "anthropic", cost: "1.005", events: 1 }, { service: "openai", cost: "0.3", events: 3 }],
    });
    expect(message.recent).toEqual([...events].reverse().map((e) => ({
      id: e.id,
      occurred_at: e.timestamp,
      service: e.service,
      model: e.model,
      cost: "cost" in e ? e.cost : null,
      pricing_status: "cost" in e ? "provided" : "unpriced",
      team: "team" in e ? e.team : null,
      project: "project" in e ? e.project : null,
      environment: "environment" in e ? e.environment : null,
      end_user: "end_user" in e ? e.end_user : null,
      feature: "feature" in e ? e.feature : null,
    })));
    expect(Math.abs(Date.parse(message.committed_at) - Date.now())).toBeLessThan(60_000);
    await expectTotalsAgree(message);

    // It is the stored message itself (its id travels as meta.id), and no budget moved: no budgets message.
    const raw = heard.get("member on spend")!.find((m) => m.event === "spend")!;
    const [row] = await sql<{ id: string }[]>`select id::text from realtime.messages where id = ${raw.meta!.id}::uuid and topic = ${spendTopic(owner.org.id)}`;
    expect(row?.id).toBe(raw.meta!.id);
    for (const l of admitted) expect((heard.get(l.name) ?? []).filter((m) => m.event === "budgets"), l.name).toEqual([]);
    for (const l of admitted.filter((x) => x.topic !== spendTopic(owner.org.id))) expect(heard.get(l.name), l.name).toEqual([]);
    expectBystandersHeardNothing();
  });

  it("counts only its new events when some are duplicates, and keeps the newest ten and twenty services", async () => {
    const earlier = accepted.slice(0, 2);
    const services = Array.from({ length: DELTA_SERVICES + 3 }, (_, i) => `svc-${String(i).padStart(2, "0")}`);
    // svc-00 costs most … svc-22 least: the three cheapest are summed as "other".
    const fresh = services.map((service, i) => event(service, `${(DELTA_SERVICES + 3 - i) * 2}.5`));
    const { value: result, heard } = await heardDuring(() => ingest([...earlier, ...fresh]));
    expect(result).toMatchObject({ accepted: fresh.length, duplicates: 2 });

    const message = onlySpend(heard);
    expect(message.accepted).toBe(fresh.length);
    expect(message.cost).toBe(formatDecimal(sumOf(fresh)));
    expect(message.by_service).toHaveLength(DELTA_SERVICES + 1);
    expect(message.by_service.slice(0, DELTA_SERVICES).map((s) => s.service)).toEqual(services.slice(0, DELTA_SERVICES));
    expect(message.by_service[DELTA_SERVICES]).toEqual({ service: "other", cost: formatDecimal(sumOf(fresh.slice(DELTA_SERVICES))), events: 3 });
    expect(message.recent.map((r) => r.id)).toEqual([...fresh].reverse().slice(0, RECENT_EVENTS).map((e) => e.id));
    await expectTotalsAgree(message);
    expectBystandersHeardNothing();
  });

  it("with only duplicates, or only rejected events, sends nothing", async () => {
    const { value, heard } = await heardDuring(async () => [
      await ingest(accepted.slice(0, 3)),
      await ingest([{ ...event("openai", "1"), timestamp: "yesterday" }]),
    ]);
    expect(value[0]).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(value[1]).toMatchObject({ accepted: 0, rejected: [{ index: 0 }] });
    for (const l of admitted) expect(heard.get(l.name), l.name).toEqual([]);
    expectBystandersHeardNothing();
  });

  it("that fails at commit sends nothing, though its messages were written before the failure", async () => {
    const doomed = [event("openai", "5"), event(explodeService, "7")];
    const { value, heard } = await heardDuring(() => ingestEvents({ org: owner.org, source: "api", apiKeyId: null, userId: null }, doomed).then(
      () => "committed",
      (error: unknown) => (error as Error).message,
    ));
    expect(value).not.toBe("committed");
    const [stored] = await sql<{ n: number }[]>`select count(*)::int as n from public.usage_events where org_id = ${owner.org.id} and client_event_id in ${sql(doomed.map((e) => e.id))}`;
    expect(stored.n, "the batch rolled back").toBe(0);
    for (const l of admitted) expect(heard.get(l.name), l.name).toEqual([]);
    expectBystandersHeardNothing();
  });
});

describe("budgets and alerts", () => {
  it("a batch that moves a ledger and crosses a threshold sends budgets and alerts_changed", async () => {
    const service = `rt-budget-${run}`;
    const { budget } = await createBudget(byUser(owner), { name: "Live daily", amount: "10", period: { kind: "daily" }, scope: { service } });
    const { value: result, heard } = await heardDuring(() => ingest([event(service, "6")]));
    expect(result.accepted).toBe(1);

    const spend = onlySpend(heard);
    expect(spend).toMatchObject({ accepted: 1, cost: "6" });
    await expectTotalsAgree(spend);

    const [ledger] = await sql<{ period_start: Date; subject: string; spent: string }[]>`
      select period_start, subject, spent::text from public.budget_ledgers where budget_id = ${budget.id}`;
    for (const name of ["member on spend", "viewer on spend"]) {
      const events = heard.get(name)!.map((m) => m.event);
      // Both from the batch's transaction, in the order it wrote them.
      expect(events, name).toEqual(["spend", "budgets"]);
      const budgets = budgetsMessageSchema.parse(heard.get(name)![1].payload);
      expect(budgets.ledgers).toHaveLength(1);
      expect(budgets.ledgers[0]).toMatchObject({ budget_id: budget.id, subject: ledger.subject, spent: "6" });
      expect(compare(parseDecimal(budgets.ledgers[0].spent), parseDecimal(ledger.spent))).toBe(0);
      expect(Date.parse(budgets.ledgers[0].period_start!)).toBe(ledger.period_start.getTime());
    }

    const alerts = await sql<{ id: string; threshold: string }[]>`
      select a.id, r.threshold::text from public.alerts a join public.alert_rules r on r.id = a.rule_id where a.budget_id = ${budget.id}`;
    expect(alerts.map((a) => a.threshold)).toEqual(["50"]);
    for (const name of ["member on alerts", "viewer on alerts"]) {
      expect(heard.get(name)!.map((m) => ({ event: m.event, alert_ids: m.payload.alert_ids })), name).toEqual([
        { event: "alerts_changed", alert_ids: [alerts[0].id] },
      ]);
    }

    // Spend that counts in no budget moves no ledger: no budgets message.
    const again = await heardDuring(() => ingest([event("openai", "0.5")]));
    onlySpend(again.heard);
    expect(again.heard.get("member on spend")!.map((m) => m.event)).toEqual(["spend"]);
    expect(again.heard.get("member on alerts")).toEqual([]);
    expectBystandersHeardNothing();
  });
});

describe("concurrent batches", () => {
  const messages: SpendMessage[] = [];

  /** Polls `done` every 20 ms; false if it did not happen within `ms`. */
  async function within(ms: number, done: () => boolean | Promise<boolean>): Promise<boolean> {
    for (const deadline = Date.now() + ms; !(await done());) {
      if (Date.now() > deadline) return false;
      await sleep(20);
    }
    return true;
  }

  const slowAtCommit = async () =>
    (await sql<{ n: number }[]>`select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = ${lockKey} and not granted`)[0].n > 0;
  const waitingInBroadcast = async () =>
    (await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%private.broadcast_spend(%'`)[0].n > 0;

  it("each send their own message with their own deltas", async () => {
    const holder = await sql.reserve();
    try {
      await holder`select pg_advisory_lock(${lockKey})`;
      const { value, heard } = await heardDuring(async () => {
        // The slow batch writes everything, its message included, then waits at commit on the lock…
        const slow = ingest([event(slowService, "1.25")]);
        if (!(await within(10_000, slowAtCommit))) throw new Error("the slow batch never reached its commit");
        // …while another batch of the same organization runs: it commits, or (once batches are
        // serialized) waits for the slow one — seen as a lock wait, or assumed after 5 s.
        const fast = ingest([event("openai", "2")]);
        let fastSettled = false;
        fast.then(() => (fastSettled = true), () => (fastSettled = true));
        await within(5_000, async () => fastSettled || (await waitingInBroadcast()));
        await holder`select pg_advisory_unlock(${lockKey})`;
        return Promise.all([slow, fast]);
      });
      expect(value.map((r) => r.accepted)).toEqual([1, 1]);
      const spends = heard.get("member on spend")!.filter((m) => m.event === "spend").map((m) => spendMessageSchema.parse(m.payload));
      expect(spends.map((m) => m.cost).sort()).toEqual(["1.25", "2"]);
      messages.push(...spends);
    } finally {
      holder.release();
    }
  });

  // Each message's totals are read in its batch's transaction; private.broadcast_spend serializes
  // that tail per organization, so the message delivered last includes every batch before it.
  it("leave the last delivered message with the organization's real totals", async () => {
    expect(messages).toHaveLength(2);
    const [db] = await sql<{ month: string }[]>`select month::text from private.spend_totals(${owner.org.id})`;
    expect(messages[1].totals.month).toBe(db.month);
  });
});

describe("at the wire", () => {
  it("members themselves cannot broadcast on the topic: a channel send is dropped, a REST send refused", async () => {
    const member = admitted.find((l) => l.name === "member on spend")!;
    const { heard } = await heardDuring(async () => {
      expect(await member.channel.send({ type: "broadcast", event: "spend", payload: { forged: true } })).toBe("ok");
      await expect(member.channel.httpSend("spend", { forged: true })).rejects.toThrow("Unauthorized");
    });
    for (const l of admitted) expect(heard.get(l.name), l.name).toEqual([]);
    expectBystandersHeardNothing();
  });

  it("a member of another organization cannot join, send or hear on A's topic with a bare socket", async () => {
    const memberB = await newUser("rt-org-wire");
    await sql`insert into public.memberships (org_id, user_id, role) values (${ownerB.org.id}, ${memberB.claims.sub}, 'member')`;
    const signedIn = await clientFor(credentials(memberB.actor));
    const token = (await signedIn.auth.getSession()).data.session!.access_token;

    const socket = await rawSocket({ apikey: publishableKey, vsn: "2.0.0" });
    try {
      const topic = `realtime:${spendTopic(owner.org.id)}`;
      const joinPayload = (access_token: string | undefined, isPrivate = true) => ({
        config: { broadcast: { ack: true, self: true }, presence: { key: "", enabled: false }, postgres_changes: [], private: isPrivate },
        ...(access_token ? { access_token } : {}),
      });
      const replyTo = (ref: string) => socket.frames.waitFor((f) => f.text?.[1] === ref && f.text?.[3] === "phx_reply", 5000, `reply ${ref}`);

      socket.send(["1", "1", topic, "phx_join", joinPayload(token)]);
      expect((await replyTo("1")).text?.[4]).toEqual({
        status: "error",
        response: { reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${spendTopic(owner.org.id)}` },
      });
      // Without a user token the socket's key (anon) decides: refused too.
      socket.send(["2", "2", topic, "phx_join", joinPayload(undefined)]);
      expect((await replyTo("2")).text?.[4]).toMatchObject({ status: "error" });
      // A broadcast on the topic it never joined is answered, not relayed.
      socket.send(["1", "3", topic, "broadcast", { type: "broadcast", event: "spend", payload: { forged: true } }]);
      expect((await replyTo("3")).text?.[4]).toEqual({ status: "error", response: { reason: "unmatched topic" } });

      // Meanwhile A's batches flow to A's members and never to this socket.
      const { heard } = await heardDuring(() => ingest([event("openai", "0.25")]));
      onlySpend(heard);
      expect(heard.get("member on spend")!.some((m) => m.payload.forged === true)).toBe(false);
      await sleep(100);
      expect(socket.frames.items.filter((f) => f.binary !== undefined || f.text?.[3] === "broadcast")).toEqual([]);
    } finally {
      socket.ws.terminate();
    }
  });
});

describe("membership removed", () => {
  it("closes the open channel at the next token refresh, refuses a rejoin, and A's events no longer reach the person", async () => {
    const leaving = await orgA.as("viewer");
    const client = await clientFor(credentials(leaving.actor));
    const channel = client.channel(spendTopic(owner.org.id), { config: { private: true } });
    const inbox = listenAll(channel);
    const system = collector<{ status: string; message: string }>();
    channel.on("system", {}, (payload: { status: string; message: string }) => system.push(payload));
    const statuses = collector<string>();
    channel.subscribe((status) => statuses.push(status));
    await statuses.waitFor((s) => s === "SUBSCRIBED");

    await removeMember(owner, { userId: leaving.actor.userId });
    expect((await client.auth.refreshSession()).error).toBeNull();
    const notice = await system.waitFor((p) => p.status === "error", 5000, "the revocation notice");
    expect(notice.message).toBe(`You do not have permissions to read from this Channel topic: ${spendTopic(owner.org.id)}`);
    await statuses.waitFor((s) => s === "CLOSED", 2000, "CLOSED");

    // Neither on the same client (its alerts topic) nor with a new session.
    const rejoin = await join("removed viewer", client, alertsTopic(owner.org.id));
    expect(rejoin.result.status).toBe("CHANNEL_ERROR");
    const fresh = await join("removed viewer, new session", await clientFor(credentials(leaving.actor)), spendTopic(owner.org.id));
    expect(fresh.result.status).toBe("CHANNEL_ERROR");

    const { heard } = await heardDuring(() => ingest([event("openai", "0.75")]));
    onlySpend(heard);
    await sleep(100);
    expect(inbox.items.filter((m) => m.event === "spend")).toEqual([]);
    expect(rejoin.listener.inbox.items).toEqual([]);
    expect(fresh.listener.inbox.items).toEqual([]);
  });
});

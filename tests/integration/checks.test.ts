/**
 * POST /api/v1/check against the real stack, through the route with real keys: decisions for
 * soft, hard and approval budgets and the warn threshold, unpriced estimates, idempotency,
 * concurrent reservations at a hard budget (never admitting more than it has left), settlement by
 * an ingested event, release, expiry, approvals decided by an admin, scopes and tenancy.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { apiKeySecret, type TeamOrg, teamOrg } from "./api-support.ts";
import { POST as check } from "../../app/api/v1/check/route.ts";
import { POST as ingest } from "../../app/api/v1/events/route.ts";
import { GET as getApproval } from "../../app/api/v1/approvals/[id]/route.ts";
import { GET as getReservation } from "../../app/api/v1/reservations/[id]/route.ts";
import { POST as release } from "../../app/api/v1/reservations/[id]/release/route.ts";
import { withUser } from "../../lib/db/index.ts";
import { decideApproval } from "../../lib/services/checks/decide-approval.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let team: TeamOrg;
let orgA: OrgContext;
let orgB: OrgContext;
let keyA: string;
let keyB: string;
let readOnlyA: string;

type Budget = { amount: string; enforcement: "soft" | "hard" | "approval"; feature: string; warn?: string; per?: string };

async function createBudget(ctx: OrgContext, budget: Budget): Promise<string> {
  const id = randomUUID();
  await withUser(ctx.actor.claims, (tx) => tx`
    insert into public.budgets (id, org_id, name, amount, currency, period, timezone, scope, per, enforcement, warn_at_percent)
    values (${id}, ${ctx.org.id}, ${`Budget ${budget.feature}`}, ${budget.amount}, 'USD', ${tx.json({ kind: "monthly", startDay: 1 })},
      'UTC', ${tx.json({ feature: budget.feature })}, ${budget.per ?? null}, ${budget.enforcement}, ${budget.warn ?? "80"})`);
  return id;
}

type CheckBody = {
  decision: string; reason: string; estimated_cost: string | null; unpriced_reason: string | null; replayed: boolean;
  budgets: { budget_id: string; remaining_before: string; remaining_after: string | null; decision: string; reason: string; reserved: string }[];
  reservation: { id: string; status: string; amount: string; expires_at: string | null } | null;
  approval: { id: string; status: string } | null;
  error?: { code: string };
};

async function post(secret: string, body: Record<string, unknown>): Promise<{ status: number; body: CheckBody }> {
  const response = await check(new Request("http://localhost/api/v1/check", {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  }));
  return { status: response.status, body: await response.json() };
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const auth = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function ledger(budgetId: string) {
  const [row] = await sql<{ spent: string; reserved: string }[]>`
    select trim_scale(spent)::text as spent, trim_scale(reserved)::text as reserved from public.budget_ledgers where budget_id = ${budgetId}`;
  return row ?? { spent: "0", reserved: "0" };
}

beforeAll(async () => {
  team = await teamOrg(sql, "checks-a");
  orgA = team.owner;
  orgB = (await teamOrg(sql, "checks-b")).owner;
  keyA = await apiKeySecret(orgA, ["check", "ingest", "read"]);
  keyB = await apiKeySecret(orgB, ["check", "ingest", "read"]);
  readOnlyA = await apiKeySecret(orgA, ["read"]);
});

describe("POST /api/v1/check", () => {
  it("answers allow, warn, deny and require_approval from each budget's enforcement and warn threshold", async () => {
    await createBudget(orgA, { amount: "10", enforcement: "soft", feature: "soft" });
    await createBudget(orgA, { amount: "10", enforcement: "hard", feature: "hard" });
    await createBudget(orgA, { amount: "10", enforcement: "approval", feature: "appr" });

    expect((await post(keyA, { estimated_cost: "1", feature: "soft" })).body).toMatchObject({ decision: "allow", reason: "within_budget" });
    // 8 of 10 is the 80 % threshold: warn (at or over).
    expect((await post(keyA, { estimated_cost: "8", feature: "soft" })).body).toMatchObject({ decision: "warn", reason: "warn_threshold" });
    // Soft never denies, even far over.
    const over = await post(keyA, { estimated_cost: "25", feature: "soft" });
    expect(over.body).toMatchObject({ decision: "warn", reason: "exceeds_remaining" });
    expect(over.body.budgets[0]).toMatchObject({ remaining_before: "10", remaining_after: "-15" });

    expect((await post(keyA, { estimated_cost: "10", feature: "hard" })).body).toMatchObject({ decision: "warn" });
    expect((await post(keyA, { estimated_cost: "10.01", feature: "hard" })).body).toMatchObject({ decision: "deny", reason: "exceeds_remaining" });
    const approval = await post(keyA, { estimated_cost: "11", feature: "appr" });
    expect(approval.body).toMatchObject({ decision: "require_approval", approval: { status: "pending" }, reservation: null });

    // No matching budget: allow, with an empty list. Without reserve or key, nothing is written.
    expect((await post(keyA, { estimated_cost: "1000", feature: "nothing" })).body).toMatchObject({ decision: "allow", reason: "no_matching_budget", budgets: [] });
  });

  it("prices a token estimate from the catalog and converts a foreign-currency estimate with the org's rates", async () => {
    await createBudget(orgA, { amount: "1", enforcement: "hard", feature: "tokens" });
    const priced = await post(keyA, { service: "openai", model: "gpt-4o-mini", quantities: { input_tokens: 1_000_000, output_tokens: 0 }, feature: "tokens" });
    expect(priced.status).toBe(200);
    expect(priced.body.estimated_cost).toBe("0.15");
    expect(priced.body.decision).toBe("allow");

    await sql`insert into public.fx_rates (org_id, currency, rate_date, rate) values (${orgA.org.id}, 'EUR', '2020-01-01', '1.5')`;
    expect((await post(keyA, { estimated_cost: "0.6", currency: "EUR", feature: "tokens" })).body).toMatchObject({ estimated_cost: "0.9", decision: "warn" });
    // No GBP rate: the estimate cannot be priced — an explicit answer, never a silent allow.
    expect((await post(keyA, { estimated_cost: "0.01", currency: "GBP", feature: "tokens" })).body)
      .toMatchObject({ decision: "deny", reason: "unpriced_estimate", estimated_cost: null, unpriced_reason: "no_fx_rate" });
    expect((await post(keyA, { service: "openai", model: "no-such-model", quantities: { input_tokens: 10 }, feature: "soft" })).body)
      .toMatchObject({ decision: "warn", reason: "unpriced_estimate" });
  });

  it("counts rollover from earlier periods and keeps per-subject budgets apart", async () => {
    const rolling = await createBudget(orgA, { amount: "10", enforcement: "hard", feature: "roll" });
    await sql`update public.budgets set rollover = true, rollover_cap = 4, created_at = now() - interval '70 days' where id = ${rolling}`;
    // Two periods back spent 9 (1 unused), the last one spent nothing: 10 + min(1 + 10, 4) = 14 now.
    const monthStart = (back: number) => sql`date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' - make_interval(months => ${back})`;
    await sql`select private.add_to_ledgers(${orgA.org.id}, ${sql.json([{ budget_id: rolling, period_start: (await sql`select ${monthStart(2)} as s`)[0].s.toISOString(), subject: "", spent: "9", events: 1, unpriced: 0 }])})`;
    const answer = await post(keyA, { estimated_cost: "13", feature: "roll" });
    expect(answer.body.budgets[0]).toMatchObject({ remaining_before: "14", remaining_after: "1", decision: "warn" });
    expect((await post(keyA, { estimated_cost: "14.5", feature: "roll" })).body.decision).toBe("deny");

    const perUser = await createBudget(orgA, { amount: "5", enforcement: "hard", feature: "per-user", per: "end_user" });
    expect((await post(keyA, { estimated_cost: "4", feature: "per-user", end_user: "ana", reserve: { ttl_seconds: 60 } })).body.decision).toBe("warn");
    expect((await post(keyA, { estimated_cost: "4", feature: "per-user", end_user: "ana" })).body.decision).toBe("deny");
    expect((await post(keyA, { estimated_cost: "4", feature: "per-user", end_user: "ben" })).body).toMatchObject({ decision: "warn", budgets: [{ budget_id: perUser, subject: "ben", remaining_before: "5" }] });
    // Without the subject the per-user budget does not apply.
    expect((await post(keyA, { estimated_cost: "40", feature: "per-user" })).body).toMatchObject({ decision: "allow", budgets: [] });
  });

  it("is idempotent by key: the same answer, one hold", async () => {
    const budget = await createBudget(orgA, { amount: "10", enforcement: "hard", feature: "idem" });
    const body = { estimated_cost: "3", feature: "idem", reserve: { ttl_seconds: 600 }, idempotency_key: `idem-${randomUUID()}` };
    const [first, second] = await Promise.all([post(keyA, body), post(keyA, body)]);
    const third = await post(keyA, body);
    const fresh = [first, second].find((r) => !r.body.replayed)!;
    expect([first.body.replayed, second.body.replayed].sort()).toEqual([false, true]);
    expect(third.body).toMatchObject({ replayed: true, decision: fresh.body.decision, reservation: { id: fresh.body.reservation!.id, status: "held" } });
    expect(await ledger(budget)).toEqual({ spent: "0", reserved: "3" });
  });

  it("never admits more than a hard budget has left, however many reservations race", async () => {
    const budget = await createBudget(orgA, { amount: "10", enforcement: "hard", feature: "race" });
    const amounts = Array.from({ length: 50 }, () => (Math.floor(Math.random() * 90) / 100 + 0.1).toFixed(2));
    const answers = await Promise.all(amounts.map((amount) => post(keyA, { estimated_cost: amount, feature: "race", reserve: { ttl_seconds: 600 } })));
    const admitted = answers.filter((a) => a.body.decision !== "deny");
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const cents = (text: string) => Math.round(Number(text) * 100);
    const admittedCents = admitted.reduce((total, a) => total + cents(a.body.estimated_cost!), 0);
    const requestedCents = amounts.reduce((total, amount) => total + cents(amount), 0);
    const { reserved } = await ledger(budget);
    console.log(`[checks] 50 concurrent reservations at a hard budget of 10.00: requested ${(requestedCents / 100).toFixed(2)}, ` +
      `admitted ${admitted.length} totalling ${(admittedCents / 100).toFixed(2)}, denied ${answers.length - admitted.length}; ledger reserved ${reserved}`);
    expect(admittedCents).toBeLessThanOrEqual(1000);
    expect(cents(reserved)).toBe(admittedCents);
    expect(admitted.every((a) => a.body.reservation?.status === "held")).toBe(true);
    // Every denied one asked for more than was left once the others held theirs.
    if (requestedCents > 1000) expect(admitted.length).toBeLessThan(50);
  });

  it("settles a reservation with the event that names it, releases and expires holds", async () => {
    const budget = await createBudget(orgA, { amount: "10", enforcement: "hard", feature: "settle" });
    const held = (await post(keyA, { estimated_cost: "4", feature: "settle", reserve: { ttl_seconds: 600 } })).body.reservation!;
    expect(await ledger(budget)).toEqual({ spent: "0", reserved: "4" });
    const event = { id: `ev-${randomUUID()}`, timestamp: new Date().toISOString(), service: "openai", model: "gpt-4o", cost: "3.5", currency: "USD", feature: "settle", reservation_id: held.id };
    const stored = await ingest(new Request("http://localhost/api/v1/events", { method: "POST", headers: { ...auth(keyA), "content-type": "application/json" }, body: JSON.stringify({ events: [event] }) }));
    expect(await stored.json()).toMatchObject({ accepted: 1 });
    expect(await ledger(budget)).toEqual({ spent: "3.5", reserved: "0" });
    const after = await getReservation(new Request(`http://localhost/api/v1/reservations/${held.id}`, { headers: auth(keyA) }), params(held.id));
    expect(await after.json()).toMatchObject({ status: "settled" });
    // The same id again (another event): stored, the id ignored, nothing released twice.
    const again = { ...event, id: `ev-${randomUUID()}`, cost: "1" };
    const stored2 = await ingest(new Request("http://localhost/api/v1/events", { method: "POST", headers: { ...auth(keyA), "content-type": "application/json" }, body: JSON.stringify({ events: [again] }) }));
    expect(await stored2.json()).toMatchObject({ accepted: 1 });
    expect(await ledger(budget)).toEqual({ spent: "4.5", reserved: "0" });

    const toRelease = (await post(keyA, { estimated_cost: "2", feature: "settle", reserve: { ttl_seconds: 600 } })).body.reservation!;
    expect((await ledger(budget)).reserved).toBe("2");
    const released = await release(new Request(`http://localhost/api/v1/reservations/${toRelease.id}/release`, { method: "POST", headers: auth(keyA) }), params(toRelease.id));
    expect(await released.json()).toMatchObject({ status: "released" });
    expect((await ledger(budget)).reserved).toBe("0");
    const twice = await release(new Request(`http://localhost/api/v1/reservations/${toRelease.id}/release`, { method: "POST", headers: auth(keyA) }), params(toRelease.id));
    expect(twice.status).toBe(409);

    const toExpire = (await post(keyA, { estimated_cost: "1.25", feature: "settle", reserve: { ttl_seconds: 1 } })).body.reservation!;
    expect((await ledger(budget)).reserved).toBe("1.25");
    await sql`update public.reservations set expires_at = now() - interval '1 second' where id = ${toExpire.id}`;
    await sql`select private.expire_checks()`;
    expect((await ledger(budget)).reserved).toBe("0");
    expect((await sql`select status from public.reservations where id = ${toExpire.id}`)[0].status).toBe("expired");
    expect(await sql`select schedule from cron.job where jobname = 'expire-checks'`).toEqual([{ schedule: "30 seconds" }]);
  });

  it("ends each hold exactly once when its event, a release and new checks race", async () => {
    const budget = await createBudget(orgA, { amount: "100", enforcement: "hard", feature: "ends" });
    // Fresh keys for each kind of request, well within the per-key rate limit.
    const [holder, sender, releaser, checker] = await Promise.all([1, 2, 3, 4].map(() => apiKeySecret(orgA, ["check", "ingest"])));
    const held = await Promise.all(Array.from({ length: 20 }, () => post(holder, { estimated_cost: "1", feature: "ends", reserve: { ttl_seconds: 600 } })));
    expect((await ledger(budget)).reserved).toBe("20");
    const send = (reservationId: string) => ingest(new Request("http://localhost/api/v1/events", {
      method: "POST", headers: { ...auth(sender), "content-type": "application/json" },
      body: JSON.stringify({ events: [{ id: `ev-${randomUUID()}`, timestamp: new Date().toISOString(), service: "openai", model: "gpt-4o", cost: "0.5", currency: "USD", feature: "ends", reservation_id: reservationId }] }),
    }));
    const responses = await Promise.all(held.flatMap(({ body }) => [
      send(body.reservation!.id),
      release(new Request("http://localhost/x", { method: "POST", headers: auth(releaser) }), params(body.reservation!.id)),
      check(new Request("http://localhost/api/v1/check", { method: "POST", headers: { ...auth(checker), "content-type": "application/json" }, body: JSON.stringify({ estimated_cost: "0.01", feature: "ends" }) })),
    ]));
    // No deadlock or failure: each release either won (200) or found the event had settled it first (409).
    expect(responses.map((r) => r.status).filter((status) => status !== 200 && status !== 409)).toEqual([]);
    const ended = await sql`select status, count(*)::int as n from public.reservations where id in ${sql(held.map((h) => h.body.reservation!.id))} group by status order by status`;
    expect(ended.reduce((total, row) => total + row.n, 0)).toBe(20);
    expect(ended.every((row) => row.status === "settled" || row.status === "released")).toBe(true);
    expect(await ledger(budget)).toEqual({ spent: "10", reserved: "0" });
  });

  it("waits for an admin: approval turns the waiting reservation into a hold; denial releases it; both audited", async () => {
    const budget = await createBudget(orgA, { amount: "5", enforcement: "approval", feature: "ask" });
    const asked = (await post(keyA, { estimated_cost: "7", feature: "ask", reserve: { ttl_seconds: 900 } })).body;
    expect(asked).toMatchObject({ decision: "require_approval", approval: { status: "pending" }, reservation: { status: "awaiting_approval", amount: "7" } });
    expect((await ledger(budget)).reserved).toBe("0");
    const poll = async (id: string) => (await getApproval(new Request(`http://localhost/api/v1/approvals/${id}`, { headers: auth(keyA) }), params(id))).json();
    expect(await poll(asked.approval!.id)).toMatchObject({ status: "pending", amount: "7", reservation_id: asked.reservation!.id });

    const member = await team.as("member");
    await expect(decideApproval(member, { approvalId: asked.approval!.id, decision: "approved", reason: "ok" })).rejects.toMatchObject({ code: "forbidden" });
    const admin = await team.as("admin");
    await decideApproval(admin, { approvalId: asked.approval!.id, decision: "approved", reason: "Launch week" });
    expect(await poll(asked.approval!.id)).toMatchObject({ status: "approved", reason: "Launch week" });
    expect((await ledger(budget)).reserved).toBe("7");
    expect((await sql`select status from public.reservations where id = ${asked.reservation!.id}`)[0].status).toBe("held");
    await expect(decideApproval(admin, { approvalId: asked.approval!.id, decision: "denied", reason: "changed my mind" })).rejects.toMatchObject({ code: "conflict" });

    const second = (await post(keyA, { estimated_cost: "1", feature: "ask", reserve: { ttl_seconds: 900 } })).body;
    expect(second.decision).toBe("require_approval");
    await decideApproval(admin, { approvalId: second.approval!.id, decision: "denied", reason: "Over budget" });
    expect((await sql`select status from public.reservations where id = ${second.reservation!.id}`)[0].status).toBe("released");
    expect((await ledger(budget)).reserved).toBe("7");

    const audit = await sql`select action, actor_type from public.audit_log where entity_type = 'approval' and entity_id = ${asked.approval!.id} order by at`;
    expect(audit.map((row) => row.action)).toEqual(["approval.created", "approval.updated"]);
    expect(audit[0].actor_type).toBe("api_key");
    // The owner and the admin (an admin at the time) were emailed, with a link to the approvals page.
    const [mail] = await sql`select meta from local_dev.outbox where source = 'approvals' and recipient = ${orgA.actor.email} and subject = ${`Approval needed: 7 USD in ${orgA.org.name}`}`;
    expect(mail.meta.link).toMatch(new RegExp(`/${orgA.org.slug}/approvals$`));
  });

  it("needs the check scope, validates the body, and keeps other organizations' ids unreachable", async () => {
    expect((await post(readOnlyA, { estimated_cost: "1" })).status).toBe(403);
    expect((await post(keyA, { feature: "x" })).status).toBe(400);
    expect((await post(keyA, { estimated_cost: "-1" })).status).toBe(400);

    const budget = await createBudget(orgA, { amount: "10", enforcement: "approval", feature: "tenancy" });
    const asked = (await post(keyA, { estimated_cost: "20", feature: "tenancy", reserve: { ttl_seconds: 900 } })).body;
    const held = (await post(keyA, { estimated_cost: "2", feature: "tenancy", reserve: { ttl_seconds: 900 } })).body;
    expect(held.decision).toBe("allow");
    const before = await sql`select id, status from public.reservations where org_id = ${orgA.org.id} order by id`;
    for (const response of [
      await getReservation(new Request("http://localhost/x", { headers: auth(keyB) }), params(held.reservation!.id)),
      await release(new Request("http://localhost/x", { method: "POST", headers: auth(keyB) }), params(held.reservation!.id)),
      await getApproval(new Request("http://localhost/x", { headers: auth(keyB) }), params(asked.approval!.id)),
      await getApproval(new Request("http://localhost/x", { headers: auth(keyB) }), params("not-a-uuid")),
    ]) {
      expect(response.status).toBe(404);
    }
    // An event of B naming A's reservation: stored for B, A's hold untouched.
    const event = { id: `ev-${randomUUID()}`, timestamp: new Date().toISOString(), service: "openai", model: "gpt-4o", cost: "1", currency: "USD", reservation_id: held.reservation!.id };
    const stored = await ingest(new Request("http://localhost/api/v1/events", { method: "POST", headers: { ...auth(keyB), "content-type": "application/json" }, body: JSON.stringify({ events: [event] }) }));
    expect(await stored.json()).toMatchObject({ accepted: 1 });
    expect(await sql`select id, status from public.reservations where org_id = ${orgA.org.id} order by id`).toEqual(before);
    expect((await ledger(budget)).reserved).toBe("2");
    // B's admin cannot decide A's request.
    const outsiderAdmin = orgB;
    await expect(decideApproval(outsiderAdmin, { approvalId: asked.approval!.id, decision: "approved", reason: "x" })).rejects.toMatchObject({ code: "not_found" });
    expect((await sql`select status from public.approvals where id = ${asked.approval!.id}`)[0].status).toBe("pending");
  });
});

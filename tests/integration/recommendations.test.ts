/**
 * Recommendations over real ingest: events sent through POST /api/v1/events (priced from the
 * committed catalog, rolled up in the ingest transaction) for constructed scenarios — gpt-4o with
 * short answers beside gpt-4o-mini, long uncached Claude prompts, fingerprinted repeats, failed
 * SMS with retries, a budget whose scope matches nothing, an unknown model — and the exact
 * recommendations and savings the service computes from them as a member reads them. Members
 * dismiss, mark done and reopen (audited as theirs); viewers cannot; a key that does not apply,
 * or another organization's, is not found and changes nothing.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "../../app/api/v1/events/route.ts";
import { decideRecommendation } from "../../lib/services/recommendations/decide-recommendation.ts";
import { listRecommendations } from "../../lib/services/recommendations/list-recommendations.ts";
import type { OrgContext } from "../../lib/tenancy/context.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import { callRoute, newApiKey, type RouteHandler, teamOrg } from "./api-support.ts";
import { superuserSql } from "./org-support.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let owner: OrgContext;
let member: OrgContext;
let viewer: OrgContext;
let other: OrgContext;
let budgetId: string;

type Event = Record<string, unknown>;
const MINUTE = 60_000;
const start = Date.now() - 3 * 24 * 60 * MINUTE;
let clock = 0;
/** Events a minute apart from three days ago, so "later" is well defined. */
const event = (fields: Event): Event => ({ id: `rec-${randomUUID()}`, timestamp: new Date(start + clock++ * MINUTE).toISOString(), ...fields });
const times = (n: number, fields: () => Event): Event[] => Array.from({ length: n }, () => event(fields()));

function scenario(): Event[] {
  return [
    // 200 gpt-4o calls with 50-token answers: $0.0055 each, $1.10. At gpt-4o-mini, which the org also runs: $0.00033 each.
    ...times(200, () => ({ service: "openai", model: "gpt-4o", quantities: { input_tokens: 2000, output_tokens: 50 } })),
    // 200 long Claude prompts, never cached: 8,000 input and 400 output tokens, $0.03 each.
    ...times(200, () => ({ service: "anthropic", model: "claude-sonnet-4-5", quantities: { input_tokens: 8000, output_tokens: 400 } })),
    // gpt-4o-mini: 13 successful calls with one fingerprint (and a failed one), 3 with another: 14 repeats at $0.000075.
    ...times(13, () => ({ service: "openai", model: "gpt-4o-mini", quantities: { input_tokens: 100, output_tokens: 100 }, tags: { fingerprint: "fp-1" } })),
    event({ service: "openai", model: "gpt-4o-mini", quantities: { input_tokens: 100, output_tokens: 100 }, status: "error", error_code: "rate_limited", tags: { fingerprint: "fp-1" } }),
    ...times(3, () => ({ service: "openai", model: "gpt-4o-mini", quantities: { input_tokens: 100, output_tokens: 100 }, tags: { fingerprint: "fp-2" } })),
    // 20 SMS at $0.0083, 6 failed: sms-1 failed then went through, sms-2 failed twice.
    ...times(13, () => ({ service: "twilio", model: "sms-outbound-us", quantities: { messages: 1 } })),
    event({ service: "twilio", model: "sms-outbound-us", quantities: { messages: 1 }, status: "error", error_code: "30003", tags: { fingerprint: "sms-1" } }),
    event({ service: "twilio", model: "sms-outbound-us", quantities: { messages: 1 }, status: "error", error_code: "30003", tags: { fingerprint: "sms-2" } }),
    event({ service: "twilio", model: "sms-outbound-us", quantities: { messages: 1 }, status: "error", error_code: "30003", tags: { fingerprint: "sms-2" } }),
    event({ service: "twilio", model: "sms-outbound-us", quantities: { messages: 1 }, status: "error", error_code: "30003" }),
    ...times(2, () => ({ service: "twilio", model: "sms-outbound-us", quantities: { messages: 1 }, status: "error", error_code: "30005" })),
    // The retry of sms-1 that went through.
    event({ service: "twilio", model: "sms-outbound-us", quantities: { messages: 1 }, tags: { fingerprint: "sms-1" } }),
    // A model the catalog does not know.
    ...times(3, () => ({ service: "openai", model: "gpt-9-imaginary", quantities: { input_tokens: 10, output_tokens: 10 } })),
  ];
}

beforeAll(async () => {
  const team = await teamOrg(sql, "recs-a");
  owner = team.owner;
  [member, viewer] = [await team.as("member"), await team.as("viewer")];
  other = (await teamOrg(sql, "recs-b")).owner;
  // A budget since three months ago whose scope matches nothing (a misspelt model).
  [{ id: budgetId }] = await sql<{ id: string }[]>`
    insert into public.budgets (org_id, name, amount, currency, period, timezone, scope, created_at)
    values (${owner.org.id}, 'Typo budget', 50, 'USD', ${sql.json({ kind: "monthly", startDay: 1 })}, 'UTC',
      ${sql.json({ model: "gpt-4o-typo" })}, now() - interval '90 days')
    returning id`;
  const events = scenario();
  const response = await callRoute(ingest as RouteHandler, (await newApiKey(owner, ["ingest"])).secret, "POST", "/events", {}, { events });
  expect(response.body).toMatchObject({ accepted: events.length, rejected: [] });
});

const decisions = (orgId: string) => sql<{ key: string; status: string; note: string | null }[]>`
  select key, status, note from public.recommendation_states where org_id = ${orgId} order by key`;

describe("recommendations", () => {
  it("are computed from the organization's usage with exact, conservative savings, largest first", async () => {
    const { open, decided } = await listRecommendations(member);
    expect(decided).toEqual([]);
    expect(open.map((r) => [r.key, r.monthly_saving])).toEqual([
      // 200 × (0.03 − (6,000 × $3/M + 2,000 × $0.30/M + 400 × $15/M)) = 200 × 0.0054.
      ["cached_input_unused:anthropic:claude-sonnet-4-5", "1.08"],
      // $1.10 − 200 × (2,000 × $0.15/M + 50 × $0.60/M).
      ["expensive_model_short_outputs:openai:gpt-4o", "1.034"],
      // 6 failed sends × $0.0083.
      ["sms_failed_sends:twilio:sms-outbound-us", "0.0498"],
      // 14 repeats × $0.000075.
      ["repeated_requests:openai:gpt-4o-mini", "0.00105"],
      [`idle_budget:${budgetId}`, null],
      ["unpriced_usage:openai:gpt-9-imaginary", null],
    ]);
    const byKind = Object.fromEntries(open.map((r) => [r.kind, r]));
    expect(byKind.expensive_model_short_outputs).toMatchObject({
      title: "Try gpt-4o-mini for the short answers of gpt-4o",
      subject: { service: "openai", model: "gpt-4o" },
      evidence: expect.arrayContaining(["They cost $1.10. The same calls would cost about $0.07 with gpt-4o-mini, which this organization already uses: less than half the price per call."]),
      decision: null,
    });
    expect(byKind.sms_failed_sends.evidence).toEqual(expect.arrayContaining([
      "6 of 20 SMS sent through twilio (sms-outbound-us) in the last 30 days failed (4 with error 30003, 2 with error 30005).",
      '2 of the failures were sent again (same "fingerprint" tag): retries of numbers that fail for good cost again.',
    ]));
    expect(byKind.repeated_requests.evidence[0]).toBe(
      "14 successful calls to gpt-4o-mini (openai) in the last 30 days repeated an earlier one with the same fingerprint (2 fingerprints seen more than once).");
    expect(byKind.idle_budget).toMatchObject({ title: "Budget “Typo budget” counts no usage", subject: { budget_id: budgetId } });
    expect(byKind.unpriced_usage.evidence[0]).toBe("3 events of gpt-9-imaginary (openai) in the last 30 days have no price (unknown model: 3).");
    // Every member reads the same list; another organization sees none of it.
    expect((await listRecommendations(viewer)).open).toHaveLength(6);
    expect(await listRecommendations(other)).toMatchObject({ open: [], decided: [] });
  });

  it("are dismissed, marked done and reopened by members, each change audited as theirs", async () => {
    const key = "expensive_model_short_outputs:openai:gpt-4o";
    expect(await decideRecommendation(member, { key, status: "dismissed", note: "Quality drops on gpt-4o-mini" })).toEqual({ key, status: "dismissed" });
    let list = await listRecommendations(member);
    expect(list.open.map((r) => r.key)).not.toContain(key);
    expect(list.decided).toMatchObject([{ key, monthly_saving: "1.034", decision: { status: "dismissed", note: "Quality drops on gpt-4o-mini", decided_by: member.actor.email } }]);

    await decideRecommendation(owner, { key, status: "done" });
    list = await listRecommendations(viewer);
    expect(list.decided).toMatchObject([{ key, decision: { status: "done", note: null, decided_by: owner.actor.email } }]);

    expect(await decideRecommendation(member, { key, status: "open" })).toEqual({ key, status: "open" });
    list = await listRecommendations(member);
    expect(list.decided).toEqual([]);
    expect(list.open.map((r) => r.key)).toContain(key);

    const audit = await sql<{ action: string; actor_id: string; after: { status: string } | null }[]>`
      select action, actor_id, after from public.audit_log where org_id = ${owner.org.id} and entity_type = 'recommendation' order by at, id`;
    expect(audit).toMatchObject([
      { action: "recommendation.created", actor_id: member.actor.userId, after: { status: "dismissed" } },
      { action: "recommendation.updated", actor_id: owner.actor.userId, after: { status: "done" } },
      { action: "recommendation.deleted", actor_id: member.actor.userId, after: null },
    ]);
  });

  it("refuse viewers, keys that do not apply, and another organization's decisions, changing nothing", async () => {
    const key = `idle_budget:${budgetId}`;
    await decideRecommendation(member, { key, status: "dismissed" });
    const before = await decisions(owner.org.id);
    expect(before).toEqual([{ key, status: "dismissed", note: null }]);

    await expect(decideRecommendation(viewer, { key, status: "open" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(decideRecommendation(member, { key: "idle_budget:00000000-0000-0000-0000-000000000000", status: "done" })).rejects.toMatchObject({ code: "not_found" });
    await expect(decideRecommendation(member, { key: "unpriced_usage:openai:gpt-9-imaginary", status: "open" })).rejects.toMatchObject({ code: "not_found" });
    // Organization B asking about A's recommendations: not found, whether deciding or reopening.
    await expect(decideRecommendation(other, { key, status: "done" })).rejects.toMatchObject({ code: "not_found" });
    await expect(decideRecommendation(other, { key, status: "open" })).rejects.toMatchObject({ code: "not_found" });
    await expect(decideRecommendation(other, { key: "sms_failed_sends:twilio:sms-outbound-us", status: "dismissed" })).rejects.toMatchObject({ code: "not_found" });
    // Nor can B's people act in A at all.
    await expect(resolveOrgContext(other.actor, owner.org.slug)).rejects.toMatchObject({ code: "not_found" });

    expect(await decisions(owner.org.id)).toEqual(before);
    expect(await decisions(other.org.id)).toEqual([]);
  });
});

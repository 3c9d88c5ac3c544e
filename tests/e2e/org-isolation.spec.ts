/**
 * Cross-tenant isolation over HTTP, against the real `next start` server: a signed-in member of
 * another organization gets a 404 from every tenant page and the not-found result from every
 * tenant server action, and the victim organization's rows are untouched. Pages are found on the
 * filesystem and actions in the build's manifest, so new ones are covered without editing this.
 */
import path from "node:path";
import { expect, test } from "@playwright/test";
import { callServerAction, pageUrl, tenantPageRoutes, tenantServerActions } from "../helpers/http-session.ts";
import { signUp, uniqueEmail } from "./support.ts";
import { createOrgThroughOnboarding, e2eSql, uniqueOrgName } from "./org-support.ts";

const root = path.resolve(import.meta.dirname, "../..");
const sql = e2eSql();

/** Everything stored for one organization, as one string: equal before and after means untouched. */
async function fingerprint(orgId: string): Promise<string> {
  const [row] = await sql<{ value: string }[]>`
    select concat_ws('|',
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.organizations t where id = ${orgId}),
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.memberships t where org_id = ${orgId}),
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.invitations t where org_id = ${orgId}),
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.audit_log t where org_id = ${orgId}),
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.budgets t where org_id = ${orgId}),
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.price_overrides t where org_id = ${orgId}),
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.fx_rates t where org_id = ${orgId}),
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.approvals t where org_id = ${orgId}),
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.alert_rules t where org_id = ${orgId}),
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.alerts t where org_id = ${orgId}),
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.notification_channels t where org_id = ${orgId}),
      (select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from public.notifications t where org_id = ${orgId} and purpose in ('verification', 'test'))
    ) as value`;
  return row.value;
}

test("an outsider gets 404 from every tenant page and not-found from every tenant action", async ({ browser, baseURL }) => {
  // The victim: an organization with an owner, a second member and a pending invitation.
  const victimContext = await browser.newContext();
  const victim = await victimContext.newPage();
  await signUp(victim, uniqueEmail("victim"));
  const slug = await createOrgThroughOnboarding(victim, uniqueOrgName("Victim"));
  await victim.getByRole("link", { name: "Members" }).click();
  await victim.getByLabel("Email").fill(uniqueEmail("pending"));
  await victim.getByRole("button", { name: "Send invitation" }).click();
  await expect(victim.getByTestId("invitation-row")).toHaveCount(1);
  const [org] = await sql<{ id: string }[]>`select id from public.organizations where slug = ${slug}`;
  const [owner] = await sql<{ user_id: string }[]>`select user_id from public.memberships where org_id = ${org.id}`;
  const [invitation] = await sql<{ id: string }[]>`select id from public.invitations where org_id = ${org.id}`;
  // A budget, so pages and actions about one budget aim at a real row of the victim.
  const [budget] = await sql<{ id: string }[]>`
    insert into public.budgets (org_id, name, amount, currency, period, timezone)
    values (${org.id}, 'Victim budget', '100', 'USD', '{"kind": "monthly", "startDay": 1}', 'UTC') returning id`;
  const params = { "[id]": budget.id, "[month]": "2026-01" };
  // An alert of its 80 % rule and a phone channel, for the alert and channel actions to aim at.
  const [rule] = await sql<{ id: string }[]>`select id from public.alert_rules where budget_id = ${budget.id} and threshold = 80`;
  const [alert] = await sql<{ id: string }[]>`select id from private.record_alerts(${org.id}, ${sql.json({ fire: [{
    rule_id: rule.id, subject: "", period_start: "2026-01-01T00:00:00Z", period_end: null, notify: "muted",
    facts: { kind: "actual", currency: "USD", threshold: 80, amount: "100", spent: "80", percent: 80 },
  }] })}) as id`;
  const [channel] = await sql<{ id: string }[]>`
    insert into public.notification_channels (org_id, kind, name, destination, verification_code_hash, verification_expires_at)
    values (${org.id}, 'sms', 'Victim phone', '+14155550123', encode(extensions.digest('123456', 'sha256'), 'hex'), now() + interval '15 minutes')
    returning id`;

  // The outsider: signed in, with an organization of their own.
  const outsiderContext = await browser.newContext();
  const outsider = await outsiderContext.newPage();
  await signUp(outsider, uniqueEmail("outsider"));
  await createOrgThroughOnboarding(outsider, uniqueOrgName("Outsider"));

  const pages = tenantPageRoutes(root, slug, params);
  expect(pages).toEqual(expect.arrayContaining([`/${slug}/dashboard`, `/${slug}/settings/members`]));
  for (const url of pages) {
    const asOwner = await victimContext.request.get(url, { maxRedirects: 0 });
    expect(asOwner.status(), `owner ${url}`).toBeLessThan(400);
    const asOutsider = await outsiderContext.request.get(url, { maxRedirects: 0 });
    expect(asOutsider.status(), `outsider ${url}`).toBe(404);
    // Same answer as for an organization that does not exist.
    const missing = await outsiderContext.request.get(url.replace(slug, "no-such-org-xyz"), { maxRedirects: 0 });
    expect(missing.status(), `missing ${url}`).toBe(404);
  }

  const actions = tenantServerActions(root);
  expect(actions.map((action) => action.exportedName)).toEqual(
    expect.arrayContaining(["inviteMember", "removeMember", "changeMemberRole", "updateOrganization", "leaveOrganization"]),
  );
  // Valid input aimed at the victim's rows: only the tenant check stands in the way.
  const input = {
    orgSlug: slug,
    name: "Hijacked",
    slug: `${slug}-hijacked`,
    baseCurrency: "USD",
    timezone: "UTC",
    email: uniqueEmail("intruder"),
    role: "owner",
    userId: owner.user_id,
    invitationId: invitation.id,
    budgetId: budget.id,
    alertId: alert.id,
    note: "Hijacked",
    ruleId: rule.id,
    mute: "indefinitely",
    changes: { enabled: false },
    rule: { kind: "actual", budget_id: budget.id, threshold: 10 },
    channelId: channel.id,
    code: "123456",
    kind: "sms",
    destination: "+14155550124",
    enabled: true,
  };
  const before = await fingerprint(org.id);
  for (const action of actions) {
    const label = `${action.file}#${action.exportedName}`;
    const { status, body } = await callServerAction(outsiderContext.request, {
      url: pageUrl(action.page, slug, params),
      origin: baseURL ?? "",
      actionId: action.id,
      args: [null, input],
    });
    expect(status, label).toBe(200);
    expect(body, label).toContain('"code":"not_found"');
    expect(body, label).not.toContain('"ok":true');
  }
  expect(await fingerprint(org.id)).toBe(before);

  // Control: the same call as the owner does reach the verb (so the 404s above are not a broken call).
  const rename = actions.find((action) => action.exportedName === "updateOrganization");
  if (!rename) throw new Error("updateOrganization is not in the manifest");
  const { body } = await callServerAction(victimContext.request, {
    url: pageUrl(rename.page, slug, params),
    origin: baseURL ?? "",
    actionId: rename.id,
    args: [null, { ...input, slug, name: "Renamed by owner" }],
  });
  expect(body).toContain('"ok":true');
  expect(await fingerprint(org.id)).not.toBe(before);

  await victimContext.close();
  await outsiderContext.close();
});

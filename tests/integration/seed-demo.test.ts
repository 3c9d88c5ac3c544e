/**
 * `npm run dev`'s demo seed against the integration stack: the demo people and organization, 90
 * days of usage, and budgets sized from this month's spend — a parent with two children and a
 * per-customer one — whose ledgers match the stored events and whose default rules were
 * evaluated (alerts consistent with what they say). A second run changes nothing.
 */
import { afterAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { dbUrl } from "../../supabase/local/config.ts";
import { integrationPorts } from "../helpers/ports.ts";
import { gatewayUrl, secretKey } from "../helpers/local-stack.ts";
import { seedDemo } from "../../scripts/seed-demo.ts";

const sql = superuserSql();
afterAll(() => sql.end());

const env = { NEXT_PUBLIC_SUPABASE_URL: gatewayUrl, SUPABASE_SECRET_KEY: secretKey, DATABASE_URL: dbUrl(integrationPorts.db) };

describe("the demo seed", () => {
  it("creates budgets from this month's demo spend with exact ledgers and evaluated alerts, once", async () => {
    await seedDemo(env);
    const [org] = await sql<{ id: string; timezone: string }[]>`select id, timezone from public.organizations where slug = 'acme-demo'`;
    const budgets = await sql<{ id: string; name: string; parent: string | null; per: string | null; scope: Record<string, string> }[]>`
      select b.id, b.name, p.name as parent, b.per, b.scope from public.budgets b left join public.budgets p on p.id = b.parent_id
      where b.org_id = ${org.id} order by b.created_at, b.name`;
    expect(budgets.map((b) => [b.name, b.parent, b.per])).toEqual(expect.arrayContaining([
      ["All AI spend", null, null], ["Search", "All AI spend", null], ["Support", "All AI spend", null], ["Support bot, per customer", null, "end_user"],
    ]));

    // This month's ledger of each whole budget is the sum of its scope's events this month.
    for (const budget of budgets.filter((b) => b.per === null)) {
      const [row] = await sql<{ stored: string | null; expected: string }[]>`
        select (select trim_scale(spent)::text from public.budget_ledgers l where l.budget_id = ${budget.id} and l.subject = ''
                  and l.period_start = date_trunc('month', now() at time zone ${org.timezone}) at time zone ${org.timezone}) as stored,
          trim_scale(coalesce(sum(e.cost), 0))::text as expected
        from public.usage_events e
        where e.org_id = ${org.id} and e.occurred_at >= date_trunc('month', now() at time zone ${org.timezone}) at time zone ${org.timezone}
          and (${budget.scope.team ?? null}::text is null or e.team = ${budget.scope.team ?? null})
          and (${budget.scope.project ?? null}::text is null or e.project = ${budget.scope.project ?? null})`;
      expect(row.stored ?? "0", budget.name).toBe(row.expected);
    }

    // The rules were evaluated: every open alert is about a line its spend reached.
    const alerts = await sql<{ threshold: string; facts: { spent: string; amount: string } }[]>`
      select r.threshold::text as threshold, a.facts from public.alerts a join public.alert_rules r on r.id = a.rule_id
      where a.org_id = ${org.id} and a.kind = 'actual' and a.status = 'open'`;
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) expect(Number(alert.facts.spent) * 100).toBeGreaterThanOrEqual(Number(alert.threshold) * Number(alert.facts.amount));

    await seedDemo(env);
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from public.budgets where org_id = ${org.id}`;
    expect(n).toBe(budgets.length);
  }, 120_000);
});

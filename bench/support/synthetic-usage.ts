/**
 * Millions of usage events for the benchmarks that need history (bench/status.ts,
 * bench/dashboard.ts), generated in SQL rather than through the ingest API — the ingest
 * benchmark measures that path; these measure reads. Event i lands at spanStart + i/count of the
 * span (inserts arrive in time order, as in life), with dimensions and quantities from cheap
 * integer hashes of i: six models of four services, four teams with two projects each, two
 * environments, 500 end users, three features, 1 in 50 an error. Costs are exact numerics.
 * Inserting through the parent table fires the facet triggers, as ingest would; the hourly
 * rollups are then built by aggregation (buildRollups). Idempotency keys are not written: no read
 * path uses them.
 */
import type { Sql } from "postgres";

const CHUNKS = 40;
const DAY_MS = 86_400_000;

export type SyntheticUsage = {
  org: string;
  events: number;
  spanStart: number;
  spanEnd: number;
  /** 1 in `unpricedEvery` events is unpriced (no cost, counted apart); none when absent. */
  unpricedEvery?: number;
};

/** Monthly partitions over the span and a month either side. */
export async function createPartitions(sql: Sql, { spanStart, spanEnd }: Pick<SyntheticUsage, "spanStart" | "spanEnd">): Promise<void> {
  for (let t = spanStart - 31 * DAY_MS; t < spanEnd + 31 * DAY_MS; t += 28 * DAY_MS) {
    await sql`select private.create_usage_events_partition(${new Date(t)})`;
  }
}

/** Inserts the events on two connections (the machines these run on have two cores). */
export async function insertSyntheticEvents(sql: Sql, usage: SyntheticUsage): Promise<void> {
  const { org, events, spanStart, spanEnd } = usage;
  const unpriced = usage.unpricedEvery ? sql`g.i % ${usage.unpricedEvery} = 0` : sql`false`;
  await onTwoConnections(CHUNKS, async (chunk) => {
    const from = Math.floor((chunk * events) / CHUNKS);
    const to = Math.floor(((chunk + 1) * events) / CHUNKS) - 1;
    await sql`
      insert into public.usage_events (org_id, client_event_id, occurred_at, service, model, operation, quantities, cost, currency,
        pricing_status, unpriced_reason, latency_ms, status, error_code, team, project, environment, end_user, feature)
      select ${org}, 'bench-' || g.i, ${new Date(spanStart)}::timestamptz + (g.i::float8 / ${events}) * ${`${spanEnd - spanStart} milliseconds`}::interval,
        m.service, m.model, case when m.service = 'twilio' then 'sms' else 'chat' end,
        case when m.service = 'twilio' then jsonb_build_object('message', '1')
          else jsonb_build_object('input_token', q.input::text, 'output_token', q.output::text) end,
        case when ${unpriced} then null when m.service = 'twilio' then 0.0079
          else q.input * m.input_price + q.output * m.output_price end,
        'USD', case when ${unpriced} then 'unpriced' else 'priced' end,
        case when ${unpriced} then 'unknown_model' end, 100 + (g.i * 31) % 2900,
        case when g.i % 50 = 0 then 'error' else 'ok' end, case when g.i % 50 = 0 then 'timeout' end,
        t.team, t.team || '-p' || ((g.i / 13) % 2), case when g.i % 5 = 0 then 'dev' else 'prod' end,
        'user-' || ((g.i * 48271) % 500), (array['chat', 'search', 'summarize'])[1 + g.i % 3]
      from generate_series(${from}::bigint, ${to}::bigint) as g(i)
      cross join lateral (select 50 + (g.i * 7919) % 4000 as input, 10 + (g.i * 104729) % 800 as output) q
      cross join lateral (select (array['search', 'support', 'growth', 'platform'])[1 + (g.i / 7) % 4] as team) t
      cross join lateral (select * from (values
          (0, 'openai', 'gpt-4o', 0.0000025, 0.00001), (1, 'openai', 'gpt-4o-mini', 0.00000015, 0.0000006),
          (2, 'anthropic', 'claude-sonnet-4-5', 0.000003, 0.000015), (3, 'anthropic', 'claude-haiku-4-5', 0.000001, 0.000005),
          (4, 'google', 'gemini-2.5-flash', 0.0000003, 0.0000025), (5, 'twilio', 'sms-outbound-us', 0, 0)
        ) as v(k, service, model, input_price, output_price) where v.k = g.i % 6) m`;
  });
}

/** The hourly rollups ingest would have kept, by aggregation of the stored events, month by month. */
export async function buildRollups(sql: Sql, { org, spanStart, spanEnd }: Pick<SyntheticUsage, "org" | "spanStart" | "spanEnd">): Promise<number> {
  const months = await sql<{ m: Date }[]>`
    select generate_series(date_trunc('month', ${new Date(spanStart)}::timestamptz, 'UTC'), ${new Date(spanEnd)}::timestamptz, '1 month') as m`;
  await onTwoConnections(months.length, async (n) => {
    const from = months[n].m;
    await sql`
      insert into public.spend_rollups (org_id, bucket, service, model, team, project, environment, currency, cost, event_count,
        error_count, unpriced_count, latency_ms_sum, latency_count, quantities)
      select ${org}, date_trunc('hour', occurred_at, 'UTC'), service, model, team, project, environment, 'USD',
        coalesce(sum(cost), 0), count(*), count(*) filter (where status = 'error'), count(*) filter (where pricing_status = 'unpriced'),
        sum(latency_ms), count(latency_ms),
        jsonb_strip_nulls(jsonb_build_object(
          'input_token', sum((quantities ->> 'input_token')::numeric)::text,
          'output_token', sum((quantities ->> 'output_token')::numeric)::text,
          'message', sum((quantities ->> 'message')::numeric)::text))
      from public.usage_events
      where org_id = ${org} and occurred_at >= ${from} and occurred_at < ${from}::timestamptz + interval '1 month'
      group by 2, 3, 4, 5, 6, 7`;
  });
  const [{ rollups }] = await sql<{ rollups: string }[]>`select count(*)::text as rollups from public.spend_rollups where org_id = ${org}`;
  return Number(rollups);
}

/** Runs `count` jobs on two workers: each takes the next job when done. */
export async function onTwoConnections(count: number, job: (n: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all([0, 1].map(async () => {
    while (next < count) await job(next++);
  }));
}

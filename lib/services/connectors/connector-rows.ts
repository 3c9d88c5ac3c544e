/** Connectors as the verbs return them, read under the caller's RLS; and a Make connector's token for the server. */
import "server-only";
import type { Tx } from "@/lib/db";
import { asServiceRole } from "@/lib/services/as-service-role";
import { NotFoundError } from "@/lib/services/errors";
import { compare, formatDecimal, parseDecimal, sum } from "@/lib/core/money";
import { makeSettingsSchema } from "@/lib/connectors/make/make-api";
import type { Connector, MakeConnector, MakeUsageSummary } from "./connector-schemas";

export const CONNECTOR_NOT_FOUND = "We couldn't find that connector.";

type Row = {
  id: string; provider: Connector["provider"]; name: string; settings: unknown; status: "ok" | "error"; last_error: string | null;
  last_used_at: Date | null; credentials_set_at: Date; created_at: Date;
  synced_through: Date | null; last_synced_at: Date | null; last_sync_error: string | null; sync_next_at: Date | null;
};

const iso = (value: Date | null) => value?.toISOString() ?? null;

const TOP_SCENARIOS = 3;

function toConnector(row: Row, usage: Map<string, MakeUsageSummary>): Connector {
  const base = {
    id: row.id, name: row.name, status: row.status, last_error: row.last_error,
    last_used_at: iso(row.last_used_at), credentials_set_at: row.credentials_set_at.toISOString(), created_at: row.created_at.toISOString(),
    sync: {
      synced_through: row.synced_through?.toISOString().slice(0, 10) ?? null,
      last_synced_at: iso(row.last_synced_at),
      last_sync_error: row.last_sync_error,
      sync_next_at: iso(row.sync_next_at),
    },
  };
  if (row.provider === "make") {
    return { ...base, provider: "make", settings: makeSettingsSchema.parse(row.settings), usage: usage.get(row.id) ?? { operations: "0", credits: "0", top: [] } };
  }
  return { ...base, provider: row.provider, settings: null, usage: null };
}

/** Each Make connector's last 30 days of usage, from connector_usage. */
async function makeUsage(tx: Tx, orgId: string, ids: string[]): Promise<Map<string, MakeUsageSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await tx<{ connector_id: string; line_item: string; unit: string; quantity: string }[]>`
    select connector_id, line_item, unit, trim_scale(sum(quantity))::text as quantity
    from public.connector_usage
    where org_id = ${orgId} and connector_id = any (${ids}::uuid[]) and day >= (now() at time zone 'UTC')::date - 30
    group by 1, 2, 3`;
  const summaries = new Map<string, MakeUsageSummary>();
  for (const id of ids) {
    const own = rows.filter((row) => row.connector_id === id);
    const total = (unit: string) => formatDecimal(sum(own.filter((row) => row.unit === unit).map((row) => parseDecimal(row.quantity))));
    const top = own
      .filter((row) => row.unit === "operations")
      .sort((a, b) => compare(parseDecimal(b.quantity), parseDecimal(a.quantity)))
      .slice(0, TOP_SCENARIOS)
      .map((row) => ({ line_item: row.line_item, operations: row.quantity }));
    summaries.set(id, { operations: total("operations"), credits: total("credits"), top });
  }
  return summaries;
}

export async function selectConnectors(tx: Tx, orgId: string, id?: string): Promise<Connector[]> {
  const rows = await tx<Row[]>`
    select id, provider, name, settings, status, last_error, last_used_at, credentials_set_at, created_at,
      synced_through, last_synced_at, last_sync_error, sync_next_at
    from public.connectors
    where org_id = ${orgId} ${id === undefined ? tx`` : tx`and id = ${id}`}
    order by name, id`;
  const usage = await makeUsage(tx, orgId, rows.filter((row) => row.provider === "make").map((row) => row.id));
  return rows.map((row) => toConnector(row, usage));
}

export async function selectConnector(tx: Tx, orgId: string, id: string): Promise<Connector> {
  const [connector] = await selectConnectors(tx, orgId, id);
  if (!connector) throw new NotFoundError(CONNECTOR_NOT_FOUND);
  return connector;
}

/** A Make connector of the organization with its token in clear (service_role only, inside the caller's transaction). */
export async function readMakeCredentials(tx: Tx, orgId: string, id: string): Promise<{ connector: MakeConnector; token: string }> {
  const connector = await selectConnector(tx, orgId, id);
  if (connector.provider !== "make") throw new NotFoundError(CONNECTOR_NOT_FOUND);
  const [{ token }] = await asServiceRole(tx, () => tx<{ token: string | null }[]>`select private.connector_credentials(${id}) as token`);
  if (token === null) throw new NotFoundError(CONNECTOR_NOT_FOUND);
  return { connector, token };
}

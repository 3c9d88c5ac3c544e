/** Connectors as the verbs return them, read under the caller's RLS; and a Make connector's token for the server. */
import "server-only";
import type { Tx } from "@/lib/db";
import { asServiceRole } from "@/lib/services/as-service-role";
import { NotFoundError } from "@/lib/services/errors";
import { MakeSettings, type Connector } from "./connector-schemas";

export const CONNECTOR_NOT_FOUND = "We couldn't find that connector.";

type Row = Omit<Connector, "settings" | "last_used_at" | "credentials_set_at" | "created_at"> & {
  settings: unknown; last_used_at: Date | null; credentials_set_at: Date; created_at: Date;
};

export async function selectConnectors(tx: Tx, orgId: string, id?: string): Promise<Connector[]> {
  const rows = await tx<Row[]>`
    select id, provider, name, settings, status, last_error, last_used_at, credentials_set_at, created_at
    from public.connectors
    where org_id = ${orgId} ${id === undefined ? tx`` : tx`and id = ${id}`}
    order by name, id`;
  return rows.map((row) => ({
    ...row,
    settings: MakeSettings.parse(row.settings),
    last_used_at: row.last_used_at?.toISOString() ?? null,
    credentials_set_at: row.credentials_set_at.toISOString(),
    created_at: row.created_at.toISOString(),
  }));
}

export async function selectConnector(tx: Tx, orgId: string, id: string): Promise<Connector> {
  const [connector] = await selectConnectors(tx, orgId, id);
  if (!connector) throw new NotFoundError(CONNECTOR_NOT_FOUND);
  return connector;
}

/** A Make connector of the organization with its token in clear (service_role only, inside the caller's transaction). */
export async function readMakeCredentials(tx: Tx, orgId: string, id: string): Promise<{ connector: Connector; token: string }> {
  const connector = await selectConnector(tx, orgId, id);
  const [{ token }] = await asServiceRole(tx, () => tx<{ token: string | null }[]>`select private.connector_credentials(${id}) as token`);
  if (token === null) throw new NotFoundError(CONNECTOR_NOT_FOUND);
  return { connector, token };
}

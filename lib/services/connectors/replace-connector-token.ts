/**
 * Replaces a connector's API token (admins), e.g. after it was rotated in Make: tried first like
 * a new one, then written over the old secret in Vault. Actions that use the connector keep it.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireConnectorAdmin } from "./connector-access";
import { selectConnector } from "./connector-rows";
import { ReplaceConnectorTokenInput, type Connector, type MakeTeamSummary } from "./connector-schemas";
import { listTeamScenarios, summarizeTeam } from "./make-team";

export async function replaceConnectorToken(ctx: OrgContext, input: ReplaceConnectorTokenInput): Promise<{ connector: Connector; team: MakeTeamSummary }> {
  requireConnectorAdmin(ctx);
  const fields = parseInput(ReplaceConnectorTokenInput, input);
  const current = await asActor(ctx.actor, (tx) => selectConnector(tx, ctx.org.id, fields.connector_id));
  const scenarios = await listTeamScenarios(current.settings, fields.api_token);
  const connector = await asActor(ctx.actor, async (tx) => {
    await tx`update public.connectors set credentials = ${fields.api_token} where id = ${current.id} and org_id = ${ctx.org.id}`;
    return selectConnector(tx, ctx.org.id, current.id);
  });
  return { connector, team: summarizeTeam(scenarios) };
}

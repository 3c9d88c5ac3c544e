/**
 * Replaces a connector's credentials (admins), e.g. after a rotation at the provider: tried first
 * like new ones — Make lists the team's scenarios, a cost provider is asked for yesterday — then
 * written over the old secret in Vault. Actions that use the connector keep it; a cost connector
 * is due again at once.
 */
import "server-only";
import { costCredentialsSchemas } from "@/lib/connectors/credentials";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireConnectorAdmin } from "./connector-access";
import { selectConnector } from "./connector-rows";
import { CreateMakeConnectorInput, ReplaceConnectorTokenInput, type Connector, type MakeTeamSummary } from "./connector-schemas";
import { listTeamScenarios, summarizeTeam } from "./make-team";
import { verifyCostCredentials } from "./verify-cost-credentials";

export async function replaceConnectorToken(ctx: OrgContext, input: ReplaceConnectorTokenInput): Promise<{ connector: Connector; team: MakeTeamSummary | null }> {
  requireConnectorAdmin(ctx);
  const { connector_id: id, ...fields } = parseInput(ReplaceConnectorTokenInput, input);
  const current = await asActor(ctx.actor, (tx) => selectConnector(tx, ctx.org.id, id));
  let stored: string;
  let team: MakeTeamSummary | null = null;
  if (current.provider === "make") {
    stored = parseInput(CreateMakeConnectorInput.shape.api_token, fields.api_token ?? "");
    team = summarizeTeam(await listTeamScenarios(current.settings, stored));
  } else {
    stored = JSON.stringify(parseInput(costCredentialsSchemas[current.provider], fields));
    await verifyCostCredentials(current.provider, stored);
  }
  const connector = await asActor(ctx.actor, async (tx) => {
    await tx`update public.connectors set credentials = ${stored} where id = ${current.id} and org_id = ${ctx.org.id}`;
    return selectConnector(tx, ctx.org.id, current.id);
  });
  return { connector, team };
}

/**
 * Connects a Make.com team (admins): the token is tried first — the team's scenarios are listed
 * with it — so a wrong token, zone or team id is refused with a message about the field to fix,
 * and nothing is stored. Then the connector is saved, its token going straight into Vault.
 * Answers which of the team's scenarios carry a spendguard tag line, so the admin sees at once
 * what an alert could stop.
 */
import "server-only";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { requireConnectorAdmin } from "./connector-access";
import { selectConnector } from "./connector-rows";
import { CreateMakeConnectorInput, type Connector, type MakeTeamSummary } from "./connector-schemas";
import { listTeamScenarios, summarizeTeam } from "./make-team";

export async function createMakeConnector(ctx: OrgContext, input: CreateMakeConnectorInput): Promise<{ connector: Connector; team: MakeTeamSummary }> {
  requireConnectorAdmin(ctx);
  const fields = parseInput(CreateMakeConnectorInput, input);
  const settings = { zone: fields.zone, team_id: fields.team_id };
  const scenarios = await listTeamScenarios(settings, fields.api_token);
  const connector = await asActor(ctx.actor, async (tx) => {
    const [{ id }] = await tx<{ id: string }[]>`
      insert into public.connectors (org_id, provider, name, settings, credentials)
      values (${ctx.org.id}, 'make', ${fields.name}, ${tx.json(settings)}, ${fields.api_token})
      returning id`;
    return selectConnector(tx, ctx.org.id, id);
  });
  return { connector, team: summarizeTeam(scenarios) };
}

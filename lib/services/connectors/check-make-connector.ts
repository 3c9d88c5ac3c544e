/**
 * Tries a Make connector now (every member): lists its team's scenarios with the stored token and
 * answers which are tagged, recording the verdict on the connector like a run would.
 */
import "server-only";
import { asServiceRole } from "@/lib/services/as-service-role";
import { ServiceError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { uuidField } from "@/lib/services/organizations/schemas";
import { asActor } from "@/lib/services/organizations/run";
import type { OrgContext } from "@/lib/tenancy/context";
import { readMakeCredentials } from "./connector-rows";
import type { MakeTeamSummary } from "./connector-schemas";
import { listTeamScenarios, summarizeTeam } from "./make-team";

export async function checkMakeConnector(ctx: OrgContext, connectorId: string): Promise<MakeTeamSummary> {
  const id = parseInput(uuidField, connectorId);
  const { connector, token } = await asActor(ctx.actor, (tx) => readMakeCredentials(tx, ctx.org.id, id));
  try {
    const team = summarizeTeam(await listTeamScenarios(connector.settings, token));
    await recordVerdict(ctx, id, null);
    return team;
  } catch (error) {
    if (error instanceof ServiceError && error.code === "invalid") await recordVerdict(ctx, id, error.message);
    throw error;
  }
}

async function recordVerdict(ctx: OrgContext, id: string, problem: string | null) {
  await asActor(ctx.actor, (tx) => asServiceRole(tx, () => tx`
    update public.connectors set status = ${problem === null ? "ok" : "error"}, last_error = ${problem}, last_used_at = now()
    where id = ${id} and org_id = ${ctx.org.id}`));
}

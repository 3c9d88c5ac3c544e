/**
 * The server's way to Make: the client for a zone (or MAKE_BASE_URL, which sends every zone to a
 * fake in tests and on the local stack), a team summary for people, and Make's refusals as the
 * app's errors.
 */
import "server-only";
import { createMakeApi, makeBaseUrl, MakeApiError, type MakeApi, type MakeScenario, type MakeSettings } from "@/lib/connectors/make/make-api";
import { parseScenarioTags } from "@/lib/core/connectors/scenario-tags";
import { InvalidError, UnavailableError } from "@/lib/services/errors";
import type { MakeTeamSummary } from "./connector-schemas";

/** Short: a person is waiting on the page. */
const TIMEOUT_MS = 10_000;

export function makeApi(settings: MakeSettings, token: string): MakeApi {
  return createMakeApi({ token, baseUrl: process.env.MAKE_BASE_URL || makeBaseUrl(settings.zone), timeoutMs: TIMEOUT_MS });
}

export function summarizeTeam(scenarios: MakeScenario[]): MakeTeamSummary {
  return {
    scenarios: scenarios.length,
    tagged: scenarios.flatMap((scenario) => {
      const parsed = parseScenarioTags(scenario.description);
      if (!parsed.tagged) return [];
      const tags = Object.entries(parsed.tags).map(([dimension, value]) => `${dimension}=${value}`).join(", ");
      return [{ id: scenario.id, name: scenario.name, isActive: scenario.isActive, tags: tags || "any budget" }];
    }),
  };
}

/** Lists the team's scenarios; Make's refusal becomes a message about the field to fix. */
export async function listTeamScenarios(settings: MakeSettings, token: string): Promise<MakeScenario[]> {
  try {
    return await makeApi(settings, token).listScenarios(settings.team_id);
  } catch (error) {
    if (!(error instanceof MakeApiError)) throw error;
    if (error.kind === "unauthorized") throw new InvalidError(error.message, { api_token: [error.message] });
    if (error.kind === "forbidden" || error.kind === "not_found" || error.kind === "rejected") {
      throw new InvalidError(error.message, { team_id: [`${error.message} Check the team id and that the token's user is in that team.`] });
    }
    throw new UnavailableError(error.message);
  }
}

/**
 * The dry run of stop_make_scenarios: which of the team's scenarios an alert on this budget would
 * stop now, read from Make with the connector's token — the same tag rule the runner applies
 * (lib/core/connectors/scenario-tags.ts), so the preview and the run cannot disagree.
 */
import "server-only";
import type { MakeScenario } from "@/lib/connectors/make/make-api";
import type { BudgetScope } from "@/lib/core/budgets/scope";
import { SCOPE_DIMENSIONS } from "@/lib/core/budgets/scope";
import { parseScenarioTags, scenarioMatchesScope } from "@/lib/core/connectors/scenario-tags";
import type { MakeConnector } from "@/lib/services/connectors/connector-schemas";
import type { ActionPreview } from "./action-schemas";

/** The tag line that ties a scenario to this budget's scope, to suggest when none is tagged. */
export function tagLineFor(scope: BudgetScope): string {
  const pairs = SCOPE_DIMENSIONS.flatMap((dimension) => (scope[dimension] === undefined ? [] : [`${dimension}=${scope[dimension]}`]));
  return `spendguard: ${pairs.join(", ")}`.trimEnd();
}

export function previewMakeStop(scenarios: MakeScenario[], scope: BudgetScope, budgetName: string, connector: MakeConnector): ActionPreview {
  const matching = scenarios.filter((scenario) => scenarioMatchesScope(parseScenarioTags(scenario.description), scope));
  const active = matching.filter((scenario) => scenario.isActive);
  const team = `Make team ${connector.settings.team_id} (${connector.name})`;
  if (active.length === 0) {
    const inactive = matching.length > 0 ? ` ${matching.length} tagged scenario(s) are inactive already.` : "";
    return {
      would_change: false,
      description:
        `Nothing to stop now: no active scenario of ${team} is tagged to budget "${budgetName}".${inactive} ` +
        `Add the line "${tagLineFor(scope)}" to a scenario's description in Make to tag it.`,
    };
  }
  const names = active.map((scenario) => `"${scenario.name}"`).join(", ");
  return {
    would_change: true,
    description: `Stops ${active.length} active scenario(s) of ${team}: ${names}. They start again when the alert resolves, or when someone presses Undo.`,
  };
}

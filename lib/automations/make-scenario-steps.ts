/**
 * The two halves of a stop_make_scenarios run, against the Make API: stop the team's active
 * scenarios tagged to the budget's scope, and start again exactly the ones it stopped.
 *
 * Progress is kept in `did` as it goes — `stopped` (what this run stopped, with names for
 * people) and `started` (ids started again on the way back) — and handed back with any error,
 * so a retry continues where the last attempt ended: it never stops a scenario twice, never
 * starts one Spendguard did not stop, and one already started is not started again.
 */
import type { BudgetScope } from "../core/budgets/scope.ts";
import { parseScenarioTags, scenarioMatchesScope } from "../core/connectors/scenario-tags.ts";
import { MakeApiError, type MakeApi } from "../connectors/make/make-api.ts";
import type { MakeDid } from "./run-did.ts";


export type StepResult =
  | { ok: true; did: MakeDid; note: string | null; nothingToDo?: boolean }
  | { ok: false; did: MakeDid; error: unknown };

export async function stopTaggedScenarios(api: MakeApi, teamId: number, scope: BudgetScope, did: MakeDid): Promise<StepResult> {
  const stopped = [...did.stopped];
  try {
    const scenarios = await api.listScenarios(teamId);
    const targets = scenarios.filter((scenario) => {
      if (!scenario.isActive || stopped.some((done) => done.id === scenario.id)) return false;
      return scenarioMatchesScope(parseScenarioTags(scenario.description), scope);
    });
    for (const scenario of targets) {
      await api.stopScenario(scenario.id);
      stopped.push({ id: scenario.id, name: scenario.name });
    }
  } catch (error) {
    return { ok: false, did: { ...did, stopped }, error };
  }
  if (stopped.length === 0) {
    return { ok: true, did: { stopped, started: [] }, note: "No active scenario of the Make team is tagged to the budget's scope.", nothingToDo: true };
  }
  return { ok: true, did: { ...did, stopped }, note: null };
}

export async function startStoppedScenarios(api: MakeApi, did: MakeDid): Promise<StepResult> {
  const started = [...did.started];
  const gone: string[] = [];
  try {
    for (const scenario of did.stopped) {
      if (started.includes(scenario.id)) continue;
      const answer = await api.startScenario(scenario.id).catch((error: unknown) => {
        // A scenario deleted in Make since has nothing to start; the others still do.
        if (error instanceof MakeApiError && error.kind === "not_found") return null;
        throw error;
      });
      if (answer === null) gone.push(scenario.name);
      started.push(scenario.id);
    }
  } catch (error) {
    return { ok: false, did: { ...did, started }, error };
  }
  const note = gone.length ? `No longer in Make, so not started: ${gone.join(", ")}.` : null;
  return { ok: true, did: { ...did, started }, note };
}

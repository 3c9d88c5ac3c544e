/**
 * What a Make team's scenarios used, per day: operations and credits (centicredits / 100) for
 * every scenario of the connector's team, from Make's per-scenario usage (its past 30 days, in the
 * Make organization's time zone), kept to the asked-for days. One call per scenario, so a team's
 * sync costs as many requests as it has scenarios — Make's rate limit is retried by the sync.
 * A scenario deleted between the list and its usage call has nothing to report.
 */
import { formatDecimal, scaleByPowerOfTen } from "../../core/money.ts";
import type { DailyUsage, DayWindow } from "../provider-costs.ts";
import { MakeApiError, type MakeApi } from "./make-api.ts";

export async function fetchMakeUsage(api: MakeApi, teamId: number, window: DayWindow): Promise<DailyUsage[]> {
  const usage: DailyUsage[] = [];
  for (const scenario of await api.listScenarios(teamId)) {
    const days = await api.scenarioUsage(scenario.id).catch((error: unknown) => {
      if (error instanceof MakeApiError && error.kind === "not_found") return [];
      throw error;
    });
    const lineItem = `${scenario.name} (#${scenario.id})`.slice(0, 300);
    for (const day of days) {
      if (day.date < window.from || day.date >= window.to || (day.operations === 0 && day.centicredits === 0)) continue;
      usage.push({ day: day.date, line_item: lineItem, unit: "operations", quantity: String(day.operations) });
      usage.push({ day: day.date, line_item: lineItem, unit: "credits", quantity: formatDecimal(scaleByPowerOfTen({ coef: BigInt(day.centicredits), scale: 0 }, -2)) });
    }
  }
  return usage;
}

/**
 * Which Make scenarios an alert rule may stop: the ones tagged, in their Make description, with
 * the part of the business they spend for. A tag is a line of the form
 *
 *     spendguard: project=newsletter, team=growth
 *
 * - The `spendguard:` prefix is case-insensitive; the line may be anywhere in the description.
 * - Pairs are `dimension=value` separated by commas, whitespace around each part trimmed.
 *   Dimensions are the budget scope's (SCOPE_DIMENSIONS), their names case-insensitive; values are
 *   exact, case-sensitive strings, as in budget scopes (a value cannot contain a comma).
 * - Several such lines are merged. A dimension given twice with different values keeps the first
 *   value. Unknown dimensions, pairs without `=` or without a value, and conflicts are ignored and
 *   reported in `problems`, so the UI can show the owner what was not understood.
 * - A bare `spendguard:` line (no pairs at all) tags the scenario for any budget: "stop me
 *   whenever a rule with a stop action fires". A line whose pairs were all refused does not: a
 *   typo must not widen a narrow tag to the whole organization, so it leaves the scenario untagged.
 *
 * The matching rule (the product decision): a tagged scenario is stopped for a budget when
 *   1. every dimension both the tags and the budget scope name has the same value, and
 *   2. the scope is empty (the whole organization), or the tags are empty (a bare line), or the
 *      two share at least one dimension.
 * So a budget for project=newsletter stops scenarios tagged project=newsletter, also those tagged
 * project=newsletter, team=growth, but not ones tagged only team=growth, nor project=blog.
 * The scope's event tags (`scope.tags`) cannot be named in a scenario tag: they only make a scope
 * non-empty, so a budget scoped by event tags alone stops just the bare-tagged scenarios. Untagged
 * scenarios are never stopped.
 */
import { SCOPE_DIMENSIONS, type BudgetScope, type ScopeDimension } from "../budgets/scope.ts";

export type ScenarioTags = Partial<Record<ScopeDimension, string>>;

export type ParsedScenarioTags = {
  tags: ScenarioTags;
  /** A usable spendguard line exists: a bare one, or one with at least one pair understood. */
  tagged: boolean;
  /** What was ignored, in plain words, in the order found. */
  problems: string[];
};

const MARKER = /^\s*spendguard\s*:(.*)$/i;

const isDimension = (name: string): name is ScopeDimension => (SCOPE_DIMENSIONS as readonly string[]).includes(name);

export function parseScenarioTags(description: string): ParsedScenarioTags {
  const tags: ScenarioTags = {};
  const problems: string[] = [];
  let tagged = false;
  for (const line of description.split(/\r\n|\r|\n/)) {
    const rest = MARKER.exec(line)?.[1];
    if (rest === undefined) continue;
    // Empty segments (a trailing comma) are harmless and not reported.
    const pairs = rest.split(",").map((part) => part.trim()).filter((part) => part !== "");
    let understood = pairs.length === 0;
    for (const pair of pairs) {
      const equals = pair.indexOf("=");
      if (equals < 0) {
        problems.push(`"${pair}" is not of the form dimension=value`);
        continue;
      }
      const name = pair.slice(0, equals).trim().toLowerCase();
      const value = pair.slice(equals + 1).trim();
      if (!isDimension(name)) {
        problems.push(`"${name}" is not a budget dimension (use ${SCOPE_DIMENSIONS.join(", ")})`);
      } else if (value === "") {
        problems.push(`${name} has no value`);
      } else if (tags[name] !== undefined && tags[name] !== value) {
        problems.push(`${name} is given twice ("${tags[name]}" and "${value}"); "${tags[name]}" is used`);
        understood = true;
      } else {
        tags[name] = value;
        understood = true;
      }
    }
    if (understood) tagged = true;
    else problems.push(`the line "${line.trim()}" has no usable dimension=value pair, so it tags nothing`);
  }
  return { tags, tagged, problems };
}

/** Whether an alert on a budget with this scope stops the scenario (the rule in the header). */
export function scenarioMatchesScope(scenario: Pick<ParsedScenarioTags, "tags" | "tagged">, scope: BudgetScope): boolean {
  if (!scenario.tagged) return false;
  let shared = 0;
  let scopeDimensions = 0;
  for (const dimension of SCOPE_DIMENSIONS) {
    const wanted = scope[dimension];
    if (wanted === undefined) continue;
    scopeDimensions += 1;
    const tag = scenario.tags[dimension];
    if (tag === undefined) continue;
    if (tag !== wanted) return false;
    shared += 1;
  }
  const scopeEmpty = scopeDimensions === 0 && Object.keys(scope.tags ?? {}).length === 0;
  const bare = Object.keys(scenario.tags).length === 0;
  return scopeEmpty || bare || shared > 0;
}

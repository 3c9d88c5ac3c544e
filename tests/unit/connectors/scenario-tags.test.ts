import { describe, expect, it } from "vitest";
import type { BudgetScope } from "@/lib/core/budgets/scope.ts";
import { parseScenarioTags, scenarioMatchesScope, type ParsedScenarioTags } from "@/lib/core/connectors/scenario-tags.ts";

describe("parseScenarioTags", () => {
  const cases: { name: string; description: string; expected: ParsedScenarioTags }[] = [
    {
      name: "reads dimension=value pairs, whitespace trimmed",
      description: "spendguard:  project = newsletter ,team=growth",
      expected: { tags: { project: "newsletter", team: "growth" }, tagged: true, problems: [] },
    },
    {
      name: "takes the prefix and dimension names in any case, values exactly",
      description: "SpendGuard: Project=NewsLetter, END_USER=c1",
      expected: { tags: { project: "NewsLetter", end_user: "c1" }, tagged: true, problems: [] },
    },
    {
      name: "finds the line anywhere in the description, indented, with CRLF endings",
      description: "Sends the weekly newsletter.\r\n  spendguard: project=newsletter\r\nOwner: Ada",
      expected: { tags: { project: "newsletter" }, tagged: true, problems: [] },
    },
    {
      name: "merges several lines",
      description: "spendguard: project=newsletter\nnotes\nspendguard: team=growth",
      expected: { tags: { project: "newsletter", team: "growth" }, tagged: true, problems: [] },
    },
    {
      name: "is untagged without the marker, even when the word appears elsewhere",
      description: "Stopped by spendguard: project=newsletter when over budget\nproject=newsletter",
      expected: { tags: {}, tagged: false, problems: [] },
    },
    {
      name: "is untagged for an empty description",
      description: "",
      expected: { tags: {}, tagged: false, problems: [] },
    },
    {
      name: "takes a bare line as tagged for any budget",
      description: "spendguard:",
      expected: { tags: {}, tagged: true, problems: [] },
    },
    {
      name: "takes a line with only commas as bare",
      description: "spendguard: , ,",
      expected: { tags: {}, tagged: true, problems: [] },
    },
    {
      name: "keeps the understood pairs and reports an unknown dimension",
      description: "spendguard: project=newsletter, region=eu",
      expected: {
        tags: { project: "newsletter" },
        tagged: true,
        problems: ['"region" is not a budget dimension (use service, model, team, project, environment, end_user, feature)'],
      },
    },
    {
      name: "leaves a line whose pairs were all refused untagged instead of tagging it for everything",
      description: "spendguard: projct=newsletter",
      expected: {
        tags: {},
        tagged: false,
        problems: [
          '"projct" is not a budget dimension (use service, model, team, project, environment, end_user, feature)',
          'the line "spendguard: projct=newsletter" has no usable dimension=value pair, so it tags nothing',
        ],
      },
    },
    {
      name: "reports pairs without = or without a value",
      description: "spendguard: newsletter, team=, project=newsletter",
      expected: {
        tags: { project: "newsletter" },
        tagged: true,
        problems: ['"newsletter" is not of the form dimension=value', "team has no value"],
      },
    },
    {
      name: "keeps the first of two conflicting values and reports the conflict",
      description: "spendguard: project=newsletter\nspendguard: project=blog, project=newsletter",
      expected: {
        tags: { project: "newsletter" },
        tagged: true,
        problems: ['project is given twice ("newsletter" and "blog"); "newsletter" is used'],
      },
    },
    {
      name: "keeps everything after the first = in the value",
      description: "spendguard: feature=a=b",
      expected: { tags: { feature: "a=b" }, tagged: true, problems: [] },
    },
  ];

  it.each(cases)("$name", ({ description, expected }) => {
    expect(parseScenarioTags(description)).toEqual(expected);
  });
});

describe("scenarioMatchesScope", () => {
  const cases: { name: string; description: string; scope: BudgetScope; stops: boolean }[] = [
    { name: "same single dimension", description: "spendguard: project=newsletter", scope: { project: "newsletter" }, stops: true },
    { name: "tags narrower than the scope", description: "spendguard: project=newsletter, team=growth", scope: { project: "newsletter" }, stops: true },
    { name: "scope narrower than the tags", description: "spendguard: project=newsletter", scope: { project: "newsletter", team: "growth" }, stops: true },
    { name: "disjoint dimensions", description: "spendguard: team=growth", scope: { project: "newsletter" }, stops: false },
    { name: "another value", description: "spendguard: project=blog", scope: { project: "newsletter" }, stops: false },
    { name: "one shared dimension agrees, another disagrees", description: "spendguard: project=newsletter, team=growth", scope: { project: "newsletter", team: "search" }, stops: false },
    { name: "values compared case-sensitively", description: "spendguard: project=Newsletter", scope: { project: "newsletter" }, stops: false },
    { name: "empty scope stops every tagged scenario", description: "spendguard: team=growth", scope: {}, stops: true },
    { name: "bare line matches a scoped budget", description: "spendguard:", scope: { project: "newsletter" }, stops: true },
    { name: "bare line matches the whole organization", description: "spendguard:", scope: {}, stops: true },
    { name: "untagged scenario, empty scope", description: "Sends the newsletter", scope: {}, stops: false },
    { name: "untagged after refused pairs, empty scope", description: "spendguard: projct=newsletter", scope: {}, stops: false },
    { name: "scope by event tags alone does not count as empty", description: "spendguard: team=growth", scope: { tags: { tier: "free" } }, stops: false },
    { name: "scope by event tags alone still stops bare-tagged scenarios", description: "spendguard:", scope: { tags: { tier: "free" } }, stops: true },
    { name: "event tags beside a shared dimension are not looked at", description: "spendguard: service=openai", scope: { service: "openai", tags: { tier: "free" } }, stops: true },
  ];

  it.each(cases)("$name → $stops", ({ description, scope, stops }) => {
    expect(scenarioMatchesScope(parseScenarioTags(description), scope)).toBe(stops);
  });
});

/**
 * Model-match rules in the genai-prices language: starts_with, ends_with, contains, equals, regex,
 * and nested or / and. Case-sensitive, as in the source data (some ids are mixed case).
 */
import { z } from "zod";

export type MatchRule =
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string }
  | { or: MatchRule[] }
  | { and: MatchRule[] };

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export const matchRuleSchema: z.ZodType<MatchRule> = z.lazy(() =>
  z.union([
    z.strictObject({ equals: z.string() }),
    z.strictObject({ starts_with: z.string() }),
    z.strictObject({ ends_with: z.string() }),
    z.strictObject({ contains: z.string() }),
    z.strictObject({ regex: z.string().refine(compiles, "invalid regular expression") }),
    z.strictObject({ or: z.array(matchRuleSchema).min(1) }),
    z.strictObject({ and: z.array(matchRuleSchema).min(1) }),
  ]),
);

const regexCache = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let compiled = regexCache.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern);
    regexCache.set(pattern, compiled);
  }
  return compiled;
}

export function matchesModel(rule: MatchRule, model: string): boolean {
  if ("equals" in rule) return model === rule.equals;
  if ("starts_with" in rule) return model.startsWith(rule.starts_with);
  if ("ends_with" in rule) return model.endsWith(rule.ends_with);
  if ("contains" in rule) return model.includes(rule.contains);
  if ("regex" in rule) return regex(rule.regex).test(model);
  if ("or" in rule) return rule.or.some((r) => matchesModel(r, model));
  return rule.and.every((r) => matchesModel(r, model));
}

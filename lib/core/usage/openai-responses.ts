/**
 * OpenAI Responses API `usage`. Same convention as Chat Completions under other names:
 * input_tokens INCLUDES input_tokens_details.cached_tokens; output_tokens INCLUDES
 * output_tokens_details.reasoning_tokens (billed as output).
 */
import { z } from "zod";
import { countSchema, compactQuantities, type NormalizedUsage } from "./quantities.ts";
import { remainder } from "./errors.ts";

export const openAiResponsesUsageSchema = z.object({
  input_tokens: countSchema,
  output_tokens: countSchema,
  total_tokens: countSchema.optional(),
  input_tokens_details: z.object({ cached_tokens: countSchema.nullish() }).nullish(),
  output_tokens_details: z.object({ reasoning_tokens: countSchema.nullish() }).nullish(),
});

export type OpenAiResponsesUsage = z.infer<typeof openAiResponsesUsageSchema>;

export function normalizeOpenAiResponsesUsage(usage: OpenAiResponsesUsage): NormalizedUsage {
  const cached = usage.input_tokens_details?.cached_tokens ?? 0;
  const reasoning = usage.output_tokens_details?.reasoning_tokens ?? 0;
  const uncached = remainder(usage.input_tokens, cached, "input_tokens", "cached_tokens");
  remainder(usage.output_tokens, reasoning, "output_tokens", "reasoning_tokens");
  return {
    quantities: compactQuantities({
      input_token: uncached,
      cached_input_token: cached,
      output_token: usage.output_tokens,
      request: 1,
    }),
    reasoningTokens: reasoning,
  };
}

/**
 * Anthropic Messages `usage`. Convention: input_tokens EXCLUDES cache reads and cache writes —
 * the three are separate and add up to the prompt. cache_creation splits writes by lifetime
 * (5-minute and 1-hour, priced differently); without that breakdown all writes are 5-minute, the
 * default. Extended-thinking tokens are inside output_tokens (billed as output) and not reported
 * separately, so reasoningTokens stays unknown.
 */
import { z } from "zod";
import { countSchema, compactQuantities, type NormalizedUsage } from "./quantities.ts";
import { UsageInconsistencyError } from "./errors.ts";

export const anthropicMessagesUsageSchema = z.object({
  input_tokens: countSchema,
  output_tokens: countSchema,
  cache_creation_input_tokens: countSchema.nullish(),
  cache_read_input_tokens: countSchema.nullish(),
  cache_creation: z
    .object({
      ephemeral_5m_input_tokens: countSchema.nullish(),
      ephemeral_1h_input_tokens: countSchema.nullish(),
    })
    .nullish(),
  server_tool_use: z.object({ web_search_requests: countSchema.nullish() }).nullish(),
  service_tier: z.string().nullish(),
});

export type AnthropicMessagesUsage = z.infer<typeof anthropicMessagesUsageSchema>;

export function normalizeAnthropicMessagesUsage(usage: AnthropicMessagesUsage): NormalizedUsage {
  const writes = usage.cache_creation_input_tokens ?? 0;
  let write5m = writes;
  let write1h = 0;
  if (usage.cache_creation) {
    write5m = usage.cache_creation.ephemeral_5m_input_tokens ?? 0;
    write1h = usage.cache_creation.ephemeral_1h_input_tokens ?? 0;
    if (usage.cache_creation_input_tokens != null && write5m + write1h !== writes) {
      throw new UsageInconsistencyError(
        `cache_creation 5m (${write5m}) + 1h (${write1h}) does not equal cache_creation_input_tokens (${writes})`,
      );
    }
  }
  return {
    quantities: compactQuantities({
      input_token: usage.input_tokens,
      cached_input_token: usage.cache_read_input_tokens ?? 0,
      cache_write_token: write5m,
      cache_write_1h_token: write1h,
      output_token: usage.output_tokens,
      web_search_request: usage.server_tool_use?.web_search_requests ?? 0,
      request: 1,
    }),
  };
}

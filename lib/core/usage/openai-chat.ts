/**
 * OpenAI Chat Completions `usage`. Convention: prompt_tokens INCLUDES cached_tokens and input
 * audio tokens; completion_tokens INCLUDES reasoning_tokens and output audio tokens (reasoning is
 * billed at the output rate). Accepted/rejected prediction tokens are part of completion_tokens and
 * billed as output, so they need no handling.
 */
import { z } from "zod";
import { countSchema, compactQuantities, type NormalizedUsage } from "./quantities.ts";
import { remainder } from "./errors.ts";

export const openAiChatUsageSchema = z.object({
  prompt_tokens: countSchema,
  completion_tokens: countSchema,
  total_tokens: countSchema.optional(),
  prompt_tokens_details: z
    .object({ cached_tokens: countSchema.nullish(), audio_tokens: countSchema.nullish() })
    .nullish(),
  completion_tokens_details: z
    .object({
      reasoning_tokens: countSchema.nullish(),
      audio_tokens: countSchema.nullish(),
      accepted_prediction_tokens: countSchema.nullish(),
      rejected_prediction_tokens: countSchema.nullish(),
    })
    .nullish(),
});

export type OpenAiChatUsage = z.infer<typeof openAiChatUsageSchema>;

export function normalizeOpenAiChatUsage(usage: OpenAiChatUsage): NormalizedUsage {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const audioIn = usage.prompt_tokens_details?.audio_tokens ?? 0;
  const audioOut = usage.completion_tokens_details?.audio_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  // Cached tokens are treated as text: Chat Completions does not say how many of them were audio.
  const uncachedPrompt = remainder(usage.prompt_tokens, cached, "prompt_tokens", "cached_tokens");
  const textIn = remainder(uncachedPrompt, audioIn, "uncached prompt_tokens", "prompt audio_tokens");
  const textOut = remainder(usage.completion_tokens, audioOut, "completion_tokens", "completion audio_tokens");
  remainder(textOut, reasoning, "completion text tokens", "reasoning_tokens");
  return {
    quantities: compactQuantities({
      input_token: textIn,
      cached_input_token: cached,
      input_audio_token: audioIn,
      output_token: textOut,
      output_audio_token: audioOut,
      request: 1,
    }),
    reasoningTokens: reasoning,
  };
}

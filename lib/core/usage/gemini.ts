/**
 * Google Gemini `usageMetadata` (Gemini API and Vertex AI). Convention: promptTokenCount INCLUDES
 * cachedContentTokenCount; toolUsePromptTokenCount is NOT in promptTokenCount and is billed as
 * input; thoughtsTokenCount is NOT in candidatesTokenCount and is billed as output. Audio is priced
 * apart from text/image/video, so it is split out using the per-modality details.
 */
import { z } from "zod";
import { countSchema, compactQuantities, type NormalizedUsage } from "./quantities.ts";
import { remainder } from "./errors.ts";

const modalityCountsSchema = z
  .array(z.object({ modality: z.string(), tokenCount: countSchema.optional() }))
  .nullish();

export const geminiUsageMetadataSchema = z.object({
  promptTokenCount: countSchema.optional(),
  cachedContentTokenCount: countSchema.optional(),
  candidatesTokenCount: countSchema.optional(),
  thoughtsTokenCount: countSchema.optional(),
  toolUsePromptTokenCount: countSchema.optional(),
  totalTokenCount: countSchema.optional(),
  promptTokensDetails: modalityCountsSchema,
  cacheTokensDetails: modalityCountsSchema,
  candidatesTokensDetails: modalityCountsSchema,
});

export type GeminiUsageMetadata = z.infer<typeof geminiUsageMetadataSchema>;

function audioTokens(details: GeminiUsageMetadata["promptTokensDetails"]): number {
  return (details ?? []).filter((d) => d.modality === "AUDIO").reduce((n, d) => n + (d.tokenCount ?? 0), 0);
}

export function normalizeGeminiUsage(usage: GeminiUsageMetadata): NormalizedUsage {
  const prompt = usage.promptTokenCount ?? 0;
  const cached = usage.cachedContentTokenCount ?? 0;
  const candidates = usage.candidatesTokenCount ?? 0;
  const thoughts = usage.thoughtsTokenCount ?? 0;
  const promptAudio = audioTokens(usage.promptTokensDetails);
  const cachedAudio = audioTokens(usage.cacheTokensDetails);
  const outputAudio = audioTokens(usage.candidatesTokensDetails);

  const uncachedPrompt = remainder(prompt, cached, "promptTokenCount", "cachedContentTokenCount");
  const cachedOther = remainder(cached, cachedAudio, "cachedContentTokenCount", "cached AUDIO tokens");
  const uncachedAudio = remainder(promptAudio, cachedAudio, "prompt AUDIO tokens", "cached AUDIO tokens");
  const uncachedOther = remainder(uncachedPrompt, uncachedAudio, "uncached prompt tokens", "uncached AUDIO tokens");
  const textOut = remainder(candidates, outputAudio, "candidatesTokenCount", "candidates AUDIO tokens");
  return {
    quantities: compactQuantities({
      input_token: uncachedOther + (usage.toolUsePromptTokenCount ?? 0),
      cached_input_token: cachedOther,
      input_audio_token: uncachedAudio,
      cached_input_audio_token: cachedAudio,
      output_token: textOut + thoughts,
      output_audio_token: outputAudio,
      request: 1,
    }),
    reasoningTokens: thoughts,
  };
}

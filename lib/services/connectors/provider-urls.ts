/**
 * Where the app's server reaches each provider: its real API, unless the environment points a
 * provider elsewhere — the same variables the edge functions read, set only by tests and the local
 * stack's fakes.
 */
import "server-only";
import type { CostProvider } from "@/lib/connectors/credentials";

export function costProviderBaseUrl(provider: CostProvider): string | undefined {
  const name = { openai: "OPENAI_ADMIN_BASE_URL", anthropic: "ANTHROPIC_ADMIN_BASE_URL", twilio: "TWILIO_USAGE_BASE_URL", aws: "AWS_COST_EXPLORER_ENDPOINT" }[provider];
  return process.env[name] || undefined;
}

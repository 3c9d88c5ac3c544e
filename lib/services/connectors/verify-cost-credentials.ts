/**
 * Tries a cost connector's credentials before they are stored: yesterday's costs are asked for,
 * so a wrong key, a key without the admin permission or a wrong account is refused with the
 * provider's own words on the field to fix, and nothing is saved. Answers the day's figures.
 */
import "server-only";
import type { CostProvider } from "@/lib/connectors/credentials";
import { ProviderError, type DailyCost } from "@/lib/connectors/provider-costs";
import { fetchCosts } from "@/lib/connectors/sync/cost-fetchers";
import { InvalidError, UnavailableError } from "@/lib/services/errors";
import { costProviderBaseUrl } from "./provider-urls";

/** The field a refusal is shown on: the secret the provider rejected. */
const SECRET_FIELD: Record<CostProvider, string> = { openai: "admin_key", anthropic: "admin_key", twilio: "auth_token", aws: "secret_access_key" };

export async function verifyCostCredentials(provider: CostProvider, stored: string, now = new Date()): Promise<DailyCost[]> {
  const today = now.toISOString().slice(0, 10);
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  try {
    return await fetchCosts(provider, stored, { from: yesterday, to: today }, { baseUrl: costProviderBaseUrl(provider), timeoutMs: 15_000 });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (error.retryable) throw new UnavailableError(`${error.message} Try again in a minute.`);
    throw new InvalidError(error.message, { [SECRET_FIELD[provider]]: [error.message] });
  }
}

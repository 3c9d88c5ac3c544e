/** Each cost provider's client behind one signature: stored credentials and a window in, billed days out. */
import { fetchAnthropicCosts } from "../anthropic/anthropic-costs.ts";
import { fetchAwsCosts } from "../aws/aws-costs.ts";
import { decodeCostCredentials, type CostProvider } from "../credentials.ts";
import { fetchOpenAICosts } from "../openai/openai-costs.ts";
import type { DailyCost, DayWindow, ProviderOptions } from "../provider-costs.ts";
import { fetchTwilioCosts } from "../twilio/twilio-usage.ts";

export function fetchCosts(provider: CostProvider, stored: string, window: DayWindow, options: ProviderOptions): Promise<DailyCost[]> {
  switch (provider) {
    case "openai":
      return fetchOpenAICosts({ adminKey: decodeCostCredentials("openai", stored).admin_key }, window, options);
    case "anthropic":
      return fetchAnthropicCosts({ adminKey: decodeCostCredentials("anthropic", stored).admin_key }, window, options);
    case "twilio": {
      const { account_sid, auth_token } = decodeCostCredentials("twilio", stored);
      return fetchTwilioCosts({ accountSid: account_sid, authToken: auth_token }, window, options);
    }
    case "aws": {
      const { access_key_id, secret_access_key } = decodeCostCredentials("aws", stored);
      return fetchAwsCosts({ accessKeyId: access_key_id, secretAccessKey: secret_access_key }, window, options);
    }
  }
}

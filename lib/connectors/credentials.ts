/**
 * What each connector's credentials are, as stored (a string in Vault): Make keeps its API token
 * as is; the cost connectors keep a small JSON object, so a provider that needs two secrets (Twilio,
 * AWS) has one place for both. Parsed the same way where they are written (the app) and read (the
 * edge functions).
 */
import { z } from "zod";

export const COST_PROVIDERS = ["openai", "anthropic", "twilio", "aws"] as const;
export type CostProvider = (typeof COST_PROVIDERS)[number];

const secret = (what: string) => z.string().trim().min(8, `Paste the ${what}.`).max(500, `That is too long for a ${what}.`);

export const costCredentialsSchemas = {
  openai: z.object({ admin_key: secret("OpenAI admin key") }),
  anthropic: z.object({ admin_key: secret("Anthropic Admin API key") }),
  twilio: z.object({
    account_sid: z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, "The Account SID starts with AC and has 34 characters."),
    auth_token: secret("Auth Token"),
  }),
  aws: z.object({
    access_key_id: z.string().trim().regex(/^[A-Z0-9]{16,128}$/, "The access key id is upper-case letters and digits, e.g. AKIA…"),
    secret_access_key: secret("secret access key"),
  }),
} as const satisfies Record<CostProvider, z.ZodType>;

export type CostCredentials<P extends CostProvider> = z.output<(typeof costCredentialsSchemas)[P]>;

export function isCostProvider(provider: string): provider is CostProvider {
  return (COST_PROVIDERS as readonly string[]).includes(provider);
}

/** The stored form, parsed; a malformed store is a bug or tampering, and says so. */
export function decodeCostCredentials<P extends CostProvider>(provider: P, stored: string): CostCredentials<P> {
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    throw new Error(`The stored ${provider} credentials are not JSON: add the connector again.`);
  }
  return costCredentialsSchemas[provider].parse(value) as CostCredentials<P>;
}

/**
 * Connectors as the verbs accept and answer them. Credentials go in (an API token) and never come
 * out: the answers carry only what is not secret, and when the credentials were last set.
 */
import { z } from "zod";
import { costCredentialsSchemas, COST_PROVIDERS } from "@/lib/connectors/credentials";
import { MAKE_ZONES, type MakeSettings } from "@/lib/connectors/make/make-api";
import { uuidField } from "@/lib/services/organizations/schemas";

export const CONNECTOR_PROVIDERS = ["make", ...COST_PROVIDERS] as const;
export type ConnectorProvider = (typeof CONNECTOR_PROVIDERS)[number];

const connectorName = z.string().trim().min(1, "Give the connector a name.").max(100, "Use at most 100 characters.");

export const CreateMakeConnectorInput = z.strictObject({
  name: connectorName,
  zone: z.enum(MAKE_ZONES, { error: "Choose your Make zone: eu1, eu2, us1 or us2 (it is in your Make address, e.g. eu1.make.com)." }),
  team_id: z.coerce
    .number({ error: "Enter the team id: the number after /team/ in your Make address." })
    .int("Enter the team id: the number after /team/ in your Make address.")
    .positive("Enter the team id: the number after /team/ in your Make address."),
  api_token: z.string().trim().min(8, "Paste the API token from Make (Profile → API access).").max(500, "That is too long for a Make API token."),
});
export type CreateMakeConnectorInput = z.input<typeof CreateMakeConnectorInput>;

/** New credentials for a connector: `api_token` for Make, the provider's own fields for a cost connector. */
export const ReplaceConnectorTokenInput = z.object({
  connector_id: uuidField,
  api_token: z.string().optional(),
  admin_key: z.string().optional(),
  account_sid: z.string().optional(),
  auth_token: z.string().optional(),
  access_key_id: z.string().optional(),
  secret_access_key: z.string().optional(),
});
export type ReplaceConnectorTokenInput = z.input<typeof ReplaceConnectorTokenInput>;

/** A cost connector: its provider, a name, and that provider's credentials (lib/connectors/credentials.ts). */
export const CreateCostConnectorInput = z.discriminatedUnion("provider", [
  z.strictObject({ provider: z.literal("openai"), name: connectorName, ...costCredentialsSchemas.openai.shape }),
  z.strictObject({ provider: z.literal("anthropic"), name: connectorName, ...costCredentialsSchemas.anthropic.shape }),
  z.strictObject({ provider: z.literal("twilio"), name: connectorName, ...costCredentialsSchemas.twilio.shape }),
  z.strictObject({ provider: z.literal("aws"), name: connectorName, ...costCredentialsSchemas.aws.shape }),
], { error: "Choose OpenAI, Anthropic, Twilio or AWS." });
export type CreateCostConnectorInput = z.input<typeof CreateCostConnectorInput>;


type ConnectorBase = {
  id: string;
  name: string;
  status: "ok" | "error";
  last_error: string | null;
  last_used_at: string | null;
  credentials_set_at: string;
  created_at: string;
};

/** A cost connector's sync, for its status line. */
export type SyncState = { synced_through: string | null; last_synced_at: string | null; last_sync_error: string | null; sync_next_at: string | null };

/** A Make team's usage over the last 30 days, from its sync: totals and the scenarios that used most. */
export type MakeUsageSummary = { operations: string; credits: string; top: { line_item: string; operations: string }[] };

export type MakeConnector = ConnectorBase & { provider: "make"; settings: MakeSettings; sync: SyncState; usage: MakeUsageSummary };
export type CostConnector = ConnectorBase & { provider: (typeof COST_PROVIDERS)[number]; settings: null; sync: SyncState; usage: null };
export type Connector = MakeConnector | CostConnector;

/** What a Make team looks like to Spendguard: its scenarios, and which carry a spendguard tag line. */
export type MakeTeamSummary = {
  scenarios: number;
  tagged: { id: number; name: string; isActive: boolean; tags: string }[];
};

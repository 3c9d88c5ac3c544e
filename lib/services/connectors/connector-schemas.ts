/**
 * Connectors as the verbs accept and answer them. Credentials go in (an API token) and never come
 * out: the answers carry only what is not secret, and when the credentials were last set.
 */
import { z } from "zod";
import { MAKE_ZONES } from "@/lib/connectors/make/make-api";
import { uuidField } from "@/lib/services/organizations/schemas";

export const CONNECTOR_PROVIDERS = ["make"] as const;

export const CreateMakeConnectorInput = z.strictObject({
  name: z.string().trim().min(1, "Give the connector a name.").max(100, "Use at most 100 characters."),
  zone: z.enum(MAKE_ZONES, { error: "Choose your Make zone: eu1, eu2, us1 or us2 (it is in your Make address, e.g. eu1.make.com)." }),
  team_id: z.coerce
    .number({ error: "Enter the team id: the number after /team/ in your Make address." })
    .int("Enter the team id: the number after /team/ in your Make address.")
    .positive("Enter the team id: the number after /team/ in your Make address."),
  api_token: z.string().trim().min(8, "Paste the API token from Make (Profile → API access).").max(500, "That is too long for a Make API token."),
});
export type CreateMakeConnectorInput = z.input<typeof CreateMakeConnectorInput>;

export const ReplaceConnectorTokenInput = z.strictObject({
  connector_id: uuidField,
  api_token: CreateMakeConnectorInput.shape.api_token,
});
export type ReplaceConnectorTokenInput = z.input<typeof ReplaceConnectorTokenInput>;

export const MakeSettings = z.object({ zone: z.enum(MAKE_ZONES), team_id: z.number().int().positive() });
export type MakeSettings = z.output<typeof MakeSettings>;

export type Connector = {
  id: string;
  provider: (typeof CONNECTOR_PROVIDERS)[number];
  name: string;
  settings: MakeSettings;
  status: "ok" | "error";
  last_error: string | null;
  last_used_at: string | null;
  credentials_set_at: string;
  created_at: string;
};

/** What a Make team looks like to Spendguard: its scenarios, and which carry a spendguard tag line. */
export type MakeTeamSummary = {
  scenarios: number;
  tagged: { id: number; name: string; isActive: boolean; tags: string }[];
};

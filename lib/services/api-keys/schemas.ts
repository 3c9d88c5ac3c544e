/** zod schemas of what the API key verbs accept; actions extend them with `orgSlug`. */
import { z } from "zod";
import { nameField, uuidField } from "@/lib/services/organizations/schemas";
import { API_KEY_SCOPES } from "./scopes";

export const scopesField = z
  .array(z.enum(API_KEY_SCOPES, { error: "Choose from ingest, read, write and check." }), { error: "Choose at least one scope." })
  .min(1, "Choose at least one scope.")
  // Order and repeats carry no meaning; the database refuses repeats, so drop them here.
  .transform((scopes) => API_KEY_SCOPES.filter((scope) => scopes.includes(scope)));

export const CreateApiKeyInput = z.object({ name: nameField, scopes: scopesField });

/** The create form: one checkbox per scope (FormData keeps one value per name). */
export const CreateApiKeyForm = z
  .object({
    name: z.string().default(""),
    ...Object.fromEntries(API_KEY_SCOPES.map((scope) => [`scope_${scope}`, z.string().optional()])),
  })
  .transform((form) => ({
    name: form.name,
    scopes: API_KEY_SCOPES.filter((scope) => (form as Record<string, unknown>)[`scope_${scope}`] !== undefined),
  }));

export const ApiKeyIdInput = z.object({ apiKeyId: uuidField });

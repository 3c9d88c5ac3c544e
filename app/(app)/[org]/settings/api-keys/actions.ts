"use server";

import { orgAction } from "@/lib/actions/org-action";
import { createApiKey as create } from "@/lib/services/api-keys/create-api-key";
import { revokeApiKey as revoke } from "@/lib/services/api-keys/revoke-api-key";
import { ApiKeyIdInput, CreateApiKeyForm } from "@/lib/services/api-keys/schemas";

export const createApiKey = orgAction({ schema: CreateApiKeyForm, minimumRole: "admin", handler: create });

export const revokeApiKey = orgAction({ schema: ApiKeyIdInput, minimumRole: "admin", handler: revoke });

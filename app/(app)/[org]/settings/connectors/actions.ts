"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { checkMakeConnector as check } from "@/lib/services/connectors/check-make-connector";
import { CreateMakeConnectorInput, type CreateCostConnectorInput, ReplaceConnectorTokenInput } from "@/lib/services/connectors/connector-schemas";
import { createCostConnector as createCost } from "@/lib/services/connectors/create-cost-connector";
import { createMakeConnector as createMake } from "@/lib/services/connectors/create-make-connector";
import { deleteConnector as remove } from "@/lib/services/connectors/delete-connector";
import { replaceConnectorToken as replace } from "@/lib/services/connectors/replace-connector-token";
import { requestConnectorSync as requestSync } from "@/lib/services/connectors/request-connector-sync";

const ConnectorIdInput = z.object({ connectorId: z.string() });

/** The forms also carry orgSlug: the verbs' strict schemas are applied by the verbs themselves. */
export const createMakeConnector = orgAction({ schema: z.object(CreateMakeConnectorInput.shape), minimumRole: "admin", handler: createMake });

/** Each provider has its own fields; the verb's discriminated schema checks them. */
export const createCostConnector = orgAction({
  schema: z.looseObject({ provider: z.string() }),
  minimumRole: "admin",
  handler: (ctx, { orgSlug: _orgSlug, ...input }) => createCost(ctx, input as CreateCostConnectorInput),
});

export const replaceConnectorToken = orgAction({
  schema: ConnectorIdInput.extend(ReplaceConnectorTokenInput.omit({ connector_id: true }).shape),
  minimumRole: "admin",
  handler: (ctx, { connectorId, ...credentials }) => replace(ctx, { connector_id: connectorId, ...credentials }),
});

export const checkMakeConnector = orgAction({ schema: ConnectorIdInput, handler: (ctx, { connectorId }) => check(ctx, connectorId) });

export const syncConnectorNow = orgAction({ schema: ConnectorIdInput, minimumRole: "admin", handler: (ctx, { connectorId }) => requestSync(ctx, connectorId) });

export const deleteConnector = orgAction({ schema: ConnectorIdInput, minimumRole: "admin", handler: (ctx, { connectorId }) => remove(ctx, connectorId) });

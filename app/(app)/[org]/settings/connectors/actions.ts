"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { checkMakeConnector as check } from "@/lib/services/connectors/check-make-connector";
import { CreateMakeConnectorInput } from "@/lib/services/connectors/connector-schemas";
import { createMakeConnector as create } from "@/lib/services/connectors/create-make-connector";
import { deleteConnector as remove } from "@/lib/services/connectors/delete-connector";
import { replaceConnectorToken as replace } from "@/lib/services/connectors/replace-connector-token";

const ConnectorIdInput = z.object({ connectorId: z.string() });

/** The form also carries orgSlug: the verb's strict schema is applied by the verb itself. */
export const createMakeConnector = orgAction({ schema: z.object(CreateMakeConnectorInput.shape), minimumRole: "admin", handler: create });

export const replaceConnectorToken = orgAction({
  schema: ConnectorIdInput.extend({ api_token: z.string() }),
  minimumRole: "admin",
  handler: (ctx, { connectorId, api_token }) => replace(ctx, { connector_id: connectorId, api_token }),
});

export const checkMakeConnector = orgAction({ schema: ConnectorIdInput, handler: (ctx, { connectorId }) => check(ctx, connectorId) });

export const deleteConnector = orgAction({ schema: ConnectorIdInput, minimumRole: "admin", handler: (ctx, { connectorId }) => remove(ctx, connectorId) });

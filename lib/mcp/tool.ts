/**
 * One MCP tool: a name, a description written for a model, the API-key scope it needs, zod input
 * and output schemas (the SDK validates both and publishes them as JSON Schema), and `run`, which
 * calls the same service verb the REST route calls. `registerTool` wraps `run` once for every
 * tool: the scope check, the structured result (with its JSON as text for clients that read only
 * text), and every failure as a tool error that says what went wrong and what to do.
 */
import "server-only";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";
import type { ApiKeyScope } from "@/lib/services/api-keys/scopes";
import { ServiceError } from "@/lib/services/errors";

export type SpendguardTool<In extends z.ZodObject, Out extends z.ZodObject> = {
  name: string;
  title: string;
  description: string;
  scope: ApiKeyScope;
  input: In;
  output: Out;
  annotations?: ToolAnnotations;
  run: (principal: ApiKeyPrincipal, input: z.output<In>) => Promise<z.input<Out>>;
};

export function defineTool<In extends z.ZodObject, Out extends z.ZodObject>(tool: SpendguardTool<In, Out>): SpendguardTool<In, Out> {
  return tool;
}

/** What a failed call answers: the error's code, its message, and the next step. */
export type ToolFailure = { code: string; message: string; hint: string };

export function registerTool<In extends z.ZodObject, Out extends z.ZodObject>(
  server: McpServer,
  principal: ApiKeyPrincipal,
  tool: SpendguardTool<In, Out>,
): void {
  // Registered with the schemas' common type: the SDK's callback type cannot be resolved for a
  // generic schema. The SDK has already parsed the arguments with `tool.input` (an invalid call
  // never gets here), so they are its output type.
  server.registerTool<z.ZodObject, z.ZodObject>(
    tool.name,
    {
      title: tool.title,
      description: `${tool.description} Needs an API key with the "${tool.scope}" scope.`,
      inputSchema: tool.input,
      outputSchema: tool.output,
      annotations: tool.annotations,
    },
    async (args): Promise<CallToolResult> => {
      if (!principal.scopes.includes(tool.scope)) {
        return failure({
          code: "forbidden",
          message: `This API key lacks the "${tool.scope}" scope.`,
          hint: `Ask an admin for a key with the "${tool.scope}" scope (Settings → API keys) and use it for this tool.`,
        });
      }
      try {
        const result: Record<string, unknown> = tool.output.parse(await tool.run(principal, args as z.output<In>));
        return { structuredContent: result, content: [{ type: "text", text: JSON.stringify(result) }] };
      } catch (error) {
        if (error instanceof ServiceError) return failure(fromServiceError(error));
        const id = randomUUID();
        console.error(`[mcp] ${tool.name} failed unexpectedly (error ${id})`, error);
        return failure({ code: "internal_error", message: `Something went wrong on our side (error ${id}).`, hint: "Try again in a moment." });
      }
    },
  );
}

function fromServiceError(error: ServiceError): ToolFailure {
  const fields = error.fieldErrors ? Object.entries(error.fieldErrors).map(([field, messages]) => `${field}: ${messages?.join(" ")}`) : [];
  const message = fields.length > 0 ? `${error.message} (${fields.join("; ")})` : error.message;
  switch (error.code) {
    case "not_found":
      return { code: "not_found", message, hint: "Check the id: list the organization's budgets or alerts to find the right one." };
    case "forbidden":
      return { code: "forbidden", message, hint: "This key may not do that; ask an admin of the organization." };
    case "conflict":
      return { code: "conflict", message, hint: "Change the conflicting value and call the tool again." };
    case "unavailable":
      return { code: "unavailable", message, hint: "An outside service did not answer; call the tool again in a minute." };
    default:
      return { code: "invalid", message, hint: "Correct the arguments named above and call the tool again." };
  }
}

function failure(detail: ToolFailure): CallToolResult {
  return { isError: true, content: [{ type: "text", text: JSON.stringify({ error: detail }) }] };
}

/**
 * /api/mcp — Spendguard as a Model Context Protocol server (Streamable HTTP), for agents and
 * automation platforms to ask before they spend. Authenticated like /api/v1: `Authorization:
 * Bearer sg_…`, the key's organization is the only one it reaches and its scopes decide which
 * tools answer (lib/mcp). Stateless: each POST gets a fresh server and transport, answered as one
 * JSON response — no session to keep, so any instance can serve any request. GET (a server-sent
 * event stream) and DELETE (ending a session) have nothing to serve without sessions: 405.
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { authenticateRequest } from "@/lib/api/auth";
import { defaultLimiter } from "@/lib/api/rate-limit";
import { createSpendguardMcpServer } from "@/lib/mcp/server";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const auth = await authenticateRequest(request);
  if (!auth.ok) return rpcError(401, -32001, auth.message, { "www-authenticate": 'Bearer realm="spendguard"' });
  const limit = defaultLimiter.take(auth.apiKey.id);
  if (!limit.ok) {
    return rpcError(429, -32002, `Too many requests for this API key. Retry in ${limit.retryAfterSeconds} s.`, {
      "retry-after": String(limit.retryAfterSeconds),
    });
  }
  const server = createSpendguardMcpServer(auth.apiKey);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    await server.close();
  }
}

export function GET(): Response {
  return rpcError(405, -32000, "This server is stateless: send JSON-RPC messages with POST.", { allow: "POST" });
}

export const DELETE = GET;

/** A JSON-RPC error outside any request (no id), as MCP clients expect from the transport. */
function rpcError(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status, headers });
}

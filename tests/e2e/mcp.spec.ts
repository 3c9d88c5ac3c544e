/**
 * The MCP server as an agent reaches it: the real app under `next start`, a key made on the
 * settings page, and the MCP SDK's own client over HTTP — what the README tells people to put in
 * their MCP client's configuration.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./support.ts";
import { createKeyThroughSettings, createOrgThroughOnboarding, uniqueOrgName } from "./org-support.ts";

test("an agent with a read and check key sees spend and asks before spending, through /api/mcp", async ({ page, request, baseURL }) => {
  await signUp(page, uniqueEmail("mcp-agent"));
  const slug = await createOrgThroughOnboarding(page, uniqueOrgName("Agents Co"));
  const ingestKey = await createKeyThroughSettings(page, slug, ["ingest"], "Usage");
  const agentKey = await createKeyThroughSettings(page, slug, ["read", "check"], "Agent");
  const sent = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${ingestKey}` },
    data: { events: [{ id: "mcp-e2e-1", timestamp: new Date(Date.now() - 60_000).toISOString(), service: "openai", model: "gpt-4o", cost: "2.5", currency: "USD" }] },
  });
  expect(await sent.json()).toMatchObject({ accepted: 1 });

  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/api/mcp", baseURL), { requestInit: { headers: { authorization: `Bearer ${agentKey}` } } }));
  try {
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(9);
    const summary = (await client.callTool({ name: "spend_summary", arguments: { group_by: ["model"] } })) as CallToolResult;
    expect(summary.structuredContent).toMatchObject({ currency: "USD", totals: { cost: "2.5", events: 1 }, groups: [{ group: { model: "gpt-4o" }, cost: "2.5" }] });
    const check = (await client.callTool({ name: "check_spend", arguments: { estimated_cost: "1" } })) as CallToolResult;
    expect(check.structuredContent).toMatchObject({ decision: "allow", reason: "no_matching_budget" });
    // The key has no write scope: the tool says which it needs.
    const refused = (await client.callTool({ name: "create_budget", arguments: { name: "Nope", amount: "1", period: { kind: "monthly" } } })) as CallToolResult;
    expect(refused.isError).toBe(true);
    const [text] = refused.content as { type: "text"; text: string }[];
    expect(JSON.parse(text.text)).toMatchObject({ error: { code: "forbidden", message: 'This API key lacks the "write" scope.' } });
  } finally {
    await client.close();
  }
});

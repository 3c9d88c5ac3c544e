/**
 * A Next.js route module served over real HTTP on a loopback port, for clients that must speak
 * HTTP themselves (the MCP SDK's client transport): each request becomes a Web Request for the
 * module's handler, and its Response is written back as is.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (request: Request) => Promise<Response> | Response;
export type RouteModule = Partial<Record<"GET" | "POST" | "DELETE" | "PATCH" | "PUT", Handler>>;
export type RouteServer = { url: string; close(): Promise<void> };

export async function serveRoute(route: RouteModule, path: string): Promise<RouteServer> {
  const server = createServer(async (incoming, outgoing) => {
    const handler = route[(incoming.method ?? "GET") as keyof RouteModule];
    if (!handler) {
      outgoing.writeHead(405).end();
      return;
    }
    const response = await handler(await toRequest(incoming));
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function toRequest(incoming: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  return new Request(`http://${incoming.headers.host}${incoming.url}`, { method: incoming.method, headers, body });
}

/** GET /api/v1/openapi.json — the public description of the API (no key needed). */
import { openApiDocument } from "@/lib/api/openapi";

export function GET(request: Request): Response {
  const document = openApiDocument(new URL("/api/v1", request.url).toString());
  return Response.json(document, { headers: { "cache-control": "public, max-age=300" } });
}

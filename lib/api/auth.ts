/** The API key a request presents: `Authorization: Bearer sg_…`, or why there is none to use. */
import "server-only";
import { authenticateApiKey, type ApiKeyPrincipal } from "@/lib/services/api-keys/authenticate-api-key";

export type AuthResult = { ok: true; apiKey: ApiKeyPrincipal } | { ok: false; message: string };

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export async function authenticateRequest(request: Request): Promise<AuthResult> {
  const header = request.headers.get("authorization");
  if (!header) return { ok: false, message: "Send your API key as `Authorization: Bearer sg_…`." };
  const token = BEARER.exec(header)?.[1];
  if (!token?.startsWith("sg_")) {
    return { ok: false, message: "The Authorization header must be `Bearer ` followed by an API key starting with sg_." };
  }
  // Unknown and revoked keys get the same answer, so a leaked prefix or old key reveals nothing.
  const apiKey = await authenticateApiKey(token);
  return apiKey ? { ok: true, apiKey } : { ok: false, message: "This API key is not valid. It may have been revoked." };
}

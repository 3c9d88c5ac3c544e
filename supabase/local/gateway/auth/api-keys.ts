/**
 * The API gateway in front of GoTrue, as the CLI's Kong config does it: every auth route needs a
 * valid `apikey` (header or query), and the Authorization header GoTrue sees is rewritten — a
 * user's own bearer token passes through, otherwise the key's legacy JWT stands in for it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../http.ts";
import { apiKeyOf, jwtForKeyRole, roleOfApiKey } from "../keys.ts";

export type GatewayVerdict = { allowed: true; authorization: string | undefined } | { allowed: false };

/** What reaches GoTrue as Authorization when the client sent `apikey` (and maybe its own header). */
function forwardedAuthorization(req: IncomingMessage, apikey: string | undefined): string | undefined {
  const header = req.headers.authorization;
  if (header && !/^bearer sb_/i.test(header)) return header;
  const role = roleOfApiKey(apikey);
  if (role) return `Bearer ${jwtForKeyRole(role)}`;
  return apikey ? `Bearer ${apikey}` : header;
}

/**
 * Admits the request or answers 401 as Kong does. Routes open to browser redirects skip the key
 * check but still get the rewritten header.
 */
export function apiGateway(req: IncomingMessage, res: ServerResponse, requireKey: boolean): GatewayVerdict {
  const apikey = apiKeyOf(req);
  if (requireKey && !apikey) {
    sendJson(res, 401, { message: "No API key found in request", hint: "No `apikey` request header or url param was found." });
    return { allowed: false };
  }
  if (requireKey && !roleOfApiKey(apikey)) {
    sendJson(res, 401, { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." });
    return { allowed: false };
  }
  return { allowed: true, authorization: forwardedAuthorization(req, apikey) };
}

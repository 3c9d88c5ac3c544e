/**
 * POST /logout?scope=global|local|others: deletes the user's sessions (all, this one, or all but
 * this one). Access tokens of a deleted session are refused from then on (session_not_found).
 */
import { sendEmpty } from "../../http.ts";
import { requireUser } from "../authenticate.ts";
import { validationFailed } from "../errors.ts";
import type { Route } from "../service-context.ts";
import { logout as endSessions, type LogoutScope } from "../sessions.ts";

const scopes: LogoutScope[] = ["global", "local", "others"];

export const logout: Route = {
  method: "POST",
  path: "/logout",
  async handle(deps, { res, url, authorization }) {
    await deps.db.begin(async (tx) => {
      const { user, session } = await requireUser(tx, authorization);
      const requested = url.searchParams.get("scope") || "global";
      const scope = scopes.find((s) => s === requested);
      if (!scope) throw validationFailed(`Unsupported logout scope "${requested}"`);
      await endSessions(tx, user.id, session?.id ?? null, scope);
    });
    sendEmpty(res, 204);
  },
};

/**
 * GET /user and PUT /user: the signed-in user, and changes to their password, metadata or email.
 * A new password signs the user out of every other session; a new email takes effect only once
 * the emailed change link (or code) is verified.
 */
import { z } from "zod";
import { sendJson } from "../../http.ts";
import { requireUser } from "../authenticate.ts";
import { sendEmailChange } from "../email-flows.ts";
import { badRequest, forbidden, unprocessable } from "../errors.ts";
import { pkceParams } from "../flow-state.ts";
import { referrerOf } from "../redirects.ts";
import { jsonMap, readParams, text } from "../request.ts";
import type { Route } from "../service-context.ts";
import {
  findUserByEmail, findUserById, loadUserJson, passwordMatches, setPassword, updateAppMetadata, updateUserMetadata,
} from "../users.ts";
import { checkPasswordStrength, validateEmail } from "../validation.ts";

export const getUser: Route = {
  method: "GET",
  path: "/user",
  async handle(deps, { res, authorization }) {
    const user = await deps.db.begin(async (tx) => loadUserJson(tx, (await requireUser(tx, authorization)).user.id));
    sendJson(res, 200, user);
  },
};

const params = z.object({
  email: text,
  phone: text,
  // null and absent differ here: only a present password is changed (and checked).
  password: z.string().nullish(),
  data: jsonMap,
  app_metadata: jsonMap,
  code_challenge: text,
  code_challenge_method: text,
});

export const updateUser: Route = {
  method: "PUT",
  path: "/user",
  async handle(deps, { req, res, url, authorization }) {
    const redirectTo = referrerOf(deps.config, req, url);
    const result = await deps.db.begin(async (tx) => {
      // Authentication comes first, as GoTrue's middleware runs before the handler reads the body.
      const { claims, user, session } = await requireUser(tx, authorization);
      const body = await readParams(req, params);
      const email = body.email === "" ? "" : validateEmail(body.email);
      if (typeof body.password === "string") checkPasswordStrength(deps.config, body.password);
      if (body.app_metadata && claims.role !== "service_role") {
        throw forbidden("not_admin", "Updating app_metadata requires admin privileges");
      }
      if (body.phone !== "") throw badRequest("phone_provider_disabled", "Phone logins are disabled");
      const pkce = pkceParams(body.code_challenge, body.code_challenge_method);
      const changesEmail = email !== "" && email !== user.email;
      if (changesEmail && (await findUserByEmail(tx, email))) {
        throw unprocessable("email_exists", "A user with this email address has already been registered");
      }
      if (typeof body.password === "string") {
        if (await passwordMatches(tx, user, body.password)) {
          throw unprocessable("same_password", "New password should be different from the old password.");
        }
        await setPassword(tx, user, body.password, session?.id ?? null);
      }
      if (body.data) await updateUserMetadata(tx, user, body.data);
      if (body.app_metadata) await updateAppMetadata(tx, user, body.app_metadata);
      if (changesEmail) await sendEmailChange(tx, deps, (await findUserById(tx, user.id))!, email, redirectTo, pkce);
      return loadUserJson(tx, user.id);
    });
    sendJson(res, 200, result);
  },
};

/**
 * POST /resend: sends the signup confirmation or the email-change emails again (with new tokens;
 * the old ones stop working). Unknown addresses and nothing-to-resend both answer `{}`.
 */
import { z } from "zod";
import { sendJson } from "../../http.ts";
import { sendEmailChange, sendLinkEmail } from "../email-flows.ts";
import { badRequest, validationFailed } from "../errors.ts";
import { pkceParams } from "../flow-state.ts";
import { referrerOf } from "../redirects.ts";
import { readParams, text } from "../request.ts";
import type { Route } from "../service-context.ts";
import { findUserByEmail, isConfirmed } from "../users.ts";
import { validateEmail } from "../validation.ts";

const params = z.object({ type: text, email: text, phone: text, code_challenge: text, code_challenge_method: text });

export const resend: Route = {
  method: "POST",
  path: "/resend",
  async handle(deps, { req, res, url }) {
    const body = await readParams(req, params);
    if (!["signup", "email_change", "sms", "phone_change"].includes(body.type)) {
      throw validationFailed("Missing one of these types: signup, email_change, sms, phone_change");
    }
    if (body.type === "sms" || body.type === "phone_change") {
      if (body.phone === "") throw validationFailed("Type provided requires a phone number");
      throw badRequest("phone_provider_disabled", "Phone logins are disabled");
    }
    if (body.email === "") throw validationFailed("Type provided requires an email address");
    const email = validateEmail(body.email);
    const pkce = pkceParams(body.code_challenge, body.code_challenge_method);
    const redirectTo = referrerOf(deps.config, req, url);
    await deps.db.begin(async (tx) => {
      const user = await findUserByEmail(tx, email);
      if (!user) return;
      if (body.type === "signup" && !isConfirmed(user)) await sendLinkEmail(tx, deps, user, "signup", redirectTo, pkce);
      if (body.type === "email_change" && user.email_change) await sendEmailChange(tx, deps, user, user.email_change, redirectTo, pkce);
    });
    sendJson(res, 200, {});
  },
};

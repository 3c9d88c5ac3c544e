/**
 * POST /signup. With confirmations off (the CLI default) the user is confirmed at once and signed
 * in; with them on, a confirmation email goes out and the bare user is returned.
 */
import { z } from "zod";
import { sendJson } from "../../http.ts";
import { badRequest, unprocessable, validationFailed } from "../errors.ts";
import { createFlowState, pkceParams } from "../flow-state.ts";
import { issueEmailLink, sendEmail } from "../mailer.ts";
import { referrerOf } from "../redirects.ts";
import { jsonMap, readParams, text } from "../request.ts";
import type { Route } from "../service-context.ts";
import { issueSession } from "../sessions.ts";
import { confirmEmail, createUser, findUserByEmail, identitiesOf, isConfirmed, userJson } from "../users.ts";
import { checkPasswordStrength, validateEmail } from "../validation.ts";

const params = z.object({
  email: text,
  phone: text,
  password: text,
  data: jsonMap,
  code_challenge: text,
  code_challenge_method: text,
});

export const signup: Route = {
  method: "POST",
  path: "/signup",
  async handle(deps, { req, res, url }) {
    const { config } = deps;
    if (!config.enableSignup) throw unprocessable("signup_disabled", "Signups not allowed for this instance");
    const body = await readParams(req, params);
    if (body.email === "" && body.phone === "" && body.password === "") {
      throw unprocessable("anonymous_provider_disabled", "Anonymous sign-ins are disabled");
    }
    if (body.password === "") throw validationFailed("Signup requires a valid password");
    checkPasswordStrength(config, body.password);
    if (body.email !== "" && body.phone !== "") throw validationFailed("Only an email address or phone number should be provided on signup.");
    const pkce = pkceParams(body.code_challenge, body.code_challenge_method);
    if (body.email === "") throw badRequest("phone_provider_disabled", "Phone signups are disabled");
    if (!config.emailSignup) throw badRequest("email_provider_disabled", "Email signups are disabled");
    const email = validateEmail(body.email);
    const redirectTo = referrerOf(config, req, url);

    const result = await deps.db.begin(async (tx) => {
      let user = await findUserByEmail(tx, email);
      if (user && isConfirmed(user)) throw unprocessable("user_already_exists", "User already registered");
      // An unconfirmed existing user is not updated: GoTrue cannot be sure who is signing up.
      user ??= await createUser(tx, { email, password: body.password, userMetadata: body.data ?? {} });
      if (config.mailerAutoconfirm) {
        await confirmEmail(tx, user);
        return issueSession(tx, deps, (await findUserByEmail(tx, email))!, "password", req);
      }
      if (pkce) await createFlowState(tx, user.id, pkce, "email", "email/signup");
      const link = await issueEmailLink(tx, deps, user, "signup", redirectTo, pkce ? "pkce" : "implicit");
      await sendEmail(tx, deps, user, link, email);
      const sent = (await findUserByEmail(tx, email))!;
      return userJson(sent, await identitiesOf(tx, sent.id));
    });
    sendJson(res, 200, result);
  },
};

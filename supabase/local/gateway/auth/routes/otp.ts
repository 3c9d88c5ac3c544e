/**
 * POST /otp for email: the magic link (with its 6-digit code). An unknown address is signed up
 * first unless `create_user` is false; with confirmations off that user is confirmed at once and
 * gets the magic link, otherwise the confirmation email doubles as the sign-in link.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { sendJson } from "../../http.ts";
import { sendLinkEmail } from "../email-flows.ts";
import { badRequest, unprocessable, validationFailed } from "../errors.ts";
import { pkceParams } from "../flow-state.ts";
import { referrerOf } from "../redirects.ts";
import { flag, jsonMap, readParams, text } from "../request.ts";
import type { Route } from "../service-context.ts";
import { confirmEmail, createUser, findUserByEmail, isConfirmed } from "../users.ts";
import { validateEmail } from "../validation.ts";

const params = z.object({
  email: text,
  phone: text,
  data: jsonMap,
  create_user: flag,
  code_challenge: text,
  code_challenge_method: text,
});

export const otp: Route = {
  method: "POST",
  path: "/otp",
  async handle(deps, { req, res, url }) {
    const { config } = deps;
    const body = await readParams(req, params);
    if (body.email !== "" && body.phone !== "") throw validationFailed("Only an email address or phone number should be provided");
    const pkce = pkceParams(body.code_challenge, body.code_challenge_method);
    if (body.email === "" && body.phone === "") throw validationFailed("One of email or phone must be set");
    if (body.email === "") throw badRequest("phone_provider_disabled", "Unsupported phone provider");
    if (!config.emailSignup) throw badRequest("email_provider_disabled", "Email logins are disabled");
    const email = validateEmail(body.email);
    const redirectTo = referrerOf(config, req, url);

    await deps.db.begin(async (tx) => {
      let user = await findUserByEmail(tx, email);
      const mayCreate = (body.create_user ?? true) && config.enableSignup;
      if (!user && !mayCreate) throw unprocessable("otp_disabled", "Signups not allowed for otp");
      // GoTrue signs new users up with a random password nobody knows.
      user ??= await createUser(tx, { email, password: randomBytes(32).toString("base64url"), userMetadata: body.data ?? {} });
      if (!isConfirmed(user) && !config.mailerAutoconfirm) {
        await sendLinkEmail(tx, deps, user, "signup", redirectTo, pkce);
        return;
      }
      if (!isConfirmed(user)) {
        await confirmEmail(tx, user);
        user = (await findUserByEmail(tx, email))!;
      }
      await sendLinkEmail(tx, deps, user, "magiclink", redirectTo, pkce);
    });
    sendJson(res, 200, {});
  },
};

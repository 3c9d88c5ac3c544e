/**
 * POST /recover: the password-reset email. The answer is `{}` whether or not the address has an
 * account, so the endpoint cannot be used to find out who is registered.
 */
import { z } from "zod";
import { sendJson } from "../../http.ts";
import { sendLinkEmail } from "../email-flows.ts";
import { unprocessable } from "../errors.ts";
import { pkceParams } from "../flow-state.ts";
import { referrerOf } from "../redirects.ts";
import { readParams, text } from "../request.ts";
import type { Route } from "../service-context.ts";
import { findUserByEmail } from "../users.ts";
import { validateEmail } from "../validation.ts";

const params = z.object({ email: text, code_challenge: text, code_challenge_method: text });

export const recover: Route = {
  method: "POST",
  path: "/recover",
  async handle(deps, { req, res, url }) {
    const body = await readParams(req, params);
    if (body.email === "") throw unprocessable("validation_failed", "Password recovery requires an email");
    const email = validateEmail(body.email);
    const pkce = pkceParams(body.code_challenge, body.code_challenge_method);
    const redirectTo = referrerOf(deps.config, req, url);
    await deps.db.begin(async (tx) => {
      const user = await findUserByEmail(tx, email);
      if (user) await sendLinkEmail(tx, deps, user, "recovery", redirectTo, pkce);
    });
    sendJson(res, 200, {});
  },
};
